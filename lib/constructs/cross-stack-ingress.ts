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
 * An ingress rule owned by the client's stack. `connections.allowFrom` would put the rule in the
 * data stack, making stateful stacks depend on stateless ones (a cycle, and a coupling we avoid).
 */
export function allowIngressFromClient(scope: Construct, id: string, props: IngressProps): ec2.CfnSecurityGroupIngress {
  return new ec2.CfnSecurityGroupIngress(scope, id, {
    groupId: props.target.securityGroupId,
    sourceSecurityGroupId: props.source.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    description: props.description,
  });
}
