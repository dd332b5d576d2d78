import { PublishCommand } from '@aws-sdk/client-sns';
import { ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { parseMigrationSettings } from '../../../lambda/migration/settings';
import { LoopOptions, runToCompletion } from '../../../scripts/migrate/run-loop';
import { captureLogs, ecs, FakeAws, metricData, notifications, PROPERTIES, resetMocks, RUN_ID, sns, SNAPSHOT_ID } from '../../lambda/migration/fixtures';

const settings = parseMigrationSettings(PROPERTIES);
let aws: FakeAws;
let printed: string[];

beforeEach(() => {
  resetMocks();
  aws = new FakeAws();
  printed = [];
  captureLogs();
});

/** Each sleep moves the fake clock on and lets `world` move AWS on (one call per sleep). */
function options(world: Array<() => void>, extra: Partial<LoopOptions> = {}): LoopOptions {
  let sleeps = 0;
  return {
    waitForOtherRun: false,
    pollIntervalMs: 30_000,
    sleep: async (ms) => {
      aws.tick(ms / 1000);
      world[sleeps]?.();
      sleeps += 1;
    },
    now: () => aws.clock,
    randomHex: () => 'a1b2c3',
    print: (line) => printed.push(line),
    ...extra,
  };
}

test('drives a run to success, printing each change of progress once', async () => {
  const result = await runToCompletion(
    aws.deps(),
    settings,
    options([
      () => undefined, // snapshot still creating
      () => aws.setSnapshot(SNAPSHOT_ID, 'available'),
      () => aws.running(`migrate-${RUN_ID}`),
      () => undefined,
      () => aws.stop(`migrate-${RUN_ID}`, 0),
      () => aws.stop(`verify-${RUN_ID}`, 0),
    ]),
  );

  expect(result).toMatchObject({ durationSeconds: 180, migrateTaskArn: expect.stringContaining('task1'), verifyTaskArn: expect.stringContaining('task2') });
  expect(printed).toEqual([
    `run ${RUN_ID}: snapshot ${SNAPSHOT_ID} requested`,
    'snapshot: creating',
    'migrate: STARTED (task1)',
    'migrate: RUNNING (task1)',
    'verify: STARTED (task2)',
  ]);
  expect(metricData().map((m) => [m.name, m.value])).toEqual([
    ['MigrationSucceeded', 1],
    ['MigrationDuration', 180],
  ]);
});

test('a failing migrate task notifies and throws, like a deploy', async () => {
  const run = runToCompletion(aws.deps(), settings, options([() => aws.setSnapshot(SNAPSHOT_ID, 'available'), () => aws.stop(`migrate-${RUN_ID}`, 2)]));

  await expect(run).rejects.toThrow('Migration failed at step migrate: the migrate task (python -m app.migrations.run_migrations) failed: exit code 2');
  expect(notifications()).toHaveLength(1);
  expect(notifications()[0].Message).toContain(`Snapshot:      ${SNAPSHOT_ID}`);
  expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
});

test('without --wait, a run in progress fails at once', async () => {
  ecs.on(ListTasksCommand, { family: 'flashcard-lms-staging-migration' }).resolves({ taskArns: ['arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/other'] });

  await expect(runToCompletion(aws.deps(), settings, options([]))).rejects.toThrow('Migration failed at step start: another migration is in progress');
  expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
});

test('with --wait, waits for the run in progress to end, then runs', async () => {
  ecs
    .on(ListTasksCommand, { family: 'flashcard-lms-staging-migration' })
    .resolvesOnce({ taskArns: ['other'] })
    .resolvesOnce({ taskArns: ['other'] })
    .resolves({ taskArns: [] });

  const result = await runToCompletion(
    aws.deps(),
    settings,
    options(
      [
        () => undefined,
        () => undefined,
        // The run starts after a minute of waiting, which its ids carry.
        () => aws.setSnapshot('staging-premigration-v1-4-0-20250301120100', 'available'),
        () => aws.stop('migrate-20250301120100-a1b2c3', 0),
        () => aws.stop('verify-20250301120100-a1b2c3', 0),
      ],
      { waitForOtherRun: true },
    ),
  );

  expect(printed.slice(0, 2)).toEqual([
    'waiting: another migration is in progress: task other of family flashcard-lms-staging-migration still running in ECS cluster flashcard-lms-staging; wait for it to stop (or stop it) and retry',
    'waiting: another migration is in progress: task other of family flashcard-lms-staging-migration still running in ECS cluster flashcard-lms-staging; wait for it to stop (or stop it) and retry',
  ]);
  expect(result.verifyTaskArn).toContain('task2');
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

test('with --wait, gives up after the run timeout', async () => {
  ecs.on(ListTasksCommand, { family: 'flashcard-lms-staging-migration' }).resolves({ taskArns: ['other'] });

  await expect(runToCompletion(aws.deps(), settings, options([], { waitForOtherRun: true, pollIntervalMs: 60 * 60_000 }))).rejects.toThrow('Gave up waiting after 110 minutes');
});
