import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on one construct. Every call names the rule and a reason a
 * reviewer can check; findings are never acknowledged on a whole stack or app.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

/** cdk-nag's id of the IAM4 finding for an AWS-managed service-role policy, e.g. `AWSLambdaBasicExecutionRole`. */
export function managedPolicyFinding(policyName: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policyName}]`;
}
