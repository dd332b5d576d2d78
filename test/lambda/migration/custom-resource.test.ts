import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateDBClusterSnapshotCommand, DeleteDBClusterSnapshotCommand } from '@aws-sdk/client-docdb';
import { ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { IsCompleteEvent, isMigrationComplete, onMigrationEvent } from '../../../lambda/migration/custom-resource';
import {
  captureLogs,
  cfnEvent,
  cloudformation,
  cloudwatch,
  docdb,
  ecs,
  FakeAws,
  freshAws,
  metricData,
  notifications,
  PROPERTIES,
  REQUEST,
  RUN_ID,
  SNAPSHOT_ID,
  sns,
  TASK_DEFINITION,
  TOPIC,
} from './fixtures';

const MIGRATE = `migrate-${RUN_ID}`;
const VERIFY = `verify-${RUN_ID}`;
const LOG_LINK_TASK1 =
  'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fflashcard-lms$252Fstaging$252Fmigrations/log-events/migration$252Fbackend$252Ftask1';

let aws: FakeAws;
let logs: string[];
beforeEach(() => {
  aws = freshAws();
  logs = captureLogs();
});

/** onEvent(Create), then the isComplete event the Provider would build from its answer. */
async function start(): Promise<IsCompleteEvent> {
  const event = cfnEvent('Create');
  const out = await onMigrationEvent(event, aws.deps());
  return { ...event, PhysicalResourceId: out.PhysicalResourceId, Data: out.Data };
}

const poll = (event: IsCompleteEvent) => isMigrationComplete(event, aws.deps());

describe('migration run: success', () => {
  test('snapshot -> migrate -> verify -> metrics and pruning, one step per poll', async () => {
    const event = await start();
    expect(event.Data).toEqual({ RunId: RUN_ID, SnapshotId: SNAPSHOT_ID, StartedAt: '2025-03-01T12:00:00.000Z', Status: 'started' });
    expect(event.PhysicalResourceId).toBe('staging-database-migration');
    expect(docdb.commandCalls(CreateDBClusterSnapshotCommand)[0].args[0].input).toEqual({
      DBClusterIdentifier: 'staging-flashcard-lms',
      DBClusterSnapshotIdentifier: SNAPSHOT_ID,
      Tags: [
        { Key: 'Purpose', Value: 'pre-migration' },
        { Key: 'ImageTag', Value: 'v1.4.0' },
        { Key: 'MigrationRunId', Value: RUN_ID },
      ],
    });

    aws.tick(30);
    expect(await poll(event)).toEqual({ IsComplete: false });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);

    aws.setSnapshot(SNAPSHOT_ID, 'available');
    aws.tick(30);
    expect(await poll(event)).toEqual({ IsComplete: false });
    expect(ecs.commandCalls(RunTaskCommand).map((c) => c.args[0].input)).toEqual([
      {
        cluster: 'flashcard-lms-staging',
        taskDefinition: TASK_DEFINITION,
        launchType: 'FARGATE',
        count: 1,
        startedBy: MIGRATE,
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'], securityGroups: ['sg-0ccc3333'], assignPublicIp: 'DISABLED' } },
        overrides: { containerOverrides: [{ name: 'backend', command: ['python', '-m', 'app.migrations.run_migrations'] }] },
      },
    ]);

    aws.running(MIGRATE);
    aws.tick(30);
    expect(await poll(event)).toEqual({ IsComplete: false });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1); // no second migrate task

    aws.stop(MIGRATE, 0);
    aws.tick(30);
    expect(await poll(event)).toEqual({ IsComplete: false });
    const verifyRun = ecs.commandCalls(RunTaskCommand)[1].args[0].input;
    expect(verifyRun.startedBy).toBe(VERIFY);
    expect(verifyRun.overrides?.containerOverrides?.[0].command).toEqual(['python', '-m', 'app.migrations.verify_migrations']);

    aws.stop(VERIFY, 0);
    aws.tick(30);
    const done = await poll(event);

    expect(done).toEqual({
      IsComplete: true,
      Data: {
        Status: 'succeeded',
        DurationSeconds: '150',
        MigrateTaskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task1',
        VerifyTaskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task2',
        PrunedSnapshots: '',
      },
    });
    const dimensions = [{ Name: 'Environment', Value: 'staging' }];
    expect(metricData()).toEqual([
      { name: 'MigrationSucceeded', value: 1, unit: 'Count', dimensions, namespace: 'FlashcardLMS/Migrations' },
      { name: 'MigrationDuration', value: 150, unit: 'Seconds', dimensions, namespace: 'FlashcardLMS/Migrations' },
    ]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(aws.snapshots.has(SNAPSHOT_ID)).toBe(true);
    expect(logs.map((l) => JSON.parse(l).message)).toContain('migration run succeeded');
  });

  test('a slow snapshot is polled until available, and no task starts before', async () => {
    const event = await start();
    for (let i = 0; i < 5; i += 1) {
      aws.tick(30);
      expect(await poll(event)).toEqual({ IsComplete: false });
    }
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);

    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);

    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
  });

  test('custom commands: split on spaces, or a JSON array for shell syntax', async () => {
    const configured = { ...PROPERTIES, MigrateCommand: 'python  -m app.migrate --all', VerifyCommand: '["sh","-c","python -m a && python -m b"]', MetricNamespace: 'Custom/NS' };
    const event = cfnEvent('Create');
    const out = await onMigrationEvent(event, aws.deps(configured));
    const pollEvent = { ...event, Data: out.Data };
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await isMigrationComplete(pollEvent, aws.deps(configured));
    aws.stop(MIGRATE, 0);
    await isMigrationComplete(pollEvent, aws.deps(configured));

    expect(ecs.commandCalls(RunTaskCommand).map((c) => c.args[0].input.overrides?.containerOverrides?.[0].command)).toEqual([
      ['python', '-m', 'app.migrate', '--all'],
      ['sh', '-c', 'python -m a && python -m b'],
    ]);
  });
});

describe('migration run: failures notify, keep the snapshot and fail the deploy', () => {
  test('snapshot fails', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'failed');

    await expect(poll(event)).rejects.toThrow(
      `Migration failed at step snapshot: snapshot ${SNAPSHOT_ID} is failed, not available; the migration did not run (snapshot ${SNAPSHOT_ID} kept)`,
    );

    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    const [note] = notifications();
    expect(note.TopicArn).toBe(TOPIC);
    expect(note.Subject).toBe('[staging] Database migration failed at step snapshot');
    expect(note.Message).toContain(`Snapshot:      ${SNAPSHOT_ID}`);
    expect(note.Message).toContain('The migration did not run: the database is unchanged.');
    expect(metricData()).toEqual([expect.objectContaining({ name: 'MigrationSucceeded', value: 0 })]);
  });

  test('snapshot vanished', async () => {
    const event = await start();
    aws.snapshots.delete(SNAPSHOT_ID);

    await expect(poll(event)).rejects.toThrow(`snapshot ${SNAPSHOT_ID} is missing`);
    expect(notifications()).toHaveLength(1);
  });

  test('snapshot cannot be started (cluster busy): onEvent fails and notifies', async () => {
    docdb.on(CreateDBClusterSnapshotCommand).rejects(Object.assign(new Error('DBCluster staging-flashcard-lms is not in available state'), { name: 'InvalidDBClusterStateFault' }));

    await expect(onMigrationEvent(cfnEvent('Create'), aws.deps())).rejects.toThrow(
      `Migration failed at step snapshot: could not start snapshot ${SNAPSHOT_ID} of cluster staging-flashcard-lms: DBCluster staging-flashcard-lms is not in available state (no snapshot taken)`,
    );
    expect(notifications()[0].Message).toContain('Snapshot:      none taken');
  });

  test.each([
    [
      'failures[]',
      () =>
        ecs
          .on(RunTaskCommand)
          .resolves({ tasks: [], failures: [{ arn: 'arn:aws:ecs:eu-west-1:111111111111:container-instance/x', reason: 'RESOURCE:ENI', detail: 'no ENI capacity' }] }),
      'RESOURCE:ENI no ENI capacity',
    ],
    [
      'a thrown error',
      () => ecs.on(RunTaskCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:PassRole'), { name: 'AccessDeniedException' })),
      'iam:PassRole',
    ],
    ['no task and no failure', () => ecs.on(RunTaskCommand).resolves({}), 'RunTask returned no task'],
  ])('migrate task fails to start: %s', async (_label, arrange, detail) => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    arrange();

    const error = (await poll(event).catch((e: Error) => e)) as Error;

    expect(error.message).toContain('Migration failed at step migrate: the migrate task could not be started:');
    expect(error.message).toContain(detail);
    expect(error.message).toContain(`snapshot ${SNAPSHOT_ID} kept`);
    expect(notifications()[0].Message).toContain(detail);
    expect(notifications()[0].Message).toContain('Task logs:     n/a (no task ran)');
    expect(aws.snapshots.has(SNAPSHOT_ID)).toBe(true);
  });

  test('migrate task exits non-zero: exit code, snapshot id and log link in the notification; no verify', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);
    aws.stop(MIGRATE, 3);

    await expect(poll(event)).rejects.toThrow(
      `Migration failed at step migrate: the migrate task (python -m app.migrations.run_migrations) failed: exit code 3; Essential container in task exited; EssentialContainerExited (snapshot ${SNAPSHOT_ID} kept; logs: ${LOG_LINK_TASK1})`,
    );

    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    const [note] = notifications();
    expect(note.Subject).toBe('[staging] Database migration failed at step migrate');
    expect(note.Message).toContain('Exit code:     3');
    expect(note.Message).toContain(`Snapshot:      ${SNAPSHOT_ID} (kept; taken before the migration ran)`);
    expect(note.Message).toContain(`Task logs:     ${LOG_LINK_TASK1}`);
    expect(note.Message).toContain(`restore snapshot ${SNAPSHOT_ID}`);
    expect(note.Message).toContain('npm run migrate -- --env staging');
    expect(docdb.commandCalls(DeleteDBClusterSnapshotCommand)).toHaveLength(0);
    expect(metricData()).toEqual([expect.objectContaining({ name: 'MigrationSucceeded', value: 0 })]);
  });

  test('migrate container never started (image pull error): no exit code, the container reason', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);
    aws.stop(MIGRATE, undefined, {
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      containers: [{ name: 'backend', reason: 'CannotPullContainerError' }],
    });

    await expect(poll(event)).rejects.toThrow('failed: no exit code; CannotPullContainerError; CannotPullContainerError: pull image manifest');
    expect(notifications()[0].Message).toContain('Exit code:     n/a');
  });

  test('a task stopped by someone counts as failed even with exit code 0', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);
    aws.stop(MIGRATE, 0, { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });

    await expect(poll(event)).rejects.toThrow('exit code 0; Task stopped by user; UserInitiated');
  });

  test('verify fails', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);
    aws.stop(MIGRATE, 0);
    await poll(event);
    aws.stop(VERIFY, 1);

    await expect(poll(event)).rejects.toThrow('Migration failed at step verify: the verify task (python -m app.migrations.verify_migrations) failed: exit code 1');

    const [note] = notifications();
    expect(note.Subject).toBe('[staging] Database migration failed at step verify');
    expect(note.Message).toContain('log-events/migration$252Fbackend$252Ftask2');
    expect(note.Message).toContain('The database may be partly migrated');
    expect(metricData().map((m) => m.name)).toEqual(['MigrationSucceeded']);
  });

  test('a run that outlives TimeoutMinutes fails, naming the step, and leaves the task running', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(event);
    aws.running(MIGRATE);
    aws.tick(111 * 60);

    await expect(poll(event)).rejects.toThrow('Migration failed at step migrate: not finished after 110 minutes (migrate is RUNNING); any running task was left running');
    expect(notifications()[0].Message).toContain('log-events/migration$252Fbackend$252Ftask1');
    expect(ecs.calls().map((c) => c.args[0].constructor.name)).not.toContain('StopTaskCommand');
  });

  test('a failed notification does not hide the failure', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'failed');
    sns.on(PublishCommand).rejects(new Error('KMS key disabled'));

    await expect(poll(event)).rejects.toThrow('Migration failed at step snapshot');
    expect(logs.some((l) => l.includes('could not publish the failure notification'))).toBe(true);
    expect(metricData()).toEqual([expect.objectContaining({ name: 'MigrationSucceeded', value: 0 })]);
  });
});

describe('migration run: refusing to start', () => {
  test('while another migration task runs: clear error, no snapshot', async () => {
    ecs
      .on(ListTasksCommand, { family: 'flashcard-lms-staging-migration', desiredStatus: 'RUNNING' })
      .resolves({ taskArns: ['arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/other'] });

    await expect(onMigrationEvent(cfnEvent('Create'), aws.deps())).rejects.toThrow(
      'Migration failed at step start: another migration is in progress: task arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/other of family flashcard-lms-staging-migration still running in ECS cluster flashcard-lms-staging; wait for it to stop (or stop it) and retry (no snapshot taken)',
    );
    expect(ecs.commandCalls(ListTasksCommand)[0].args[0].input).toEqual({ cluster: 'flashcard-lms-staging', family: 'flashcard-lms-staging-migration', desiredStatus: 'RUNNING' });
    expect(docdb.commandCalls(CreateDBClusterSnapshotCommand)).toHaveLength(0);
    expect(notifications()[0].Subject).toBe('[staging] Database migration failed at step start');
  });

  test('while another run is still taking its snapshot', async () => {
    aws.snapshots.set('staging-premigration-v1-3-9-20250301115900', {
      DBClusterSnapshotIdentifier: 'staging-premigration-v1-3-9-20250301115900',
      DBClusterIdentifier: 'staging-flashcard-lms',
      SnapshotType: 'manual',
      Status: 'creating',
    });

    await expect(onMigrationEvent(cfnEvent('Create'), aws.deps())).rejects.toThrow(
      'snapshot staging-premigration-v1-3-9-20250301115900 of cluster staging-flashcard-lms is still being created',
    );
    expect(docdb.commandCalls(CreateDBClusterSnapshotCommand)).toHaveLength(0);
  });
});

describe('migration custom resource: events that run nothing', () => {
  test('Delete is a no-op in onEvent and isComplete', async () => {
    const event = cfnEvent('Delete');

    expect(await onMigrationEvent(event, aws.deps())).toEqual({ PhysicalResourceId: 'staging-database-migration' });
    expect(await isMigrationComplete({ ...event, Data: undefined }, aws.deps())).toEqual({ IsComplete: true });
    for (const client of [ecs, docdb, cloudwatch, sns, cloudformation]) expect(client.calls()).toHaveLength(0);
  });

  test('Update with the same image tag runs nothing and completes at once', async () => {
    const event = cfnEvent('Update', { ...REQUEST, SkipRun: 'false' });
    const out = await onMigrationEvent(event, aws.deps());

    expect(out).toEqual({ PhysicalResourceId: 'staging-database-migration', Data: { RunId: '', SnapshotId: '', StartedAt: '', Status: 'skipped' } });
    expect(await isMigrationComplete({ ...event, Data: out.Data }, aws.deps())).toEqual({
      IsComplete: true,
      Data: { Status: 'skipped', DurationSeconds: '0', MigrateTaskArn: '', VerifyTaskArn: '', PrunedSnapshots: '' },
    });
    expect(docdb.calls()).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
  });

  test('Update with a new image tag runs, keeping the physical id', async () => {
    const out = await onMigrationEvent(cfnEvent('Update', REQUEST, { ...REQUEST, ImageTag: 'v1.3.9' }), aws.deps());

    expect(out.PhysicalResourceId).toBe('staging-database-migration');
    expect(out.Data?.SnapshotId).toBe(SNAPSHOT_ID);
    expect(cloudformation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({
      StackName: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-staging-migration/1',
    });
  });

  test('a deploy with -c migrate=false (a release rollback) runs nothing, even with a new image tag', async () => {
    for (const event of [cfnEvent('Update', { ImageTag: 'v1.3.8', SkipRun: 'true' }), cfnEvent('Create', { ...REQUEST, SkipRun: 'true' })]) {
      expect((await onMigrationEvent(event, aws.deps())).Data?.Status).toBe('skipped');
    }
    expect(docdb.calls()).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
  });

  test('the Update of a rollback runs nothing (the old image must not migrate over a failed run)', async () => {
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';

    const out = await onMigrationEvent(cfnEvent('Update', { ImageTag: 'v1.3.9' }), aws.deps());

    expect(out.Data?.Status).toBe('skipped');
    expect(docdb.calls()).toHaveLength(0);
  });

  test('isComplete without a valid run from onEvent fails clearly', async () => {
    const event = cfnEvent('Create');
    await expect(isMigrationComplete({ ...event, Data: { RunId: 'x', SnapshotId: SNAPSHOT_ID, StartedAt: 'now' } }, aws.deps())).rejects.toThrow(
      'isComplete received no valid run from onEvent: Data must hold RunId (yyyymmddhhmmss-xxxxxx), SnapshotId and StartedAt',
    );
  });

  test('invalid settings fail before anything runs, naming each setting', async () => {
    const props: Record<string, string> = { ...PROPERTIES, Subnets: 'subnet-0aaa1111,vpc-123', SnapshotsToKeep: '0', MigrateCommand: 'python -m x; rm -rf /' };
    delete props.NotifyTopicArn;

    expect(() => aws.deps(props)).toThrow(
      [
        'Invalid DatabaseMigration properties:',
        '  - Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: vpc-123) (got "subnet-0aaa1111,vpc-123")',
        '  - MigrateCommand contains shell syntax (quotes, $, |, &, ;, <, >, ...); give a JSON array instead, e.g. ["sh","-c","<command>"] (got "python -m x; rm -rf /")',
        '  - SnapshotsToKeep must be an integer between 1 and 100 (got "0")',
        '  - NotifyTopicArn is required (a non-empty string) (got nothing)',
      ].join('\n'),
    );
    expect(ecs.calls()).toHaveLength(0);
  });
});
