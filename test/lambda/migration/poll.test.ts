import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { pollMigration } from '../../../lambda/migration/poll';
import { DEFAULT_METRIC_NAMESPACE, DEFAULT_TIMEOUT_MINUTES, MigrationSettings, parseMigrationSettings } from '../../../lambda/migration/settings';
import { startMigration } from '../../../lambda/migration/start';
import { captureLogs, ecs, FakeAws, freshAws, PROPERTIES, RUN_ID, SNAPSHOT_ID } from './fixtures';

let aws: FakeAws;
beforeEach(() => {
  aws = freshAws();
  captureLogs();
});

// Parsed in a hook, not at import: a mutant that breaks parsing fails the tests, not the file.
let settings: MigrationSettings;
beforeAll(() => {
  settings = parseMigrationSettings(PROPERTIES);
});

test('settings: defaults for commands, namespace and timeout; family and region from the task definition', () => {
  expect(settings).toMatchObject({
    migrateCommand: ['python', '-m', 'app.migrations.run_migrations'],
    verifyCommand: ['python', '-m', 'app.migrations.verify_migrations'],
    metricNamespace: DEFAULT_METRIC_NAMESPACE,
    timeoutMinutes: DEFAULT_TIMEOUT_MINUTES,
    taskFamily: 'flashcard-lms-staging-migration',
    region: 'eu-west-1',
    snapshotRetentionDays: 14,
    snapshotsToKeep: 3,
  });
});

test('repeated polls never start a task twice, even after the stopped migrate task left ECS', async () => {
  const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
  expect(run).toEqual({ runId: RUN_ID, snapshotId: SNAPSHOT_ID, startedAt: aws.clock.toISOString() });
  aws.setSnapshot(SNAPSHOT_ID, 'available');
  await pollMigration(aws.deps(), settings, run, aws.clock);
  await pollMigration(aws.deps(), settings, run, aws.clock);
  aws.stop(`migrate-${RUN_ID}`, 0);
  await pollMigration(aws.deps(), settings, run, aws.clock);
  await pollMigration(aws.deps(), settings, run, aws.clock);
  // ECS forgets stopped tasks after about an hour; a long verify outlives the migrate task's record.
  aws.tasks.splice(0, 1);
  aws.running(`verify-${RUN_ID}`);

  const outcome = await pollMigration(aws.deps(), settings, run, aws.clock);

  expect(outcome).toMatchObject({ done: false, step: 'verify', status: 'RUNNING' });
  expect(ecs.commandCalls(RunTaskCommand).map((c) => c.args[0].input.startedBy)).toEqual([`migrate-${RUN_ID}`, `verify-${RUN_ID}`]);

  aws.stop(`verify-${RUN_ID}`, 0);
  const done = await pollMigration(aws.deps(), settings, run, aws.clock);
  expect(done).toMatchObject({ done: true, result: { migrateTaskArn: '', verifyTaskArn: expect.stringContaining('task2') } });
});

describe('what each poll reports, step by step', () => {
  const TASK1 = 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task1';
  const TASK2 = 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task2';
  const poll = (run: Awaited<ReturnType<typeof startMigration>>) => pollMigration(aws.deps(), settings, run, aws.clock);
  const messages = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  let logs: string[];
  beforeEach(() => {
    logs = captureLogs();
  });

  test('snapshot, migrate and verify progress, then the result', async () => {
    const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
    expect(messages()).toEqual([
      { level: 'info', message: 'migration run started: snapshot requested', env: 'staging', imageTag: 'v1.4.0', runId: RUN_ID, snapshotId: SNAPSHOT_ID },
    ]);
    expect(await poll(run)).toEqual({ done: false, step: 'snapshot', status: 'creating' });
    expect(messages()[1]).toEqual({ level: 'info', message: 'migration in progress', runId: RUN_ID, step: 'snapshot', status: 'creating' });
    aws.setSnapshot(SNAPSHOT_ID, 'copying');
    expect(await poll(run)).toEqual({ done: false, step: 'snapshot', status: 'copying' });

    aws.setSnapshot(SNAPSHOT_ID, 'available');
    logs.length = 0;
    expect(await poll(run)).toEqual({ done: false, step: 'migrate', status: 'STARTED', taskArn: TASK1 });
    expect(messages()).toEqual([
      { level: 'info', message: 'snapshot available; migrate task started', runId: RUN_ID, snapshotId: SNAPSHOT_ID, migrateTaskArn: TASK1 },
      { level: 'info', message: 'migration in progress', runId: RUN_ID, step: 'migrate', status: 'STARTED', taskArn: TASK1 },
    ]);
    expect(await poll(run)).toEqual({ done: false, step: 'migrate', status: 'PROVISIONING', taskArn: TASK1 });
    aws.running(`migrate-${RUN_ID}`);
    expect(await poll(run)).toEqual({ done: false, step: 'migrate', status: 'RUNNING', taskArn: TASK1 });

    aws.stop(`migrate-${RUN_ID}`, 0);
    logs.length = 0;
    expect(await poll(run)).toEqual({ done: false, step: 'verify', status: 'STARTED', taskArn: TASK2 });
    expect(messages()[0]).toEqual({ level: 'info', message: 'migrate task succeeded; verify task started', runId: RUN_ID, migrateTaskArn: TASK1, verifyTaskArn: TASK2 });
    aws.running(`verify-${RUN_ID}`);
    expect(await poll(run)).toEqual({ done: false, step: 'verify', status: 'RUNNING', taskArn: TASK2 });

    aws.stop(`verify-${RUN_ID}`, 0);
    aws.tick(90.4);
    logs.length = 0;
    expect(await poll(run)).toEqual({ done: true, result: { durationSeconds: 90, migrateTaskArn: TASK1, verifyTaskArn: TASK2, prunedSnapshots: [] } });
    expect(messages()).toContainEqual({
      level: 'info',
      message: 'migration run succeeded',
      env: 'staging',
      imageTag: 'v1.4.0',
      runId: RUN_ID,
      snapshotId: SNAPSHOT_ID,
      durationSeconds: 90,
      migrateTaskArn: TASK1,
      verifyTaskArn: TASK2,
    });
  });

  async function finishedAfter(seconds: number, startedAt = aws.clock.toISOString()) {
    const run = { runId: RUN_ID, snapshotId: SNAPSHOT_ID, startedAt };
    await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(run);
    aws.stop(`migrate-${RUN_ID}`, 0);
    await poll(run);
    aws.stop(`verify-${RUN_ID}`, 0);
    aws.tick(seconds);
    return poll(run);
  }

  test('the duration is rounded to the nearest second', async () => {
    expect(await finishedAfter(90.5)).toMatchObject({ done: true, result: { durationSeconds: 91 } });
  });

  test('a poll whose clock is behind the start reports 0 seconds, never a negative duration', async () => {
    expect(await finishedAfter(0, new Date(aws.clock.getTime() + 5000).toISOString())).toMatchObject({ done: true, result: { durationSeconds: 0 } });
  });

  test('a run that finishes after the timeout still succeeds: only an unfinished run times out', async () => {
    expect(await finishedAfter(500 * 60)).toMatchObject({ done: true, result: { durationSeconds: 30000 } });
  });

  test.each([
    ['deleting', 'snapshot staging-premigration-v1-4-0-20250301120000 is deleting, not available; the migration did not run'],
    ['missing', 'snapshot staging-premigration-v1-4-0-20250301120000 is missing, not available; the migration did not run'],
  ])('a snapshot %s fails the snapshot step', async (status, reason) => {
    const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
    if (status === 'missing') aws.snapshots.delete(SNAPSHOT_ID);
    else aws.setSnapshot(SNAPSHOT_ID, status);
    await expect(poll(run)).rejects.toMatchObject({ step: 'snapshot', reason, task: undefined });
  });

  test('a failed task carries its ARN and exit code; without an exit code it says so', async () => {
    const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(run);
    aws.stop(`migrate-${RUN_ID}`, 0);
    await poll(run);
    aws.stop(`verify-${RUN_ID}`, undefined, { stopCode: 'TaskFailedToStart', stoppedReason: 'ResourceInitializationError' });
    await expect(poll(run)).rejects.toMatchObject({
      step: 'verify',
      reason: 'the verify task (python -m app.migrations.verify_migrations) failed: no exit code; ResourceInitializationError; TaskFailedToStart',
      task: { arn: TASK2, exitCode: undefined },
    });
    aws.stop(`verify-${RUN_ID}`, 2);
    await expect(poll(run)).rejects.toMatchObject({ task: { arn: TASK2, exitCode: 2 } });
  });

  test('a verify task that cannot be started fails the verify step', async () => {
    const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await poll(run);
    aws.stop(`migrate-${RUN_ID}`, 0);
    ecs.on(RunTaskCommand).rejects(new Error('Rate exceeded'));
    await expect(poll(run)).rejects.toMatchObject({ step: 'verify', reason: 'the verify task could not be started: Rate exceeded' });
  });

  describe('the timeout, at and around TimeoutMinutes', () => {
    async function snapshotPendingAfter(seconds: number) {
      const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
      aws.tick(seconds);
      return poll(run);
    }

    test('one second before and at the limit the run is still polled', async () => {
      expect(await snapshotPendingAfter(110 * 60 - 1)).toEqual({ done: false, step: 'snapshot', status: 'creating' });
      aws = freshAws();
      expect(await snapshotPendingAfter(110 * 60)).toEqual({ done: false, step: 'snapshot', status: 'creating' });
    });

    test('one millisecond past the limit, a run still taking its snapshot fails with no task to link', async () => {
      await expect(snapshotPendingAfter(110 * 60 + 0.001)).rejects.toMatchObject({
        step: 'snapshot',
        reason: 'not finished after 110 minutes (snapshot is creating); any running task was left running',
        task: undefined,
      });
    });

    test('a run timing out in a task step links that task', async () => {
      const run = await startMigration(aws.deps(), settings, aws.clock, 'a1b2c3');
      aws.setSnapshot(SNAPSHOT_ID, 'available');
      await poll(run);
      aws.tick(110 * 60 + 1);
      await expect(poll(run)).rejects.toMatchObject({ step: 'migrate', reason: expect.stringContaining('(migrate is PROVISIONING)'), task: { arn: TASK1 } });
    });

    test('the limit is the configured one', async () => {
      const short = parseMigrationSettings({ ...PROPERTIES, TimeoutMinutes: '5' });
      const run = await startMigration(aws.deps(), short, aws.clock, 'a1b2c3');
      aws.tick(5 * 60);
      expect(await pollMigration(aws.deps(), short, run, aws.clock)).toMatchObject({ done: false });
      aws.tick(1);
      await expect(pollMigration(aws.deps(), short, run, aws.clock)).rejects.toThrow('not finished after 5 minutes (snapshot is creating)');
    });
  });
});
