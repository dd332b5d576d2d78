import { PublishCommand } from '@aws-sdk/client-sns';
import { errorMessage, log } from '../shared/log';
import { FailedStep, MigrationFailure } from './failure';
import { logStreamConsoleUrl, taskLogStream } from './links';
import { publishRunMetrics } from './metrics';
import { MigrationRun } from './run';
import { MigrationSettings } from './settings';
import { MigrationClients } from './start';

/** Steps after which the database may have changed. */
const DATABASE_TOUCHED: readonly FailedStep[] = ['migrate', 'verify', 'poll'];

function notificationText(s: MigrationSettings, run: MigrationRun | undefined, f: MigrationFailure, logUrl: string | undefined): string {
  const touched = DATABASE_TOUCHED.includes(f.step) && run !== undefined;
  const lines = [
    `Database migration FAILED in ${s.envName}. The deploy stops here: the new backend does not take traffic.`,
    '',
    `Environment:   ${s.envName}`,
    `Image tag:     ${s.imageTag}`,
    `Failed step:   ${f.step}`,
    `Reason:        ${f.reason}`,
    `Exit code:     ${f.task?.exitCode ?? 'n/a'}`,
    `Run id:        ${run?.runId ?? 'n/a (not started)'}`,
    `Snapshot:      ${run === undefined ? 'none taken' : `${run.snapshotId} (kept; taken before the migration ran)`}`,
    `Task:          ${f.task?.arn ?? 'n/a'}`,
    `Task logs:     ${logUrl ?? 'n/a (no task ran)'}`,
    '',
    'What to do:',
    '1. Read the task logs above (or the reason, when no task ran).',
    touched
      ? `2. The database may be partly migrated. To return to its state before this run, restore snapshot ${run?.snapshotId} (runbook: docs/runbooks/restore-pre-migration-snapshot.md).`
      : '2. The migration did not run: the database is unchanged.',
    `3. Fix the cause, then redeploy or run: npm run migrate -- --env ${s.envName}`,
  ];
  return lines.join('\n');
}

/**
 * Notifies (SNS, with the snapshot id and the task's log link), records MigrationSucceeded=0
 * and returns the error to throw, so the deploy fails. A failure to notify is logged and never
 * hides the original error.
 */
export async function reportFailure(clients: MigrationClients, s: MigrationSettings, run: MigrationRun | undefined, error: unknown, fallbackStep: FailedStep): Promise<Error> {
  const failure = error instanceof MigrationFailure ? error : new MigrationFailure(fallbackStep, errorMessage(error));
  const logUrl = failure.task === undefined ? undefined : logStreamConsoleUrl(s.region, s.logGroupName, taskLogStream(s.logStreamPrefix, s.containerName, failure.task.arn));
  log('error', 'migration run failed', {
    env: s.envName,
    imageTag: s.imageTag,
    runId: run?.runId,
    snapshotId: run?.snapshotId,
    step: failure.step,
    reason: failure.reason,
    exitCode: failure.task?.exitCode,
    taskArn: failure.task?.arn,
    logUrl,
  });

  try {
    await clients.sns.send(
      new PublishCommand({
        TopicArn: s.notifyTopicArn,
        Subject: `[${s.envName}] Database migration failed at step ${failure.step}`.slice(0, 100),
        Message: notificationText(s, run, failure, logUrl),
      }),
    );
  } catch (notifyError) {
    log('error', 'could not publish the failure notification', { topicArn: s.notifyTopicArn, error: errorMessage(notifyError) });
  }
  try {
    await publishRunMetrics(clients.cloudwatch, s, false);
  } catch (metricError) {
    log('error', 'could not publish MigrationSucceeded=0', { error: errorMessage(metricError) });
  }

  const snapshot = run === undefined ? 'no snapshot taken' : `snapshot ${run.snapshotId} kept`;
  return new Error(`Migration failed at step ${failure.step}: ${failure.reason} (${snapshot}${logUrl === undefined ? '' : `; logs: ${logUrl}`})`);
}
