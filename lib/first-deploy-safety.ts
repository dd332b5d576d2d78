import { AspectPriority, Aspects, CfnDeletionPolicy, CfnResource, CrossStackReferences, IAspect, ReferenceStrength } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Turns every `DeletionPolicy: Retain` into `RetainExceptOnCreate` (UpdateReplacePolicy stays
 * `Retain`). A stack whose first create fails then deletes what it created, instead of leaving
 * fixed-name log groups, secrets, repositories and vaults behind that block the retry; on every
 * later update or deletion the resources are retained as before.
 * CloudFormation "DeletionPolicy attribute": RetainExceptOnCreate deletes a resource only when
 * the stack operation that created it rolls back.
 */
export class RetainExceptOnCreate implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof CfnResource && node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN) {
      node.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
    }
  }
}

/**
 * Resource types whose cross-stack references must be strong (Export/ImportValue): a consumer
 * left with the old value of one of these breaks (traffic blocked, data unreadable, pages lost),
 * and a weak `Fn::GetStackOutput` is re-read only when the consumer stack itself updates.
 * A strong reference instead makes CloudFormation refuse to replace the producer while it is
 * imported (docs/cross-stack-references.md).
 */
export const STRONG_REFERENCE_TYPES: readonly string[] = [
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SNS::Topic',
  'AWS::EFS::FileSystem',
  'AWS::EFS::AccessPoint',
  'AWS::ECR::Repository',
  'AWS::DocDB::DBCluster',
  'AWS::DocDB::DBSubnetGroup',
  'AWS::DocDB::DBClusterParameterGroup',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::CertificateManager::Certificate',
];

/** Makes references to the `STRONG_REFERENCE_TYPES` strong; others keep the app's default (weak). */
export class StrongReferencesToCriticalResources implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof CfnResource && STRONG_REFERENCE_TYPES.includes(node.cfnResourceType)) {
      CrossStackReferences.of(node).produce(ReferenceStrength.STRONG);
    }
  }
}

/** Applies both policies to every stack under `scope` (an environment's stage). */
export function applyFirstDeploySafety(scope: IConstruct): void {
  Aspects.of(scope).add(new RetainExceptOnCreate(), { priority: AspectPriority.MUTATING });
  Aspects.of(scope).add(new StrongReferencesToCriticalResources(), { priority: AspectPriority.MUTATING });
}
