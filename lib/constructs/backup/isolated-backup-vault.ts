import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { BackupIsolationConfig } from '../../config';
import { DENIED_VAULT_ACTIONS } from './backup-vault';

export interface IsolatedBackupVaultProps {
  /** Name of the air-gapped vault, when one is made here. */
  readonly vaultName: string;
  readonly isolation: BackupIsolationConfig;
}

/**
 * The destination of the isolated copy: a logically air-gapped vault made here (AWS-owned key,
 * compliance lock built in: AWS Backup, "Logically air-gapped vault"), or a vault of another
 * account addressed by ARN (its owner sets its policy and lock there).
 */
export class IsolatedBackupVault extends Construct {
  public readonly vault: backup.IBackupVault;
  /** The air-gapped vault, when `kind` is `logically-air-gapped`. */
  public readonly airGappedVault?: backup.CfnLogicallyAirGappedBackupVault;

  constructor(scope: Construct, id: string, props: IsolatedBackupVaultProps) {
    super(scope, id);
    const iso = props.isolation;
    if (iso.kind === 'separate-account') {
      this.vault = backup.BackupVault.fromBackupVaultArn(this, 'Vault', iso.vaultArn);
      return;
    }
    this.airGappedVault = new backup.CfnLogicallyAirGappedBackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      minRetentionDays: iso.minRetentionDays,
      maxRetentionDays: iso.maxRetentionDays,
      accessPolicy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: { AWS: '*' }, Action: [...DENIED_VAULT_ACTIONS], Resource: '*' }],
      },
    });
    this.airGappedVault.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.vault = backup.BackupVault.fromBackupVaultArn(this, 'VaultRef', this.airGappedVault.attrBackupVaultArn);
  }
}
