import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand } from '@aws-sdk/client-sns';
import { MigrationFailure } from '../../../lambda/migration/failure';
import { reportFailure } from '../../../lambda/migration/report';
import { MigrationSettings, parseMigrationSettings } from '../../../lambda/migration/settings';
import { captureLogs, cloudwatch, FakeAws, freshAws, metricData, notifications, PROPERTIES, RUN_ID, SNAPSHOT_ID, sns, TOPIC } from './fixtures';

// Parsed in a hook, not at import: a mutant that breaks parsing fails the tests, not the file.
let settings: MigrationSettings;
beforeAll(() => {
  settings = parseMigrationSettings(PROPERTIES);
});
const RUN = { runId: RUN_ID, snapshotId: SNAPSHOT_ID, startedAt: '2025-03-01T12:00:00.000Z' };
const TASK = 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/0123abcd';
const LOGS =
  'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fflashcard-lms$252Fstaging$252Fmigrations/log-events/migration$252Fbackend$252F0123abcd';

let aws: FakeAws;
let logs: string[];
beforeEach(() => {
  aws = freshAws();
  logs = captureLogs();
});

const report = (run: typeof RUN | undefined, error: unknown, fallback: 'start' | 'poll' = 'poll') => reportFailure(aws.deps(), settings, run, error, fallback);

test('a failed migrate task: the whole notification, the log line and the error', async () => {
  const error = await report(RUN, new MigrationFailure('migrate', 'the migrate task (python -m x) failed: exit code 3; boom', { arn: TASK, exitCode: 3 }));

  expect(error.message).toBe(`Migration failed at step migrate: the migrate task (python -m x) failed: exit code 3; boom (snapshot ${SNAPSHOT_ID} kept; logs: ${LOGS})`);
  expect(notifications()).toEqual([
    {
      TopicArn: TOPIC,
      Subject: '[staging] Database migration failed at step migrate',
      Message: [
        'Database migration FAILED in staging. The deploy stops here: the new backend does not take traffic.',
        '',
        'Environment:   staging',
        'Image tag:     v1.4.0',
        'Failed step:   migrate',
        'Reason:        the migrate task (python -m x) failed: exit code 3; boom',
        'Exit code:     3',
        `Run id:        ${RUN_ID}`,
        `Snapshot:      ${SNAPSHOT_ID} (kept; taken before the migration ran)`,
        `Task:          ${TASK}`,
        `Task logs:     ${LOGS}`,
        '',
        'What to do:',
        '1. Read the task logs above (or the reason, when no task ran).',
        `2. The database may be partly migrated. To return to its state before this run, restore snapshot ${SNAPSHOT_ID} (runbook: docs/runbooks/restore-pre-migration-snapshot.md).`,
        '3. Fix the cause, then redeploy or run: npm run migrate -- --env staging',
      ].join('\n'),
    },
  ]);
  expect(logs.map((l) => JSON.parse(l))).toEqual([
    {
      level: 'error',
      message: 'migration run failed',
      env: 'staging',
      imageTag: 'v1.4.0',
      runId: RUN_ID,
      snapshotId: SNAPSHOT_ID,
      step: 'migrate',
      reason: 'the migrate task (python -m x) failed: exit code 3; boom',
      exitCode: 3,
      taskArn: TASK,
      logUrl: LOGS,
    },
  ]);
  expect(metricData()).toEqual([
    { name: 'MigrationSucceeded', value: 0, unit: 'Count', dimensions: [{ Name: 'Environment', Value: 'staging' }], namespace: 'FlashcardLMS/Migrations' },
  ]);
});

test('before any run: no run id, no snapshot, the database unchanged', async () => {
  const error = await report(undefined, new Error('User is not authorized to perform: ecs:ListTasks'), 'start');

  expect(error.message).toBe('Migration failed at step start: User is not authorized to perform: ecs:ListTasks (no snapshot taken)');
  const lines = notifications()[0].Message?.split('\n') ?? [];
  expect(lines).toEqual(
    expect.arrayContaining([
      'Failed step:   start',
      'Exit code:     n/a',
      'Run id:        n/a (not started)',
      'Snapshot:      none taken',
      'Task:          n/a',
      'Task logs:     n/a (no task ran)',
      '2. The migration did not run: the database is unchanged.',
    ]),
  );
  expect(JSON.parse(logs[0])).toEqual({
    level: 'error',
    message: 'migration run failed',
    env: 'staging',
    imageTag: 'v1.4.0',
    step: 'start',
    reason: 'User is not authorized to perform: ecs:ListTasks',
  });
});

test('an unexpected error while polling is a failure of step poll, after which the database may have changed', async () => {
  const error = await report(RUN, new Error('Rate exceeded'));

  expect(error.message).toBe(`Migration failed at step poll: Rate exceeded (snapshot ${SNAPSHOT_ID} kept)`);
  expect(notifications()[0].Subject).toBe('[staging] Database migration failed at step poll');
  expect(notifications()[0].Message).toContain(`2. The database may be partly migrated. To return to its state before this run, restore snapshot ${SNAPSHOT_ID}`);
});

test.each([
  ['snapshot', false],
  ['verify', true],
] as const)('a failure at step %s: database touched %s', async (step, touched) => {
  await report(RUN, new MigrationFailure(step, 'x'));
  const message = notifications()[0].Message ?? '';
  expect(message.includes('The database may be partly migrated')).toBe(touched);
  expect(message.includes('The migration did not run: the database is unchanged.')).toBe(!touched);
});

test('a failed notification or metric is logged, and the failure still returned', async () => {
  sns.on(PublishCommand).rejects(new Error('KMS key disabled'));
  cloudwatch.on(PutMetricDataCommand).rejects(new Error('Throttling'));

  const error = await report(RUN, new MigrationFailure('verify', 'exit code 1'));

  expect(error.message).toBe(`Migration failed at step verify: exit code 1 (snapshot ${SNAPSHOT_ID} kept)`);
  expect(logs.slice(1).map((l) => JSON.parse(l))).toEqual([
    { level: 'error', message: 'could not publish the failure notification', topicArn: TOPIC, error: 'KMS key disabled' },
    { level: 'error', message: 'could not publish MigrationSucceeded=0', error: 'Throttling' },
  ]);
});

test('without a run, no snapshot is offered for a restore, whatever the step', async () => {
  await report(undefined, new MigrationFailure('poll', 'x'));
  expect(notifications()[0].Message).toContain('2. The migration did not run: the database is unchanged.');
  expect(notifications()[0].Message).not.toContain('restore snapshot');
});
