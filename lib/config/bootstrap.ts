import { RegionInfo } from 'aws-cdk-lib/region-info';
import { EnvironmentConfig } from './schema';

/**
 * The roles `cdk bootstrap` creates that the CLI assumes (the CloudFormation execution role is
 * passed to CloudFormation, never assumed by us).
 * See "Bootstrapping your environment for use with the AWS CDK", IAM roles created during bootstrapping.
 */
export const CDK_BOOTSTRAP_ROLES = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'] as const;
export type CdkBootstrapRole = (typeof CDK_BOOTSTRAP_ROLES)[number];

/** Name of the customer managed policy the CloudFormation execution role gets (`--cloudformation-execution-policies`). */
export const EXECUTION_POLICY_NAME = 'flashcard-lms-cdk-execution';
/** Name of the customer managed policy `--custom-permissions-boundary` attaches to the execution role. */
export const PERMISSIONS_BOUNDARY_NAME = 'flashcard-lms-cdk-boundary';

/** Every region an environment deploys a stack into: its own, then the backup copy region. */
export function environmentRegions(env: Pick<EnvironmentConfig, 'region' | 'backup'>): string[] {
  return [...new Set([env.region, ...(env.backup.copyToRegion === null ? [] : [env.backup.copyToRegion])])];
}

/** A literal partition (from the region), so ARNs stay plain strings. */
export function partitionOf(region: string): string {
  return RegionInfo.get(region).partition ?? 'aws';
}

/** ARN of one bootstrap role; the name is `cdk-<qualifier>-<role>-<account>-<region>`. */
export function bootstrapRoleArn(qualifier: string, role: CdkBootstrapRole, account: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/cdk-${qualifier}-${role}-${account}-${region}`;
}

/** SSM parameter holding the bootstrap stack's version, which the CLI reads before deploying or diffing. */
export function bootstrapVersionParameterArn(qualifier: string, account: string, region: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${account}:parameter/cdk-bootstrap/${qualifier}/version`;
}

export interface BootstrapTarget {
  readonly account: string;
  readonly region: string;
  /** Environments deploying into this account and region. */
  readonly environments: readonly string[];
}

/** Every (account, region) the environments deploy into, each once, in config order. */
export function bootstrapTargets(environments: readonly EnvironmentConfig[]): BootstrapTarget[] {
  const targets = new Map<string, { account: string; region: string; environments: string[] }>();
  for (const env of environments) {
    for (const region of environmentRegions(env)) {
      const key = `${env.account}/${region}`;
      const target = targets.get(key) ?? { account: env.account, region, environments: [] };
      target.environments.push(env.name);
      targets.set(key, target);
    }
  }
  return [...targets.values()];
}
