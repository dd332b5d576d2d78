import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface IngressProps {
  /** Security group being opened (e.g. the database's, in a stateful stack). */
  readonly target: ec2.ISecurityGroup;
  /** Clients allowed in (e.g. the backend's tasks). */
  readonly source: ec2.ISecurityGroup;
  readonly port: number;
  readonly description: string;
}

/**
 * An ingress rule owned by the client's stack, and the client's matching egress rule (clients with
 * closed egress reach only the ports they were allowed into). `connections.allowFrom` would put the rule in the
 * data stack, making stateful stacks depend on stateless ones (a cycle, and a coupling we avoid).
 */
export function allowIngressFromClient(scope: Construct, id: string, props: IngressProps): ec2.CfnSecurityGroupIngress {
  new ec2.CfnSecurityGroupEgress(scope, `${id}Egress`, {
    groupId: props.source.securityGroupId,
    destinationSecurityGroupId: props.target.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    description: props.description,
  });
  return new ec2.CfnSecurityGroupIngress(scope, id, {
    groupId: props.target.securityGroupId,
    sourceSecurityGroupId: props.source.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    description: props.description,
  });
}

/**
 * HTTPS out to anywhere: AWS APIs (ECR, S3 layers, Logs, Secrets Manager, CloudWatch) go through NAT
 * when no interface endpoint exists, so their addresses are not known in advance. DNS to the VPC
 * resolver is not filtered by security groups.
 */
export function allowHttpsOut(securityGroup: ec2.SecurityGroup, why: string): void {
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), why);
}
