import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmFactory } from '../observability/alarm-factory';
import { AccountPinnedSnsTarget } from '../observability/account-pinned-sns-target';

export interface BackupAlertsProps {
  readonly envName: string;
  /** Name of the vault the scheduled backups land in. */
  readonly vaultName: string;
  /** Failed, expired or aborted jobs: tells without paging. */
  readonly warningTopic: sns.ITopic;
  /** Makes the no-backup alarm (critical: it pages). */
  readonly alarms: AlarmFactory;
  /** A metric published every minute from the first deploy on (the health check's), proving the environment is up. */
  readonly heartbeat: HeartbeatMetric;
}

/** Identity of a metric that has a datum every minute while the environment runs. */
export interface HeartbeatMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
}

/** Job states that mean a backup, copy or restore did not happen. */
export const FAILED_JOB_STATES = ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] as const;

/** A daily backup plus its start and completion windows, with slack: 26 hours without one is a missed day. */
export const BACKUP_SILENCE_HOURS = 26;

/**
 * EventBridge rules that send failed, expired, aborted or partial backup, copy and restore jobs to the
 * warning topic, and an alarm that pages when no backup completed in 26 hours once one was due.
 */
export class BackupAlerts extends Construct {
  public readonly jobRules: events.Rule[];
  /** Pages when no backup completed in 26 hours and the environment has been up that long. */
  public readonly noBackupAlarm: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    const { envName } = props;
    const field = (path: string) => events.EventField.fromPath(path);

    // Backup and copy job events carry "state"; restore job events carry "status".
    const kinds: Array<{ id: string; detailType: string; key: 'state' | 'status'; what: string }> = [
      { id: 'BackupJobFailed', detailType: 'Backup Job State Change', key: 'state', what: 'Backup job' },
      { id: 'CopyJobFailed', detailType: 'Copy Job State Change', key: 'state', what: 'Cross-region copy job' },
      { id: 'RestoreJobFailed', detailType: 'Restore Job State Change', key: 'status', what: 'Restore job' },
    ];
    this.jobRules = kinds.map(
      (k) =>
        new events.Rule(this, k.id, {
          ruleName: `${envName}-flashcard-lms-${k.id.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`,
          description: `${k.what}s of Flashcard LMS ${envName} that ended ${FAILED_JOB_STATES.join('/')} -> warning topic`,
          eventPattern: { source: ['aws.backup'], detailType: [k.detailType], detail: { [k.key]: [...FAILED_JOB_STATES] } },
          targets: [
            new AccountPinnedSnsTarget(props.warningTopic, {
              message: events.RuleTargetInput.fromMultilineText(
                [
                  `[${envName}] ${k.what} ${field(`$.detail.${k.key}`)}: ${field('$.detail.resourceType')} ${field('$.resources[0]')}`,
                  `Reason: ${field('$.detail.statusMessage')}`,
                  `Impact: no new recovery point for this resource; the recovery point objective slips until the next successful job.`,
                  `Check: 1) the job in the AWS Backup console (Jobs) and its status message; 2) the resource still exists and its KMS key is enabled; 3) the backup role and vault access policy (AccessDenied).`,
                ].join('\n'),
              ),
            }),
          ],
        }),
    );

    const completed = new cloudwatch.Metric({
      namespace: 'AWS/Backup',
      metricName: 'NumberOfBackupJobsCompleted',
      dimensionsMap: { BackupVaultName: props.vaultName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
    });
    // AWS/Backup publishes nothing when no job ran, so silence must count as breaching; but a new
    // environment is silent too until its first backup is due. So this alarm does not page on
    // its own: the page needs the platform to have been up for the same 26 hours, which the
    // health check proves with a metric that exists from the first minute (a datum every
    // minute). A plan that never runs a backup still pages, 26 hours after the first deploy.
    const silent = props.alarms.input({
      name: `backup-silent-${BACKUP_SILENCE_HOURS}h`,
      runbook: 'backup-no-completed-backup',
      metric: completed,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: BACKUP_SILENCE_HOURS,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      what: `No AWS Backup job completed in vault ${props.vaultName} for ${BACKUP_SILENCE_HOURS} hours (also true in a new environment).`,
      impact: `None by itself: pages through ${envName}-backup-no-completed-backup-${BACKUP_SILENCE_HOURS}h once the environment is up as long.`,
      checks: ['AWS Backup console > Jobs', `the backup plan ${envName}-flashcard-lms`, `the alarm ${envName}-backup-no-completed-backup-${BACKUP_SILENCE_HOURS}h`],
    });
    const heartbeats = new cloudwatch.Metric({
      namespace: props.heartbeat.namespace,
      metricName: props.heartbeat.metricName,
      dimensionsMap: props.heartbeat.dimensions,
      statistic: cloudwatch.Stats.SAMPLE_COUNT,
      period: Duration.hours(1),
    });
    const up = props.alarms.input({
      name: `backup-platform-up-${BACKUP_SILENCE_HOURS}h`,
      runbook: 'backup-no-completed-backup',
      metric: heartbeats,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: BACKUP_SILENCE_HOURS,
      // No heartbeat yet (a new environment) is not "up for 26 h".
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      what: `The health check ran in each of the last ${BACKUP_SILENCE_HOURS} hours: the environment is old enough for a backup to be due.`,
      impact: 'None: in ALARM is the normal state of a running environment.',
      checks: ['the health-check function and its schedule', `the alarm ${envName}-backup-no-completed-backup-${BACKUP_SILENCE_HOURS}h`, 'the FlashcardLMS/Health metrics'],
    });
    this.noBackupAlarm = props.alarms.composite(`backup-no-completed-backup-${BACKUP_SILENCE_HOURS}h`, 'critical', cloudwatch.AlarmRule.allOf(silent, up), {
      what: `No AWS Backup job completed in vault ${props.vaultName} for ${BACKUP_SILENCE_HOURS} hours, in an environment up for at least as long.`,
      impact: 'The newest DocumentDB and uploads recovery points are older than a day; a restore now would lose more data than the plan promises (RPO 24 h).',
      runbook: 'backup-no-completed-backup',
      checks: [
        'AWS Backup console > Jobs for failed, expired or never-started jobs (the warning topic has the details)',
        `the backup plan ${envName}-flashcard-lms and its selection still name the cluster and file system ARNs`,
        'the DocumentDB cluster and EFS file system are available and their KMS key is enabled',
      ],
    });
  }
}
