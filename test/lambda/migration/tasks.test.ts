import { DescribeDBClusterSnapshotsCommand } from '@aws-sdk/client-docdb';
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand, Task } from '@aws-sdk/client-ecs';
import { MigrationFailure } from '../../../lambda/migration/failure';
import { MigrationSettings, parseMigrationSettings } from '../../../lambda/migration/settings';
import { listManualSnapshots, MAX_SNAPSHOT_PAGES, snapshotStatus } from '../../../lambda/migration/snapshot';
import { migrationInProgress } from '../../../lambda/migration/start';
import { activeMigrationTasks, startTask, taskState } from '../../../lambda/migration/tasks';
import { docdb, ecs, FakeAws, PROPERTIES, resetMocks } from './fixtures';

// Parsed in a hook, not at import: a mutant that breaks parsing fails the tests, not the file.
let settings: MigrationSettings;
beforeAll(() => {
  settings = parseMigrationSettings(PROPERTIES);
});
const CLUSTER = 'flashcard-lms-staging';
const ARN = (id: string) => `arn:aws:ecs:eu-west-1:111111111111:task/${CLUSTER}/${id}`;
const stopped = (over: Partial<Task> = {}): Task => ({
  taskArn: ARN('t1'),
  lastStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  containers: [{ name: 'backend', exitCode: 0 }],
  ...over,
});

beforeEach(() => resetMocks());

/** ECS lists `running` and `stopped` ARNs and describes `tasks`. */
function ecsWith(tasks: Task[], running: string[] = tasks.map((t) => t.taskArn ?? ''), stoppedArns: string[] = []) {
  ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: running });
  ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: stoppedArns });
  ecs.on(DescribeTasksCommand).resolves({ tasks });
}

const state = () => taskState(ecs as never, CLUSTER, 'migrate-run', 'backend');

describe('the state of a step read from ECS', () => {
  test('no task listed: absent, and nothing described', async () => {
    ecs.on(ListTasksCommand).resolves({});
    expect(await state()).toEqual({ kind: 'absent' });
    expect(ecs.commandCalls(ListTasksCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: CLUSTER, startedBy: 'migrate-run', desiredStatus: 'RUNNING' },
      { cluster: CLUSTER, startedBy: 'migrate-run', desiredStatus: 'STOPPED' },
    ]);
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  test('running and stopped tasks are described together', async () => {
    ecsWith([stopped()], [ARN('t2')], [ARN('t1')]);
    await state();
    expect(ecs.commandCalls(DescribeTasksCommand)[0].args[0].input).toEqual({ cluster: CLUSTER, tasks: [ARN('t2'), ARN('t1')] });
  });

  test('listed but not yet describable: running, status UNKNOWN, the first listed ARN', async () => {
    ecsWith([], [ARN('t2')], [ARN('t1')]);
    expect(await state()).toEqual({ kind: 'running', taskArn: ARN('t2'), lastStatus: 'UNKNOWN' });
  });

  test('a task not stopped is running with its last status, UNKNOWN when ECS gives none', async () => {
    ecsWith([{ taskArn: ARN('t1'), lastStatus: 'PROVISIONING' }]);
    expect(await state()).toEqual({ kind: 'running', taskArn: ARN('t1'), lastStatus: 'PROVISIONING' });
    ecs.reset();
    ecsWith([{ taskArn: ARN('t1') }]);
    expect(await state()).toEqual({ kind: 'running', taskArn: ARN('t1'), lastStatus: 'UNKNOWN' });
  });

  test('the newest task decides, whatever order ECS returns them in', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2025, 2, 1, 12, minutes));
    ecsWith([
      stopped({ taskArn: ARN('old'), createdAt: at(1), containers: [{ name: 'backend', exitCode: 1 }] }),
      { taskArn: ARN('new'), lastStatus: 'RUNNING', createdAt: at(9) },
      stopped({ taskArn: ARN('undated'), containers: [{ name: 'backend', exitCode: 2 }] }),
      stopped({ taskArn: ARN('mid'), createdAt: at(5) }),
    ]);
    expect(await state()).toEqual({ kind: 'running', taskArn: ARN('new'), lastStatus: 'RUNNING' });
  });

  test('a task without createdAt counts as the oldest', async () => {
    const at = new Date(Date.UTC(2025, 2, 1, 12, 0));
    ecsWith([stopped({ taskArn: ARN('undated'), containers: [{ name: 'backend', exitCode: 2 }] }), stopped({ taskArn: ARN('dated'), createdAt: at })]);
    expect(await state()).toEqual({ kind: 'succeeded', taskArn: ARN('dated') });
  });

  test.each([
    ['no stop code', { stopCode: undefined }],
    ['the essential container exited', {}],
  ])('exit code 0 of our container with %s succeeds', async (_label, over) => {
    ecsWith([stopped(over)]);
    expect(await state()).toEqual({ kind: 'succeeded', taskArn: ARN('t1') });
  });

  test('our container decides, not a sidecar', async () => {
    ecsWith([
      stopped({
        containers: [
          { name: 'log-router', exitCode: 0 },
          { name: 'backend', exitCode: 4, reason: 'OutOfMemoryError' },
        ],
      }),
    ]);
    expect(await state()).toEqual({ kind: 'failed', taskArn: ARN('t1'), exitCode: 4, reason: 'OutOfMemoryError; EssentialContainerExited' });
    ecs.reset();
    ecsWith([
      stopped({
        containers: [
          { name: 'log-router', exitCode: 1 },
          { name: 'backend', exitCode: 0 },
        ],
      }),
    ]);
    expect(await state()).toEqual({ kind: 'succeeded', taskArn: ARN('t1') });
  });

  test.each(['UserInitiated', 'ServiceSchedulerInitiated', 'SpotInterruption', 'TerminationNotice', 'TaskFailedToStart'])(
    'exit code 0 with stop code %s fails, the stop code as the reason',
    async (stopCode) => {
      ecsWith([stopped({ stopCode: stopCode as Task['stopCode'] })]);
      expect(await state()).toEqual({ kind: 'failed', taskArn: ARN('t1'), exitCode: 0, reason: stopCode });
    },
  );

  test('reasons are joined in order, empty ones left out', async () => {
    ecsWith([stopped({ stopCode: 'TaskFailedToStart', stoppedReason: '', containers: [{ name: 'backend', reason: 'CannotPullContainerError' }] })]);
    expect(await state()).toEqual({ kind: 'failed', taskArn: ARN('t1'), exitCode: undefined, reason: 'CannotPullContainerError; TaskFailedToStart' });
  });

  test('listed but not described (a reply without a task list): running, looked at again next poll', async () => {
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [ARN('t1')] });
    ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: [] });
    ecs.on(DescribeTasksCommand).resolves({});
    expect(await state()).toEqual({ kind: 'running', taskArn: ARN('t1'), lastStatus: 'UNKNOWN' });
  });

  test('a task stopped with nothing said: a reason all the same, and an ARN even when ECS omits it', async () => {
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] });
    ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: [ARN('t1')] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: 'STOPPED' }] });
    expect(await state()).toEqual({ kind: 'failed', taskArn: 'unknown', exitCode: undefined, reason: 'stopped without an exit code' });
  });
});

describe('starting a task', () => {
  test('the verify step runs the verify command', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: ARN('v') }], failures: [] });
    expect(await startTask(ecs as never, settings, 'verify', 'verify-run')).toBe(ARN('v'));
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input.overrides).toEqual({
      containerOverrides: [{ name: 'backend', command: ['python', '-m', 'app.migrations.verify_migrations'] }],
    });
  });

  test('a reply without a failure list is a started task', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: ARN('v') }] });
    expect(await startTask(ecs as never, settings, 'verify', 'verify-run')).toBe(ARN('v'));
  });

  test.each([
    [
      'every failure, each with its reason, detail and ARN',
      {
        tasks: [],
        failures: [
          { reason: 'RESOURCE:ENI', arn: 'arn:a' },
          { reason: 'AGENT', detail: 'agent disconnected', arn: 'arn:b' },
        ],
      },
      'the verify task could not be started: RESOURCE:ENI arn:a; AGENT agent disconnected arn:b',
    ],
    ['a failure even when a task came back', { tasks: [{ taskArn: ARN('v') }], failures: [{ reason: 'MISSING' }] }, 'the verify task could not be started: MISSING'],
    ['no task and an empty failure list', { tasks: [], failures: [] }, 'the verify task could not be started: RunTask returned no task'],
    ['a task without an ARN', { tasks: [{}] }, 'the verify task could not be started: RunTask returned no task'],
  ])('refused: %s', async (_label, out, reason) => {
    ecs.on(RunTaskCommand).resolves(out);
    const error = await startTask(ecs as never, settings, 'verify', 'verify-run').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailure);
    expect(error).toMatchObject({ name: 'MigrationFailure', step: 'verify', reason, task: undefined });
  });

  test('a thrown error is a failure of the step', async () => {
    ecs.on(RunTaskCommand).rejects(new Error('Rate exceeded'));
    await expect(startTask(ecs as never, settings, 'migrate', 'migrate-run')).rejects.toMatchObject({
      step: 'migrate',
      reason: 'the migrate task could not be started: Rate exceeded',
    });
  });
});

describe('a run already under way', () => {
  test('ECS listing no tasks at all means none are active', async () => {
    ecs.on(ListTasksCommand).resolves({});
    expect(await activeMigrationTasks(ecs as never, settings)).toEqual([]);
  });

  test('two migration tasks still running: both named', async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [ARN('a'), ARN('b')] });
    expect(await migrationInProgress({ ecs, docdb } as never, settings)).toBe(
      `another migration is in progress: tasks ${ARN('a')}, ${ARN('b')} of family flashcard-lms-staging-migration still running in ECS cluster ${CLUSTER}; wait for it to stop (or stop it) and retry`,
    );
  });

  test("only this environment's pre-migration snapshots still being created count, and every one is named", async () => {
    const aws = new FakeAws();
    const put = (id: string | undefined, Status: string) =>
      aws.snapshots.set(id ?? 'no-id', { DBClusterSnapshotIdentifier: id, DBClusterIdentifier: 'staging-flashcard-lms', SnapshotType: 'manual', Status });
    put('production-premigration-v1-20250301000000', 'creating');
    put('manual-before-upgrade', 'creating');
    put(undefined, 'creating');
    put('staging-premigration-v1-20250301000000', 'available');
    expect(await migrationInProgress({ ecs, docdb } as never, settings)).toBeUndefined();

    put('staging-premigration-v2-20250301000000', 'creating');
    put('staging-premigration-v3-20250301000000', 'creating');
    expect(await migrationInProgress({ ecs, docdb } as never, settings)).toBe(
      'another migration is in progress: snapshot staging-premigration-v2-20250301000000, staging-premigration-v3-20250301000000 of cluster staging-flashcard-lms is still being created; retry when its run has finished',
    );
  });
});

describe('snapshots read from DocumentDB', () => {
  test.each([
    ['no snapshot in the answer', {}],
    ['an empty list', { DBClusterSnapshots: [] }],
    ['a snapshot without a status', { DBClusterSnapshots: [{ DBClusterSnapshotIdentifier: 's' }] }],
  ])('%s: missing', async (_label, out) => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves(out);
    expect(await snapshotStatus(docdb as never, 's')).toBe('missing');
  });

  test('an error other than "not found" is not taken for a missing snapshot', async () => {
    docdb.on(DescribeDBClusterSnapshotsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(snapshotStatus(docdb as never, 's')).rejects.toThrow('Rate exceeded');
  });

  test('an empty or absent Marker is the last page', async () => {
    const snap = (id: string) => ({ DBClusterSnapshotIdentifier: id });
    for (const last of [{ Marker: '' }, {}]) {
      docdb.reset();
      docdb
        .on(DescribeDBClusterSnapshotsCommand)
        .resolvesOnce({ DBClusterSnapshots: [snap('a')], Marker: 'm2' })
        .resolvesOnce({ DBClusterSnapshots: [snap('b')], ...last })
        .resolves({ DBClusterSnapshots: [snap('never-read')] });
      expect((await listManualSnapshots(docdb as never, 'c')).map((s) => s.DBClusterSnapshotIdentifier)).toEqual(['a', 'b']);
      expect(docdb.commandCalls(DescribeDBClusterSnapshotsCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm2']);
    }
  });

  test(`a Marker that never ends stops after ${MAX_SNAPSHOT_PAGES} pages with an error`, async () => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [], Marker: 'again' });
    await expect(listManualSnapshots(docdb as never, 'c')).rejects.toThrow(
      `DescribeDBClusterSnapshots for c still returned a Marker after ${MAX_SNAPSHOT_PAGES} pages; stopped rather than loop`,
    );
    expect(docdb.commandCalls(DescribeDBClusterSnapshotsCommand)).toHaveLength(MAX_SNAPSHOT_PAGES);
  });

  test('a page without snapshots adds none', async () => {
    docdb
      .on(DescribeDBClusterSnapshotsCommand)
      .resolvesOnce({ Marker: 'm2' })
      .resolves({ DBClusterSnapshots: [{ DBClusterSnapshotIdentifier: 'b' }] });
    expect((await listManualSnapshots(docdb as never, 'c')).map((s) => s.DBClusterSnapshotIdentifier)).toEqual(['b']);
  });
});
