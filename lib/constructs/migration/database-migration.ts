import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { MIGRATION_PROVIDER_TIMEOUT_MINUTES } from '../../config/allowed-values';
import { acknowledge } from '../../nag';
import { AppFunction } from '../service/app-function';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { MIGRATION_STREAM_PREFIX, MigrationTask } from './migration-task';
import { acknowledgeProviderFramework, traceProviderWaiter } from '../shared/provider-findings';
import { SETTINGS_VARIABLE } from '../../../lambda/migration/settings';
import { MIGRATION_NAMESPACE } from '../../contracts';

/** Namespace of `MigrationSucceeded` and `MigrationDuration`. */
export { MIGRATION_NAMESPACE };
/** How often the Provider polls a run. */
export const MIGRATION_QUERY_INTERVAL = Duration.seconds(30);

/** Names of the migration functions; the on-demand command and the CI deploy role rely on them. */
export const migrationFunctionNames = (envName: string) => ({
  start: `${envName}-flashcard-lms-migration-start`,
  poll: `${envName}-flashcard-lms-migration-poll`,
});

export interface DatabaseMigrationProps {
  /** Deploy without running the migration (a rollback to an earlier image). @default false */
  readonly skipRun?: boolean;
  readonly envName: string;
  /** DocumentDB cluster identifier (the restored one during a restore). */
  readonly clusterId: string;
  /** Backend image tag being deployed; a change of it runs a migration. */
  readonly imageTag: string;
  /** Cluster of `task`, by its literal name (ARNs in the policies are built from it). */
  readonly ecsClusterName: string;
  readonly task: MigrationTask;
  /** Subnets of the migration tasks (private). */
  readonly subnetIds: readonly string[];
  readonly migrateCommand: string;
  readonly verifyCommand: string;
  readonly snapshotRetentionDays: number;
  readonly snapshotsToKeep: number;
  /** Below `MIGRATION_PROVIDER_TIMEOUT_MINUTES` (validated in config). */
  readonly timeoutMinutes: number;
  /** Receives failures (snapshot id, log link). */
  readonly notifyTopic: sns.ITopic;
  /** Key of `notifyTopic`. */
  readonly notifyTopicKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Custom resource `DatabaseMigration`: when the backend image tag changes, a pre-migration
 * snapshot, then the migrate and verify commands as one-off Fargate tasks, driven by the
 * Provider's completion polling (each poll is a short Lambda call; the run may take up to an hour).
 */
export class DatabaseMigration extends Construct {
  /** The functions' settings (`MIGRATION_SETTINGS`); also the stack output `MigrationSettings` that `npm run migrate` reads. */
  public readonly settings: Readonly<Record<string, string>>;
  public readonly startFunction: AppFunction;
  public readonly pollFunction: AppFunction;
  public readonly provider: cr.Provider;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: DatabaseMigrationProps) {
    super(scope, id);
    const { task } = props;

    this.settings = {
      EnvName: props.envName,
      ClusterId: props.clusterId,
      ImageTag: props.imageTag,
      EcsCluster: props.ecsClusterName,
      TaskDefinitionArn: task.taskDefinition.taskDefinitionArn,
      ContainerName: task.container.containerName,
      Subnets: props.subnetIds.join(','),
      SecurityGroups: task.securityGroup.securityGroupId,
      MigrateCommand: props.migrateCommand,
      VerifyCommand: props.verifyCommand,
      LogGroupName: task.logGroup.logGroupName,
      LogStreamPrefix: MIGRATION_STREAM_PREFIX,
      SnapshotRetentionDays: String(props.snapshotRetentionDays),
      SnapshotsToKeep: String(props.snapshotsToKeep),
      NotifyTopicArn: props.notifyTopic.topicArn,
      MetricNamespace: MIGRATION_NAMESPACE,
      TimeoutMinutes: String(props.timeoutMinutes),
    };

    // The settings live in the functions' environment, not in the event: whoever may invoke the
    // functions (the deploy role, for `npm run migrate`) can only run this migration of the deployed image.
    const environment = { [SETTINGS_VARIABLE]: Stack.of(this).toJsonString(this.settings), STACK_ID: Stack.of(this).stackId };
    const common = { source: 'migration', timeout: Duration.minutes(2), logsKey: props.logsKey, logRetentionDays: props.logRetentionDays, environment };
    this.startFunction = new AppFunction(this, 'StartFunction', {
      ...common,
      handler: 'onEvent',
      functionName: migrationFunctionNames(props.envName).start,
      description: 'Database migration: refuses a concurrent run, then starts the pre-migration snapshot',
    });
    this.pollFunction = new AppFunction(this, 'PollFunction', {
      ...common,
      handler: 'isComplete',
      functionName: migrationFunctionNames(props.envName).poll,
      description: 'Database migration: advances a run (snapshot, migrate task, verify task) and reports its outcome',
    });
    this.grantRun(props);

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.startFunction,
      isCompleteHandler: this.pollFunction,
      queryInterval: MIGRATION_QUERY_INTERVAL,
      // CloudFormation waits at most an hour for a custom resource; the run's own timeout fires first.
      totalTimeout: Duration.minutes(MIGRATION_PROVIDER_TIMEOUT_MINUTES),
      logGroup: encryptedLogGroup(this, 'ProviderLogGroup', { encryptionKey: props.logsKey, retentionDays: props.logRetentionDays }),
      // The waiter logs its events (Control Tower CT.STEPFUNCTIONS.PR.1); traceProviderWaiter turns on X-Ray (PR.2).
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: encryptedLogGroup(this, 'WaiterLogGroup', { encryptionKey: props.logsKey, retentionDays: props.logRetentionDays }),
        // ALL for cdk-nag SF1 too; without execution data (the default), so no inputs or outputs are logged.
        level: sfn.LogLevel.ALL,
      },
    });
    traceProviderWaiter(this.provider);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::DatabaseMigration',
      serviceTimeout: Duration.minutes(MIGRATION_PROVIDER_TIMEOUT_MINUTES),
      // Only the tag: a new tag is what runs a migration (ACCEPTED_PROPERTIES in the handler).
      properties: { ImageTag: props.imageTag, ...(props.skipRun ? { SkipRun: 'true' } : {}) },
    });
    // The cluster is named, not referenced, in the properties.
    this.resource.node.addDependency(task.cluster);

    acknowledgeProviderFramework(this.provider, [this.startFunction, this.pollFunction]);
  }

  /**
   * Least privilege per function, from the calls each one makes: start lists tasks and
   * snapshots, takes the snapshot and reads the stack status; poll runs and reads the tasks
   * and prunes; both report failures (SNS, metric).
   */
  private grantRun(props: DatabaseMigrationProps): void {
    const stack = Stack.of(this);
    const { partition, region, account } = stack;
    const { task } = props;
    const ecsArn = (resource: string) => `arn:${partition}:ecs:${region}:${account}:${resource}`;
    const rdsArn = (resource: string) => `arn:${partition}:rds:${region}:${account}:${resource}`;
    const inCluster = { ArnEquals: { 'ecs:cluster': ecsArn(`cluster/${props.ecsClusterName}`) } };
    const clusterArn = rdsArn(`cluster:${props.clusterId}`);
    const snapshotsArn = rdsArn(`cluster-snapshot:${props.envName}-premigration-*`);

    const listTasks = new iam.PolicyStatement({ sid: 'ListTasksInCluster', actions: ['ecs:ListTasks'], resources: ['*'], conditions: inCluster });
    const describeSnapshots = new iam.PolicyStatement({
      sid: 'DescribePremigrationSnapshots',
      actions: ['rds:DescribeDBClusterSnapshots'],
      resources: [clusterArn, snapshotsArn],
    });
    const report = [
      new iam.PolicyStatement({ sid: 'NotifyFailure', actions: ['sns:Publish'], resources: [props.notifyTopic.topicArn] }),
      new iam.PolicyStatement({
        sid: 'NotifyTopicKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: [props.notifyTopicKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` } },
      }),
      new iam.PolicyStatement({
        sid: 'PublishRunMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': MIGRATION_NAMESPACE } },
      }),
    ];

    const start = [
      listTasks,
      describeSnapshots,
      new iam.PolicyStatement({
        sid: 'TakePremigrationSnapshot',
        actions: ['rds:CreateDBClusterSnapshot', 'rds:AddTagsToResource'],
        resources: [clusterArn, snapshotsArn],
      }),
      new iam.PolicyStatement({ sid: 'ReadStackStatus', actions: ['cloudformation:DescribeStacks'], resources: [stack.stackId] }),
      ...report,
    ];
    const poll = [
      listTasks,
      describeSnapshots,
      new iam.PolicyStatement({ sid: 'DescribeTasksInCluster', actions: ['ecs:DescribeTasks'], resources: [ecsArn(`task/${props.ecsClusterName}/*`)], conditions: inCluster }),
      new iam.PolicyStatement({
        sid: 'RunMigrationTask',
        actions: ['ecs:RunTask'],
        // This deploy's revision only: the image of the deployed tag.
        resources: [task.taskDefinition.taskDefinitionArn],
        conditions: inCluster,
      }),
      new iam.PolicyStatement({
        sid: 'PassMigrationTaskRoles',
        actions: ['iam:PassRole'],
        resources: [task.taskDefinition.taskRole.roleArn, task.taskDefinition.obtainExecutionRole().roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
      new iam.PolicyStatement({ sid: 'PruneOldSnapshots', actions: ['rds:DeleteDBClusterSnapshot'], resources: [snapshotsArn] }),
      ...report,
    ];
    start.forEach((s) => this.startFunction.addToRolePolicy(s));
    poll.forEach((s) => this.pollFunction.addToRolePolicy(s));

    const reasons: Array<[string, string]> = [
      [
        'Resource::*',
        'ecs:ListTasks has no resource-level permission (condition ecs:cluster limits it to this cluster); cloudwatch:PutMetricData has none either (condition cloudwatch:namespace limits it to FlashcardLMS/Migrations).',
      ],
      [
        `Resource::${snapshotsArn}`,
        "Pre-migration snapshot ids carry the image tag and time of each run; the prefix limits the functions to this environment's pre-migration snapshots.",
      ],
      ['Action::kms:GenerateDataKey*', 'Publishing to the encrypted alarm topic needs GenerateDataKey and GenerateDataKeyWithoutPlaintext on its key, only through SNS.'],
    ];
    const pollReasons: Array<[string, string]> = [
      [`Resource::${ecsArn(`task/${props.ecsClusterName}/*`)}`, 'Task ids are assigned by ECS at RunTask; the resource and condition limit DescribeTasks to this cluster.'],
    ];
    for (const [fn, list] of [
      [this.startFunction, reasons],
      [this.pollFunction, [...reasons, ...pollReasons]],
    ] as const) {
      const policy = fn.role!.node.tryFindChild('DefaultPolicy')!;
      for (const [finding, reason] of list) acknowledge(policy, `AwsSolutions-IAM5[${finding}]`, reason);
    }
  }
}
