import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateDBClusterSnapshotCommand, DBClusterSnapshot, DeleteDBClusterSnapshotCommand, DescribeDBClusterSnapshotsCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand, Task } from '@aws-sdk/client-ecs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MigrationDeps } from '../../../lambda/migration/custom-resource';
import { parseMigrationSettings } from '../../../lambda/migration/settings';
import { logSink } from '../../../lambda/shared/log';

export const ecs = mockClient(ECSClient);
export const docdb = mockClient(DocDBClient);
export const cloudwatch = mockClient(CloudWatchClient);
export const sns = mockClient(SNSClient);
export const cloudformation = mockClient(CloudFormationClient);

export const TASK_DEFINITION = 'arn:aws:ecs:eu-west-1:111111111111:task-definition/flashcard-lms-staging-migration:7';
export const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:flashcard-lms-staging-critical';
export const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-staging-migration/1';

export const PROPERTIES: Record<string, string> = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
  EnvName: 'staging',
  ClusterId: 'staging-flashcard-lms',
  ImageTag: 'v1.4.0',
  EcsCluster: 'flashcard-lms-staging',
  TaskDefinitionArn: TASK_DEFINITION,
  ContainerName: 'backend',
  Subnets: 'subnet-0aaa1111,subnet-0bbb2222',
  SecurityGroups: 'sg-0ccc3333',
  LogGroupName: '/flashcard-lms/staging/migrations',
  LogStreamPrefix: 'migration',
  SnapshotRetentionDays: '14',
  SnapshotsToKeep: '3',
  NotifyTopicArn: TOPIC,
};

/** What a deploy's event carries: the image tag, nothing else. */
export const REQUEST: Record<string, string> = { ImageTag: 'v1.4.0' };

/** 2025-03-01T12:00:00Z, the time of every onEvent here. */
export const T0 = new Date(Date.UTC(2025, 2, 1, 12, 0, 0));
export const RUN_ID = '20250301120000-a1b2c3';
export const SNAPSHOT_ID = 'staging-premigration-v1-4-0-20250301120000';

type FakeTask = Task & { startedBy: string; family: string };

/** ECS and DocumentDB as in-memory state that tests move forward between polls. */
export class FakeAws {
  readonly snapshots = new Map<string, DBClusterSnapshot>();
  readonly tasks: FakeTask[] = [];
  clock = T0;
  stackStatus = 'UPDATE_IN_PROGRESS';
  private taskCount = 0;

  constructor() {
    ecs.on(ListTasksCommand).callsFake((input) => ({
      taskArns: this.tasks
        .filter((t) => (input.startedBy === undefined || t.startedBy === input.startedBy) && (input.family === undefined || t.family === input.family))
        .filter((t) => (t.desiredStatus ?? 'RUNNING') === (input.desiredStatus ?? 'RUNNING'))
        .map((t) => t.taskArn),
    }));
    ecs.on(DescribeTasksCommand).callsFake((input) => ({ tasks: this.tasks.filter((t) => input.tasks.includes(t.taskArn)) }));
    ecs.on(RunTaskCommand).callsFake((input) => {
      this.taskCount += 1;
      const task: FakeTask = {
        taskArn: `arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task${this.taskCount}`,
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        createdAt: this.clock,
        startedBy: input.startedBy,
        family: 'flashcard-lms-staging-migration',
      };
      this.tasks.push(task);
      return { tasks: [task], failures: [] };
    });
    docdb.on(CreateDBClusterSnapshotCommand).callsFake((input) => {
      const snap = {
        DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
        DBClusterIdentifier: input.DBClusterIdentifier,
        Status: 'creating',
        SnapshotCreateTime: this.clock,
        SnapshotType: 'manual',
      };
      this.snapshots.set(snap.DBClusterSnapshotIdentifier, snap);
      return { DBClusterSnapshot: snap };
    });
    docdb.on(DescribeDBClusterSnapshotsCommand).callsFake((input) => {
      if (input.DBClusterSnapshotIdentifier !== undefined) {
        const snap = this.snapshots.get(input.DBClusterSnapshotIdentifier);
        if (snap === undefined) throw Object.assign(new Error(`DBClusterSnapshot ${input.DBClusterSnapshotIdentifier} not found.`), { name: 'DBClusterSnapshotNotFoundFault' });
        return { DBClusterSnapshots: [snap] };
      }
      return { DBClusterSnapshots: [...this.snapshots.values()].filter((s) => s.DBClusterIdentifier === input.DBClusterIdentifier && s.SnapshotType === input.SnapshotType) };
    });
    docdb.on(DeleteDBClusterSnapshotCommand).callsFake((input) => {
      this.snapshots.delete(input.DBClusterSnapshotIdentifier);
      return {};
    });
    cloudwatch.on(PutMetricDataCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    cloudformation.on(DescribeStacksCommand).callsFake(() => ({ Stacks: [{ StackName: 'flashcard-lms-staging-migration', StackStatus: this.stackStatus, CreationTime: T0 }] }));
  }

  deps(settings: Record<string, string> = PROPERTIES): MigrationDeps {
    return {
      ecs: ecs as never,
      docdb: docdb as never,
      cloudwatch: cloudwatch as never,
      sns: sns as never,
      cloudformation: cloudformation as never,
      now: () => this.clock,
      randomHex: () => 'a1b2c3',
      settings: parseMigrationSettings(settings),
      stackId: STACK_ID,
    };
  }

  /** Moves the clock on by `seconds`. */
  tick(seconds: number): void {
    this.clock = new Date(this.clock.getTime() + seconds * 1000);
  }

  setSnapshot(id: string, status: string): void {
    const snap = this.snapshots.get(id);
    if (snap === undefined) throw new Error(`test setup: no snapshot ${id}`);
    snap.Status = status;
  }

  task(startedBy: string): FakeTask {
    const task = this.tasks.find((t) => t.startedBy === startedBy);
    if (task === undefined) throw new Error(`test setup: no task started by ${startedBy}`);
    return task;
  }

  running(startedBy: string): void {
    Object.assign(this.task(startedBy), { lastStatus: 'RUNNING' });
  }

  stop(startedBy: string, exitCode: number | undefined, extra: Partial<Task> = {}): void {
    const task = this.task(startedBy);
    Object.assign(task, {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'backend', exitCode }],
      ...extra,
    });
  }
}

export function resetMocks(): void {
  for (const m of [ecs, docdb, cloudwatch, sns, cloudformation]) m.reset();
}

/** Mocks reset, then a new fake AWS behind them: what every test starts from. */
export function freshAws(): FakeAws {
  resetMocks();
  return new FakeAws();
}

export function cfnEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string> = REQUEST,
  oldProperties: Record<string, string> = REQUEST,
): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: PROPERTIES.ServiceToken,
    ResponseURL: 'https://example.invalid/response',
    StackId: STACK_ID,
    RequestId: 'req-1',
    LogicalResourceId: 'DatabaseMigration',
    ResourceType: 'Custom::DatabaseMigration',
    // As CloudFormation sends them: every template property, ServiceToken and ServiceTimeout included.
    ResourceProperties: { ...properties, ServiceToken: PROPERTIES.ServiceToken, ServiceTimeout: '3600' },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update')
    return { ...base, RequestType: 'Update', PhysicalResourceId: 'staging-database-migration', OldResourceProperties: { ...oldProperties, ServiceToken: PROPERTIES.ServiceToken } };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: 'staging-database-migration' };
}

/** The published SNS notifications. */
export function notifications(): Array<{ Subject?: string; Message?: string; TopicArn?: string }> {
  return sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
}

/** Every MigrationSucceeded / MigrationDuration datum published. */
export function metricData(): Array<{ name?: string; value?: number; unit?: string; dimensions?: unknown; namespace?: string }> {
  return cloudwatch
    .commandCalls(PutMetricDataCommand)
    .flatMap((c) =>
      (c.args[0].input.MetricData ?? []).map((d) => ({ name: d.MetricName, value: d.Value, unit: d.Unit, dimensions: d.Dimensions, namespace: c.args[0].input.Namespace })),
    );
}

export function captureLogs(): string[] {
  const lines: string[] = [];
  logSink.write = (level, entry) => lines.push(JSON.stringify({ level, ...entry }));
  return lines;
}
