import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { VaultLockConfig } from '../../config';
import { DEFAULT_BREAK_GLASS_ROLE_NAME, guardBackupKey } from './backup-key-guard';

export interface EncryptedBackupVaultProps {
  readonly envName: string;
  /** Fixed name, so stacks in other regions can address the vault by a constructed ARN. */
  readonly vaultName: string;
  /** What the vault holds, for the key's description. */
  readonly purpose: string;
  /** Alias of the vault's key, without "alias/". */
  readonly keyAlias: string;
  /** Vault lock; none when null. @default no lock */
  readonly lock?: VaultLockConfig | null;
  /** Only this role may delete, disable or re-police the vault key. @default DEFAULT_BREAK_GLASS_ROLE_NAME */
  readonly breakGlassRoleName?: string;
}

/**
 * Actions denied to every principal on the vault. PutBackupVaultAccessPolicy is not among them:
 * denying it would freeze this policy for CloudFormation too; deliberate deletion is what the
 * vault lock prevents.
 */
export const DENIED_VAULT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:DisassociateRecoveryPoint',
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
] as const;

/**
 * An AWS Backup vault encrypted with its own rotated CMK, both retained; an access policy that
 * denies deleting or shortening recovery points to everyone; a key policy that lets only the
 * break-glass role delete or disable the key; optionally a vault lock.
 */
export class EncryptedBackupVault extends Construct {
  public readonly key: kms.Key;
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: EncryptedBackupVaultProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${props.keyAlias}`,
      description: `Flashcard LMS ${props.envName}: ${props.purpose}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      // Deleting the key would make every recovery point in the vault unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    guardBackupKey(this.key, { breakGlassRoleName: props.breakGlassRoleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME });

    const accessPolicy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'DenyRecoveryPointDeletion',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...DENIED_VAULT_ACTIONS],
          resources: ['*'],
        }),
      ],
    });

    const lock = props.lock ?? undefined;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      accessPolicy,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: lock && {
        minRetention: Duration.days(lock.minRetentionDays),
        maxRetention: Duration.days(lock.maxRetentionDays),
        // Present only in compliance mode; without it the lock is in governance mode.
        changeableFor: lock.mode === 'compliance' && lock.changeableForDays !== null ? Duration.days(lock.changeableForDays) : undefined,
      },
    });
  }
}
