import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';

export interface BackupScheduleProps {
  readonly envName: string;
  readonly vault: backup.IBackupVault;
  /** UTC hour every rule starts. */
  readonly startHourUtc: number;
  readonly startWindowHours: number;
  readonly completionWindowHours: number;
  readonly dailyRetentionDays: number;
  /** Sunday recovery points; none when null. @default no weekly rule */
  readonly weeklyRetentionDays?: number | null;
  /** First-of-month recovery points; none when null. @default no monthly rule */
  readonly monthlyRetentionDays?: number | null;
  /** Every recovery point is also copied here, kept as long as the original. @default no copy */
  readonly copyToVault?: backup.IBackupVault;
  /** Every recovery point is also copied to this isolated vault (air-gapped or another account). @default no isolated copy */
  readonly isolatedVault?: backup.IBackupVault;
  /** ARNs of the protected resources; selected by ARN only, never by tag. */
  readonly resourceArns: readonly string[];
}

/** Daily, weekly and monthly AWS Backup rules over the resources named by ARN. */
export class BackupSchedule extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly selection: backup.BackupSelection;
  /** Role AWS Backup assumes to take the backups. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    const hour = String(props.startHourUtc);
    const copies = [props.copyToVault, props.isolatedVault].filter((v): v is backup.IBackupVault => v !== undefined);
    const rule = (ruleName: string, schedule: events.CronOptions, days: number) =>
      new backup.BackupPlanRule({
        ruleName,
        scheduleExpression: events.Schedule.cron({ minute: '0', hour, ...schedule }),
        startWindow: Duration.hours(props.startWindowHours),
        completionWindow: Duration.hours(props.completionWindowHours),
        deleteAfter: Duration.days(days),
        copyActions: copies.length > 0 ? copies.map((destinationBackupVault) => ({ destinationBackupVault, deleteAfter: Duration.days(days) })) : undefined,
      });

    // When rules fire together (a Sunday, the 1st), AWS Backup takes one backup and keeps it for the longest retention.
    const rules = [rule('Daily', {}, props.dailyRetentionDays)];
    if (props.weeklyRetentionDays != null) rules.push(rule('Weekly', { weekDay: 'SUN' }, props.weeklyRetentionDays));
    if (props.monthlyRetentionDays != null) rules.push(rule('Monthly', { day: '1' }, props.monthlyRetentionDays));

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${props.envName}-flashcard-lms`,
      backupVault: props.vault,
      backupPlanRules: rules,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup ${props.envName}: takes and copies the scheduled backups`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    acknowledge(
      this.role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy for backup jobs; it follows the services AWS Backup supports.',
    );

    this.selection = this.plan.addSelection('Selection', {
      backupSelectionName: `${props.envName}-flashcard-lms-data`,
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
      role: this.role,
    });
  }
}
