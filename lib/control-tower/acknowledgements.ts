import { CfnResource, IResolvable, Reference, Stack, Tokenization, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { CONTROL_TOWER_PLUGIN } from './control-tower-checks';

/** One-year retention, the least CT.CLOUDWATCH.PR.2 accepts. */
export const CONTROL_TOWER_MIN_LOG_RETENTION_DAYS = 365;

/**
 * A Control Tower finding the platform accepts, on every resource `appliesTo` selects. Each entry
 * is the one place its rule is acknowledged for those resources; docs/control-tower.md lists them.
 */
export interface ControlTowerAcknowledgement {
  /** The control, e.g. `CT.S3.PR.10`. */
  readonly control: string;
  /** Which resources it covers, for the docs. */
  readonly resources: string;
  /** The rule misreads the template: the resource does meet the control. */
  readonly falsePositive: boolean;
  /** Why, in words a Control Tower administrator can check. */
  readonly reason: string;
  /** Selects the resources, given the environment's config. */
  readonly appliesTo: (resource: CfnResource, config: EnvironmentConfig) => boolean;
}

/** The stage-relative construct path of a resource (`Services/Edge/AccessLogs/Resource`). */
function stagePath(resource: IConstruct): string {
  return resource.node.path.split('/').slice(1).join('/');
}

/** The site canary's artifacts bucket, in the environment's region or the second canary region. */
const isCanaryArtifacts = (r: CfnResource) => r instanceof s3.CfnBucket && stagePath(r).endsWith('Canary/Artifacts/Resource');
/** The NAT instance of `network.natProvider: "instance"` (refused in production by validation). */
const isNatInstance = (r: CfnResource) => r instanceof ec2.CfnInstance && stagePath(r).endsWith('/NatInstance/Resource');

/** True when a value is (or contains only) a reference to a resource of another stack. */
function fromOtherStack(resource: CfnResource, value: unknown): boolean {
  const tokensOf = (v: unknown): IResolvable[] =>
    Array.isArray(v) ? v.flatMap(tokensOf) : typeof v === 'string' ? Tokenization.reverseString(v).tokens : Tokenization.isResolvable(v) ? [v] : [];
  const tokens = tokensOf(value);
  return tokens.length > 0 && tokens.every((t) => t instanceof Reference && Stack.of(t.target) !== Stack.of(resource));
}

/** A property as it will be in the template (tokens of the same stack resolved). */
function resolved(resource: CfnResource, value: unknown): unknown {
  return Stack.of(resource).resolve(value);
}

export const CONTROL_TOWER_ACKNOWLEDGEMENTS: readonly ControlTowerAcknowledgement[] = [
  {
    control: 'CT.CLOUDWATCH.PR.1',
    resources: 'alarms that are inputs of a composite alarm (the alarm factory marks them "[INPUT, never notifies]")',
    falsePositive: false,
    reason:
      'Input of a composite alarm that carries the notification actions; an action here would page on a state the composite alarm exists to filter (e.g. a new environment with no backup yet).',
    appliesTo: (r) =>
      r instanceof cloudwatch.CfnAlarm &&
      ((resolved(r, r.alarmActions) as unknown[] | undefined) ?? []).length === 0 &&
      JSON.stringify(resolved(r, r.alarmDescription) ?? '').startsWith('"[INPUT, never notifies]'),
  },
  {
    control: 'CT.CLOUDWATCH.PR.2',
    resources: 'log groups kept less than a year because the environment config says so (`logRetentionDays`, `network.flowLogRetentionDays`; staging: 30 and 14 days)',
    falsePositive: false,
    reason:
      'Retention below a year chosen in this environment config (logRetentionDays, network.flowLogRetentionDays) to save storage; the built-in production keeps a year. Set both to 365 where this control is enforced.',
    appliesTo: (r, config) =>
      r instanceof logs.CfnLogGroup &&
      typeof r.retentionInDays === 'number' &&
      r.retentionInDays < CONTROL_TOWER_MIN_LOG_RETENTION_DAYS &&
      (r.retentionInDays === config.logRetentionDays || r.retentionInDays === config.network.flowLogRetentionDays),
  },
  {
    control: 'CT.CLOUDWATCH.PR.3',
    resources: 'log groups encrypted with the logs key of the Security stack',
    falsePositive: true,
    reason:
      'Encrypted with the environment logs key (KMS); the key ARN comes from the Security stack as a cross-stack import, which the rule does not resolve, so it reads the key as missing.',
    appliesTo: (r) => r instanceof logs.CfnLogGroup && fromOtherStack(r, r.kmsKeyId),
  },
  {
    control: 'CT.ECS.PR.2',
    resources: 'ECS clusters with Container Insights `enhanced`',
    falsePositive: true,
    reason: 'Container Insights is on, with enhanced observability; the rule accepts only the value "enabled", not "enhanced", which includes everything "enabled" collects.',
    appliesTo: (r) =>
      r instanceof ecs.CfnCluster &&
      Array.isArray(r.clusterSettings) &&
      r.clusterSettings.some(
        (s) => (s as ecs.CfnCluster.ClusterSettingsProperty).name === 'containerInsights' && (s as ecs.CfnCluster.ClusterSettingsProperty).value === 'enhanced',
      ),
  },
  {
    control: 'CT.ELASTICFILESYSYSTEM.PR.2',
    resources: 'the uploads file system (Data stack)',
    falsePositive: true,
    reason:
      "Backed up: the AWS Backup plan of the environment's Backup stack selects this file system by ARN; the rule only sees a backup policy on the file system or a selection in the same template.",
    appliesTo: (r) => r instanceof efs.CfnFileSystem && stagePath(r) === 'Data/Uploads/FileSystem/Resource',
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: 'functions in the VPC whose subnets come from the Network stack',
    falsePositive: true,
    reason: "In the environment's VPC: its private subnets come from the Network stack as cross-stack imports, which the rule does not resolve, so it reads them as missing.",
    appliesTo: (r) => r instanceof lambda.CfnFunction && fromOtherStack(r, (r.vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined)?.subnetIds),
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: 'functions outside the VPC (they call only AWS APIs)',
    falsePositive: false,
    reason:
      'Calls only AWS service APIs (IAM-authorized, over TLS) and no resource inside the VPC; in the VPC it would need NAT or interface endpoints and gain no isolation. Functions that reach the database or cache run in the VPC.',
    appliesTo: (r) => r instanceof lambda.CfnFunction && r.vpcConfig === undefined,
  },
  {
    control: 'CT.LAMBDA.PR.3',
    resources: "the CDK's own custom-resource handlers (e.g. the one that removes the default security group's rules)",
    falsePositive: false,
    reason:
      'A handler the CDK adds for a deployment-time call to an AWS API (here: revoking the default security group rules); it has no VPC setting and reaches nothing in the VPC.',
    appliesTo: (r) => r.cfnResourceType === 'AWS::Lambda::Function' && !(r instanceof lambda.CfnFunction),
  },
  {
    control: 'CT.S3.PR.2',
    resources: "the load balancer's access-log bucket",
    falsePositive: false,
    reason: 'This bucket receives the load balancer access logs; server access logging for it would need another log bucket, itself unlogged.',
    appliesTo: (r) => r instanceof s3.CfnBucket && stagePath(r) === 'Services/Edge/AccessLogs/Resource',
  },
  {
    control: 'CT.S3.PR.9',
    resources: "the load balancer's access-log bucket when `accessLogObjectLock` is false",
    falsePositive: false,
    reason: 'Object Lock turned off by this environment config (accessLogObjectLock, default on in production): once on it cannot be turned off on the bucket.',
    appliesTo: (r) => r instanceof s3.CfnBucket && stagePath(r) === 'Services/Edge/AccessLogs/Resource' && r.objectLockEnabled !== true,
  },
  {
    control: 'CT.S3.PR.10',
    resources: "the load balancer's access-log bucket",
    falsePositive: false,
    reason:
      'Application Load Balancer access logs can only be written to a bucket encrypted with SSE-S3 (Enable access logs for your Application Load Balancer); SSE-KMS would stop log delivery.',
    appliesTo: (r) => r instanceof s3.CfnBucket && stagePath(r) === 'Services/Edge/AccessLogs/Resource',
  },
  {
    control: 'CT.S3.PR.2',
    resources: "the site canary's artifacts bucket",
    falsePositive: false,
    reason:
      "Holds only the canary's screenshots and HAR files of the public site, written by the canary and expiring after 31 days; server access logs would need another, itself unlogged, bucket to record reads of public pages.",
    appliesTo: (r) => isCanaryArtifacts(r),
  },
  {
    control: 'CT.S3.PR.9',
    resources: "the site canary's artifacts bucket",
    falsePositive: false,
    reason: 'Diagnostic artifacts of public pages that expire after 31 days by lifecycle; Object Lock would keep them past that and cannot be turned off again.',
    appliesTo: (r) => isCanaryArtifacts(r),
  },
  {
    control: 'CT.S3.PR.10',
    resources: "the site canary's artifacts bucket",
    falsePositive: false,
    reason:
      'Encrypted with S3-managed keys (SSE-S3): the artifacts are screenshots of pages anyone can load, so a customer-managed key would add cost (and a key policy the canary must use) without protecting anything confidential.',
    appliesTo: (r) => isCanaryArtifacts(r),
  },
  {
    control: 'CT.EC2.PR.8',
    resources: 'the NAT instance of a non-production environment (`network.natProvider: "instance"`, refused in production)',
    falsePositive: false,
    reason:
      "A NAT instance needs a public IP address to forward the private subnets' traffic to the internet; its security group admits only traffic from inside the VPC and nothing listens on it.",
    appliesTo: (r) => isNatInstance(r),
  },
  {
    control: 'CT.EC2.PR.13',
    resources: 'the NAT instance of a non-production environment',
    falsePositive: false,
    reason: 'Basic (5-minute) monitoring is enough for a staging NAT instance; detailed monitoring would add about $2 a month to an environment kept under $150.',
    appliesTo: (r) => isNatInstance(r),
  },
  {
    control: 'CT.EC2.PR.19',
    resources: 'the NAT instance of a non-production environment',
    falsePositive: false,
    reason:
      'A t4g.nano forwards traffic that is already TLS end to end (HTTPS to AWS APIs and image registries); instance types with in-transit encryption between instances start at several times its price.',
    appliesTo: (r) => isNatInstance(r),
  },
];

/** The acknowledgement id of a control: `ControlTower::CT.S3.PR.10`. */
export function controlTowerAcknowledgementId(control: string): string {
  return `${CONTROL_TOWER_PLUGIN}::${control}`;
}

/** Acknowledges, on each resource under `scope`, every entry that applies to it. Call once construction is complete (from an aspect). */
export function acknowledgeControlTowerFindings(resource: IConstruct, config: EnvironmentConfig, acknowledgements = CONTROL_TOWER_ACKNOWLEDGEMENTS): void {
  if (!CfnResource.isCfnResource(resource)) return;
  for (const ack of acknowledgements) {
    if (ack.appliesTo(resource, config)) Validations.of(resource).acknowledge({ id: controlTowerAcknowledgementId(ack.control), reason: ack.reason });
  }
}
