import { Pricer, PricerResult } from './context';

/** NAT gateways, public IPv4 addresses, interface endpoints, load balancers and WAF. */
export const NETWORK_PRICERS: Record<string, Pricer> = {
  'AWS::EC2::NatGateway': ({ hours, assumptions }) => [
    { line: 'NAT gateway hours', quantity: hours, priceKeys: ['nat.hour'] },
    { line: 'NAT gateway data processed', quantity: assumptions.number('natProcessedGbPerGateway'), priceKeys: ['nat.gb'] },
  ],
  // VPC pricing: every public IPv4 address is billed by the hour, attached or not.
  'AWS::EC2::EIP': ({ hours }) => [{ line: 'Public IPv4 addresses (Elastic IPs)', quantity: hours, priceKeys: ['ipv4.hour'] }],
  // NAT instances: on-demand Linux hours, the root gp3 volume, and the public IPv4 address it holds.
  'AWS::EC2::Instance': ({ props, hours, assumptions }) => {
    const type = props.InstanceType ?? 'm1.small';
    const volumes: any[] = props.BlockDeviceMappings ?? [];
    const ebs = volumes.filter((v) => v.Ebs !== undefined);
    if (ebs.some((v) => (v.Ebs.VolumeType ?? 'gp3') !== 'gp3')) return [{ unpriced: 'EBS volume types other than gp3 are not priced' }];
    const gb = ebs.length === 0 ? assumptions.number('ec2RootVolumeGb') : ebs.reduce((n, v) => n + (v.Ebs.VolumeSize ?? assumptions.number('ec2RootVolumeGb')), 0);
    const publicIps = (props.NetworkInterfaces ?? []).filter((n: any) => n.AssociatePublicIpAddress === true || n.AssociatePublicIpAddress === 'true').length;
    return [
      { line: `EC2 ${type} instance hours`, quantity: hours, priceKeys: [`ec2.instance-hour:${type}`] },
      { line: 'EBS gp3 storage', quantity: gb, priceKeys: ['ebs.gp3-gb-month'] },
      ...(publicIps > 0 ? [{ line: 'Public IPv4 addresses (instances)', quantity: publicIps * hours, priceKeys: ['ipv4.hour'] }] : []),
    ];
  },
  'AWS::EC2::VPCEndpoint': ({ props, hours, assumptions }) => {
    // Gateway endpoints (S3, DynamoDB) are free; CloudFormation's default type is Gateway.
    if ((props.VpcEndpointType ?? 'Gateway') === 'Gateway') return [];
    if (props.VpcEndpointType !== 'Interface') return [{ unpriced: `endpoint type ${props.VpcEndpointType} has no price` }];
    const azs = Array.isArray(props.SubnetIds) ? props.SubnetIds.length : 0;
    if (azs === 0) return [{ unpriced: 'interface endpoint without SubnetIds: number of AZs unknown' }];
    return [
      { line: 'Interface endpoint hours (per AZ)', quantity: azs * hours, priceKeys: ['endpoint.az-hour'] },
      { line: 'Interface endpoint data processed', quantity: assumptions.number('endpointProcessedGbPerEndpoint'), priceKeys: ['endpoint.gb'] },
    ];
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ({ props, hours, assumptions }) => {
    const type = props.Type ?? 'application';
    if (type !== 'application') return [{ unpriced: `load balancer type ${type} has no price (only application)` }];
    const out: PricerResult[] = [
      { line: 'Application load balancer hours', quantity: hours, priceKeys: ['alb.hour'] },
      { line: 'Application load balancer LCUs', quantity: assumptions.number('albAverageLcu') * hours, priceKeys: ['alb.lcu-hour'] },
    ];
    // An internet-facing ALB holds a public IPv4 address in each of its subnets' AZs.
    if (props.Scheme === 'internet-facing' && (props.IpAddressType ?? 'ipv4') !== 'dualstack-without-public-ipv4') {
      const azs = Array.isArray(props.Subnets) ? props.Subnets.length : Array.isArray(props.SubnetMappings) ? props.SubnetMappings.length : 0;
      if (azs === 0) out.push({ unpriced: 'internet-facing load balancer without Subnets: public IPv4 count unknown' });
      else out.push({ line: 'Public IPv4 addresses (load balancer, per AZ)', quantity: azs * hours, priceKeys: ['ipv4.hour'] });
    }
    return out;
  },
  'AWS::WAFv2::WebACL': ({ props, assumptions }) => {
    const rules: any[] = props.Rules ?? [];
    const out: PricerResult[] = [
      { line: 'WAF web ACLs', quantity: 1, priceKeys: ['waf.acl-month'] },
      // Each rule, managed rule groups included, is billed as one rule.
      { line: 'WAF rules', quantity: rules.length, priceKeys: ['waf.rule-month'] },
      { line: 'WAF requests (million)', quantity: assumptions.number('wafMillionRequests'), priceKeys: ['waf.million-requests'] },
    ];
    // Bot Control, account takeover and account creation fraud prevention add fees per request.
    for (const rule of rules) {
      const name: string | undefined = rule.Statement?.ManagedRuleGroupStatement?.Name;
      if (name && /BotControl|ATP|ACFP|AntiDDoS/.test(name)) out.push({ unpriced: `managed rule group ${name} carries extra fees that are not priced` });
    }
    return out;
  },
};
