import { PropertyReader } from '../shared/properties';
import { parseCommand } from './command';
import { DOCDB_CLUSTER_ID, DOCDB_CLUSTER_ID_RULE, ENV_NAME, ENV_NAME_RULE, IMAGE_TAG, MIGRATION_NAMESPACE } from '../../lib/contracts';

export { IMAGE_TAG };

/** Everything a migration run needs; the custom resource's properties, validated. */
export interface MigrationSettings {
  readonly envName: string;
  /** DocumentDB cluster identifier. */
  readonly clusterId: string;
  /** Backend image tag; a change of it is what triggers a run on Update. */
  readonly imageTag: string;
  readonly ecsCluster: string;
  /** Migration task definition (backend image). */
  readonly taskDefinitionArn: string;
  /** Family of the task definition, to find migration tasks of any revision. */
  readonly taskFamily: string;
  readonly containerName: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly migrateCommand: readonly string[];
  readonly verifyCommand: readonly string[];
  readonly logGroupName: string;
  /** awslogs stream prefix of the task definition; streams are `<prefix>/<container>/<taskId>`. */
  readonly logStreamPrefix: string;
  readonly snapshotRetentionDays: number;
  /** Newest pre-migration snapshots always kept, whatever their age. */
  readonly snapshotsToKeep: number;
  readonly notifyTopicArn: string;
  readonly metricNamespace: string;
  /** A run still unfinished after this long fails (must be below the Provider's totalTimeout). */
  readonly timeoutMinutes: number;
  /** Region of the task definition, for console links. */
  readonly region: string;
}

export const DEFAULT_MIGRATE_COMMAND = 'python -m app.migrations.run_migrations';
export const DEFAULT_VERIFY_COMMAND = 'python -m app.migrations.verify_migrations';
export const DEFAULT_METRIC_NAMESPACE = MIGRATION_NAMESPACE;
export const DEFAULT_TIMEOUT_MINUTES = 110;

const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):\d{12}:task-definition\/([A-Za-z0-9_-]{1,255}):\d+$/;
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
// EC2 ids carry 8 (before 2016) or 17 hex characters after the prefix, never a length between
// (EC2 User Guide, "Resource IDs").
const SUBNET = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const LOG_GROUP = /^[A-Za-z0-9_/.#-]{1,512}$/;
const LOG_PREFIX = /^[A-Za-z0-9_.#-]{1,128}$/;
const NAMESPACE = /^[A-Za-z0-9_./#:-]{1,255}$/;

/** Validates the migration settings (the `MIGRATION_SETTINGS` JSON of the functions' environment; the stack output of the same name). */
export function parseMigrationSettings(raw: Readonly<Record<string, unknown>> | undefined): MigrationSettings {
  const r = new PropertyReader(raw ?? {}, 'DatabaseMigration');
  const taskDefinitionArn = r.matching(
    'TaskDefinitionArn',
    TASK_DEFINITION_ARN,
    'a task definition ARN with revision (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)',
  );
  const arnParts = TASK_DEFINITION_ARN.exec(taskDefinitionArn);
  const command = (name: string, fallback: string): string[] => {
    const text = r.optional(name, fallback);
    const parsed = parseCommand(text);
    if ('problem' in parsed) {
      r.problem(name, text, parsed.problem);
      return [];
    }
    return parsed.argv;
  };
  const settings: MigrationSettings = {
    envName: r.matching('EnvName', ENV_NAME, ENV_NAME_RULE),
    clusterId: r.matching('ClusterId', DOCDB_CLUSTER_ID, `a DocumentDB cluster identifier (${DOCDB_CLUSTER_ID_RULE})`),
    imageTag: r.matching('ImageTag', IMAGE_TAG, 'a container image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128)'),
    ecsCluster: r.matching('EcsCluster', NAME, 'an ECS cluster name (A-Z, a-z, 0-9, "_" and "-")'),
    taskDefinitionArn,
    taskFamily: arnParts?.[2] ?? '',
    containerName: r.matching('ContainerName', NAME, 'a container name (A-Z, a-z, 0-9, "_" and "-")'),
    subnets: r.list('Subnets', SUBNET, 'subnet ids (subnet-0123abcd...)'),
    securityGroups: r.list('SecurityGroups', SECURITY_GROUP, 'security group ids (sg-0123abcd...)'),
    migrateCommand: command('MigrateCommand', DEFAULT_MIGRATE_COMMAND),
    verifyCommand: command('VerifyCommand', DEFAULT_VERIFY_COMMAND),
    logGroupName: r.matching('LogGroupName', LOG_GROUP, 'a CloudWatch Logs group name'),
    logStreamPrefix: r.matching('LogStreamPrefix', LOG_PREFIX, 'an awslogs stream prefix (no "/")'),
    snapshotRetentionDays: r.integer('SnapshotRetentionDays', 1, 3650),
    snapshotsToKeep: r.integer('SnapshotsToKeep', 1, 100),
    notifyTopicArn: r.arn('NotifyTopicArn', 'sns'),
    metricNamespace: r.matching('MetricNamespace', NAMESPACE, 'a CloudWatch namespace', DEFAULT_METRIC_NAMESPACE),
    timeoutMinutes: r.integer('TimeoutMinutes', 5, 1440, DEFAULT_TIMEOUT_MINUTES),
    region: arnParts?.[1] ?? '',
  };
  r.done();
  return settings;
}

/** Environment variable holding the settings as JSON; set by the stack, never by a caller. */
export const SETTINGS_VARIABLE = 'MIGRATION_SETTINGS';

/** The settings and the stack id from the function's environment; a missing or bad value names the variable. */
export function loadMigrationEnvironment(env: Readonly<Record<string, string | undefined>>): { settings: MigrationSettings; stackId: string } {
  const text = env[SETTINGS_VARIABLE];
  let raw: unknown;
  try {
    raw = text === undefined ? undefined : JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${SETTINGS_VARIABLE} must be a JSON object of the migration settings (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 80))})`);
  }
  const stackId = env.STACK_ID ?? '';
  if (!/^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]*\/[A-Za-z0-9-]+$/.test(stackId)) {
    throw new Error(`STACK_ID must be the ARN of the migration stack (got ${JSON.stringify(stackId)})`);
  }
  return { settings: parseMigrationSettings(raw as Record<string, unknown>), stackId };
}
