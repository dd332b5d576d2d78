import { ArnFormat, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { AlarmFactory } from '../constructs/observability/alarm-factory';
import { dashboardUrl } from '../constructs/shared/dashboard-names';
import { EnvironmentConfig } from '../config';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { BackupAlerts } from '../constructs/backup/backup-alerts';
import { BackupKeyTamperAlert, DEFAULT_BREAK_GLASS_ROLE_NAME } from '../constructs/backup/backup-key-guard';
import { HEALTH_NAMESPACE } from '../constructs/observability/health-check';
import { BackupSchedule } from '../constructs/backup/backup-schedule';
import { EncryptedBackupVault } from '../constructs/backup/backup-vault';
import { DocumentDatabase } from '../constructs/data/document-database';
import { EncryptionKeys } from '../constructs/security/encryption-keys';
import { IsolatedBackupVault } from '../constructs/backup/isolated-backup-vault';
import { RestoreTesting } from '../constructs/backup/restore-testing';
import { UploadsFileSystem } from '../constructs/data/uploads-file-system';
import { drVaultName } from './backup-dr-stack';

export interface BackupStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: EncryptionKeys;
  readonly database: DocumentDatabase;
  readonly uploads: UploadsFileSystem;
  readonly topics: AlarmTopics;
}

/** Vault name of an environment's primary region. */
export function primaryVaultName(envName: string): string {
  return `flashcard-lms-${envName}`;
}

/** Name of the logically air-gapped vault, when `backup.isolation` asks for one. */
export function isolatedVaultName(envName: string): string {
  return `flashcard-lms-${envName}-isolated`;
}

/**
 * Stateful: the environment's backup vault, backup plan, job alerts and restore testing. The
 * recovery points outlive every other stack, so the vault and its key are retained.
 */
export class BackupStack extends Stack {
  public readonly vault: EncryptedBackupVault;
  public readonly schedule: BackupSchedule;
  public readonly alerts: BackupAlerts;
  /** Pages on attempts to delete, disable or re-police the vault key. */
  public readonly keyTamperAlert: BackupKeyTamperAlert;
  /** Destination of the isolated copy, when `backup.isolation` is set. */
  public readonly isolatedVault?: IsolatedBackupVault;
  public readonly restoreTesting: RestoreTesting;
  /** ARN of the DocumentDB cluster as AWS Backup addresses it. */
  public readonly documentDbClusterArn: string;
  /** ARN of the disaster-recovery vault, when copies are made. */
  public readonly drVaultArn?: string;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id, props);
    const { config } = props;
    const b = config.backup;
    const breakGlassRoleName = b.breakGlassRoleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME;

    this.vault = new EncryptedBackupVault(this, 'Vault', {
      envName: config.name,
      vaultName: primaryVaultName(config.name),
      purpose: 'AWS Backup recovery points',
      keyAlias: `flashcard-lms/${config.name}/backup`,
      lock: b.vaultLock,
      breakGlassRoleName,
    });

    // AWS Backup addresses DocumentDB clusters with the RDS ARN format; built from the name, not looked up.
    this.documentDbClusterArn = this.formatArn({
      service: 'rds',
      resource: 'cluster',
      resourceName: props.database.clusterName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // The DR vault lives in a stack of another region. A CDK cross-stack reference cannot cross regions
    // without crossRegionReferences (custom resources and SSM parameters at deploy time), so the ARN is
    // built from the fixed vault name: deterministic, offline, and the stage orders the deployments.
    let copyToVault: backup.IBackupVault | undefined;
    if (b.copyToRegion !== null) {
      this.drVaultArn = this.formatArn({
        service: 'backup',
        region: b.copyToRegion,
        resource: 'backup-vault',
        resourceName: drVaultName(config.name),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      copyToVault = backup.BackupVault.fromBackupVaultArn(this, 'DrVault', this.drVaultArn);
    }

    if (b.isolation !== undefined) {
      this.isolatedVault = new IsolatedBackupVault(this, 'IsolatedVault', { vaultName: isolatedVaultName(config.name), isolation: b.isolation });
    }

    this.schedule = new BackupSchedule(this, 'Schedule', {
      envName: config.name,
      vault: this.vault.vault,
      ...b.scheduleWindow,
      dailyRetentionDays: b.dailyRetentionDays,
      weeklyRetentionDays: b.weeklyRetentionDays,
      monthlyRetentionDays: b.monthlyRetentionDays,
      copyToVault,
      isolatedVault: this.isolatedVault?.vault,
      resourceArns: [this.documentDbClusterArn, props.uploads.fileSystem.fileSystemArn],
    });

    const alarms = new AlarmFactory(this, 'Alarms', {
      envName: config.name,
      critical: props.topics.critical,
      warning: props.topics.warning,
      dashboardUrl: dashboardUrl(config.region, config.name),
    });
    this.alerts = new BackupAlerts(this, 'Alerts', {
      envName: config.name,
      vaultName: primaryVaultName(config.name),
      warningTopic: props.topics.warning,
      alarms,
      heartbeat: { namespace: HEALTH_NAMESPACE, metricName: 'Healthy', dimensions: { Environment: config.name, Check: 'overall' } },
    });

    this.keyTamperAlert = new BackupKeyTamperAlert(this, 'KeyTamperAlert', {
      envName: config.name,
      keys: [this.vault.key],
      criticalTopic: props.topics.critical,
      breakGlassRoleName,
      dashboardUrl: dashboardUrl(config.region, config.name),
    });

    this.restoreTesting = new RestoreTesting(this, 'RestoreTesting', {
      envName: config.name,
      ...b.restoreTesting,
      vpc: props.vpc,
      vault: this.vault.vault,
      documentDbClusterArn: this.documentDbClusterArn,
      documentDbSubnetGroupName: props.database.subnetGroupName,
      documentDbParameterGroupName: props.database.parameterGroup.parameterGroupName,
      fileSystemArn: props.uploads.fileSystem.fileSystemArn,
      dataKey: props.keys.dataKey,
      logsKey: props.keys.logsKey,
      logRetentionDays: config.logRetentionDays,
      warningTopic: props.topics.warning,
      alarms,
    });

    new CfnOutput(this, 'VaultName', { value: primaryVaultName(config.name) });
    new CfnOutput(this, 'BackupPlanId', { value: this.schedule.plan.backupPlanId });
    if (this.drVaultArn) new CfnOutput(this, 'DrVaultArn', { value: this.drVaultArn });
  }
}
