import { AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { acknowledgeControlTowerFindings } from './acknowledgements';

/**
 * The key-policy statement of Control Tower CT.KMS.PR.3: nobody creates a grant on the key unless
 * the grant is for an AWS resource or the caller is an AWS service (both `BoolIfExists`, as the
 * control requires), so the services that use the key (DocumentDB, EFS, Backup, Secrets Manager)
 * keep their grants while a principal cannot hand the key to another.
 */
export function denyGrantsExceptForAwsServices(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}

/** Adds the CT.KMS.PR.3 statement to the policy of every KMS key, including keys added later. */
export class RestrictKeyGrants implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof kms.Key) node.addToResourcePolicy(denyGrantsExceptForAwsServices());
  }
}

/** Acknowledges the accepted Control Tower findings (acknowledgements.ts) on every resource of an environment. */
export class AcknowledgeControlTowerFindings implements IAspect {
  constructor(private readonly config: EnvironmentConfig) {}

  public visit(node: IConstruct): void {
    acknowledgeControlTowerFindings(node, this.config);
  }
}

/** The Control Tower fixes on every stack of the app, and the acknowledgements of one environment on its stage. */
export function applyControlTowerFixes(app: IConstruct): void {
  Aspects.of(app).add(new RestrictKeyGrants(), { priority: AspectPriority.MUTATING });
}

export function applyControlTowerAcknowledgements(stage: IConstruct, config: EnvironmentConfig): void {
  Aspects.of(stage).add(new AcknowledgeControlTowerFindings(config), { priority: AspectPriority.READONLY });
}
