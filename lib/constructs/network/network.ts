import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SUBNET_PLAN } from '../../config/network-plan';
import { acknowledge } from '../../nag';
import { encryptedLogGroup } from '../shared/encrypted-log-group';

export interface NetworkProps {
  readonly cidr: string;
  /** Explicit AZs: synth never looks them up. */
  readonly availabilityZones: readonly string[];
  readonly natGateways: number;
  readonly flowLogRetentionDays: number;
  readonly logsKey: kms.IKey;
  /** Interface endpoints for ECR, CloudWatch Logs and Secrets Manager. @default false */
  readonly interfaceEndpoints?: boolean;
  /** Managed NAT gateways, or NAT instances where a single small instance is enough (docs/cost.md). @default 'gateway' */
  readonly natProvider?: 'gateway' | 'instance';
}

/** A Graviton NAT instance: the smallest type, for an environment whose bulk (image layers) goes through the S3 endpoint. */
export const NAT_INSTANCE_TYPE = 't4g.nano';

/** Subnet group names, shared with the stacks that place resources in them. */
export const SUBNETS = {
  public: 'Public',
  private: 'Private',
  isolated: 'Isolated',
} as const satisfies Record<string, (typeof SUBNET_PLAN)[number]['name']>;

/**
 * VPC with public (ALB, NAT), private-with-egress (ECS tasks, Lambdas) and isolated (data tier)
 * subnets in each AZ, flow logs of all traffic, and endpoints that keep AWS API traffic off NAT.
 */
export class Network extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Security group of the interface endpoints; open to the VPC CIDR on 443. */
  public readonly endpointSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natInstances = props.natProvider === 'instance' ? natInstanceProvider() : undefined;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      natGatewayProvider: natInstances,
      // The plan config validation sizes `cidr` against.
      subnetConfiguration: SUBNET_PLAN.map((s) => ({
        ...s,
        ...(s.subnetType === ec2.SubnetType.PUBLIC ? { mapPublicIpOnLaunch: false } : {}),
      })),
      restrictDefaultSecurityGroup: true,
    });

    if (natInstances) hardenNatInstances(natInstances, this.vpc);

    const flowLogGroup = encryptedLogGroup(this, 'FlowLogGroup', {
      encryptionKey: props.logsKey,
      retentionDays: props.flowLogRetentionDays,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // Gateway endpoint: free, and ECR image layers come from S3.
    const { account, region, partition } = Stack.of(this);
    const s3Endpoint = this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    for (const statement of endpointStatements(account)) s3Endpoint.addToPolicy(statement);
    // ECR serves image layers from an AWS-owned bucket ("Amazon ECR interface VPC endpoints",
    // minimum S3 gateway endpoint policy), outside this account.
    s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EcrImageLayers',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [`arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`],
        conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
      }),
    );

    if (props.interfaceEndpoints ?? false) {
      this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'Interface endpoints: HTTPS from inside the VPC',
        allowAllOutbound: false,
      });
      this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS from the VPC');
      acknowledge(this.endpointSecurityGroup, 'AwsSolutions-EC23', "Ingress is HTTPS from this VPC's CIDR only; the rule cannot resolve the CIDR token and assumes 0.0.0.0/0.");
      const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
        EcrApiEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR,
        EcrDockerEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        LogsEndpoint: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        SecretsManagerEndpoint: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      };
      for (const [endpointId, service] of Object.entries(endpoints)) {
        const endpoint = this.vpc.addInterfaceEndpoint(endpointId, {
          service,
          privateDnsEnabled: true,
          securityGroups: [this.endpointSecurityGroup],
          subnets: { subnetGroupName: SUBNETS.private },
        });
        for (const statement of endpointStatements(account)) endpoint.addToPolicy(statement);
      }
    }
  }
}

/**
 * NAT instances from aws-cdk-lib (`NatProvider.instanceV2`: Amazon Linux 2023 with the forwarding
 * set up by its user data), with a public IP to reach the internet, and no inbound rule until the
 * VPC exists (the default would open every port to 0.0.0.0/0).
 */
function natInstanceProvider(): ec2.NatInstanceProviderV2 {
  return ec2.NatProvider.instanceV2({
    instanceType: new ec2.InstanceType(NAT_INSTANCE_TYPE),
    associatePublicIpAddress: true,
    defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
  });
}

/** Inbound from the VPC only, an encrypted root volume, and the findings a lone staging instance accepts. */
function hardenNatInstances(provider: ec2.NatInstanceProviderV2, vpc: ec2.Vpc): void {
  provider.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.allTraffic(), 'Traffic to forward, from inside the VPC');
  acknowledge(provider.securityGroup, 'AwsSolutions-EC23', "Ingress is this VPC's CIDR only (traffic the instance forwards); the rule cannot resolve the CIDR token.");
  for (const instance of provider.gatewayInstances) {
    const cfn = instance.node.defaultChild as ec2.CfnInstance;
    cfn.blockDeviceMappings = [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } }];
    acknowledge(
      instance,
      'AwsSolutions-EC28',
      'A NAT instance of a non-production environment: basic monitoring (5-minute metrics) is enough; the health check notices lost egress within minutes.',
    );
    acknowledge(instance, 'AwsSolutions-EC29', 'Stateless and replaced by CloudFormation from the template; losing it costs egress for minutes, no data.');
  }
}

/**
 * Endpoint policy: this account's principals reaching this account's resources ("Control access to
 * VPC endpoints using endpoint policies"; aws:PrincipalAccount and aws:ResourceAccount take no
 * wildcards). ecr:GetAuthorizationToken names no resource, so it is allowed on the principal alone.
 */
export function endpointStatements(account: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ThisAccountOnly',
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
    }),
    new iam.PolicyStatement({
      sid: 'EcrAuthorizationToken',
      principals: [new iam.AnyPrincipal()],
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
    }),
  ];
}
