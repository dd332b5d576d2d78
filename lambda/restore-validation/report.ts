import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

export type ValidationStatus = 'SUCCESSFUL' | 'FAILED';

export interface Verdict {
  readonly status: ValidationStatus;
  readonly message: string;
}

export interface Outcome extends Verdict {
  readonly restoreJobId: string;
  readonly resourceType?: string;
  readonly resourceArn?: string;
}

export interface ReportClients {
  readonly backup: BackupClient;
  readonly sns: SNSClient;
}

export interface ReportSettings {
  readonly envName: string;
  /** Failures are published here. */
  readonly warningTopicArn: string;
}

export const ok = (message: string): Verdict => ({ status: 'SUCCESSFUL', message });
export const failed = (message: string): Verdict => ({ status: 'FAILED', message });

export function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string };
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}

/** Last segment after `marker` in an ARN (cluster id, file system id). */
export function idFromArn(arn: string, marker: string): string | undefined {
  const at = arn.lastIndexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length) || undefined;
}

/**
 * Reports the verdict to AWS Backup (which then deletes the restored resource) and publishes it
 * to the warning topic when it failed, when reporting failed, or when `alsoNotify` names a
 * problem on-call must act on. A reporting error is rethrown after the notice is sent.
 */
export async function reportOutcome(outcome: Outcome, clients: ReportClients, settings: ReportSettings, alsoNotify?: string): Promise<void> {
  let reportError: unknown;
  try {
    await clients.backup.send(
      new PutRestoreValidationResultCommand({
        RestoreJobId: outcome.restoreJobId,
        ValidationStatus: outcome.status,
        // AWS Backup keeps at most 1024 characters.
        ValidationStatusMessage: outcome.message.slice(0, 1024),
      }),
    );
  } catch (e) {
    reportError = e;
  }
  if (outcome.status === 'FAILED' || reportError !== undefined || alsoNotify !== undefined) {
    await clients.sns.send(new PublishCommand({ TopicArn: settings.warningTopicArn, ...failureNotice(outcome, settings.envName, reportError, alsoNotify) }));
  }
  // Rethrows the caught failure as it came, after the notice went out.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (reportError !== undefined) throw reportError;
}

/** What on-call reads: what failed, what it means, what to check. */
export function failureNotice(outcome: Outcome, envName: string, reportError?: unknown, problem?: string): { Subject: string; Message: string } {
  const what = outcome.resourceType ?? 'resource';
  const headline = outcome.status === 'FAILED' ? 'FAILED' : reportError !== undefined ? 'result could not be reported' : 'needs attention';
  const lines = [
    `Restore test of ${what} in ${envName}: ${headline}.`,
    `Restore job: ${outcome.restoreJobId}`,
    `Restored resource: ${outcome.resourceArn ?? '(none)'}`,
    `Result: ${outcome.message}`,
  ];
  if (problem !== undefined) lines.push(`Attention: ${problem}`);
  if (reportError !== undefined) lines.push(`Reporting the result to AWS Backup failed: ${describeError(reportError)}`);
  lines.push(
    '',
    outcome.status === 'FAILED'
      ? 'Impact: the latest recovery point may not restore; disaster recovery from it is unproven.'
      : 'Impact: the restore test passed, but what it restored may not be cleaned up and keeps costing money.',
    'Check: 1) the restore job in the AWS Backup console (Jobs > Restore jobs) and its status message;',
    '2) the restored resource (DocumentDB cluster and its temporary restore-probe instance / EFS file system) while it still exists;',
    '3) the restore-validation Lambda logs and the restore-probe state machine execution. See docs/backup-and-dr.md, "Recovery testing".',
  );
  const subject = outcome.status === 'FAILED' ? `[${envName}] restore test failed: ${what}` : `[${envName}] restore test needs attention: ${what}`;
  return { Subject: subject.slice(0, 99), Message: lines.join('\n') };
}
