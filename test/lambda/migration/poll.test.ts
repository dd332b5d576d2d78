import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { pollMigration } from '../../../lambda/migration/poll';
import { DEFAULT_METRIC_NAMESPACE, DEFAULT_TIMEOUT_MINUTES, parseMigrationSettings } from '../../../lambda/migration/settings';
import { startMigration } from '../../../lambda/migration/start';
import { captureLogs, ecs, FakeAws, PROPERTIES, resetMocks, RUN_ID, SNAPSHOT_ID } from './fixtures';

let aws: FakeAws;
beforeEach(() => {
  resetMocks();
  aws = new FakeAws();
  captureLogs();
});

const settings = parseMigrationSettings(PROPERTIES);

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
