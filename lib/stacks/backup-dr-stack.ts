import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { VaultLockConfig } from '../config';
import { EncryptedBackupVault } from '../constructs/backup/backup-vault';

export interface BackupDrStackProps extends StackProps {
  readonly envName: string;
  /** Same bounds as the primary vault, so copies are as protected as the originals. @default no lock */
  readonly lock?: VaultLockConfig | null;
  /** Only this role may delete, disable or re-police the DR vault key. @default DEFAULT_BREAK_GLASS_ROLE_NAME */
  readonly breakGlassRoleName?: string;
}

/** Name of the disaster-recovery vault; fixed so the primary region can address it by ARN. */
export function drVaultName(envName: string): string {
  return `flashcard-lms-${envName}-dr`;
}

/**
 * Stateful, in the disaster-recovery region: the vault that receives copies of every recovery
 * point, encrypted with a key of that region.
 */
export class BackupDrStack extends Stack {
  public readonly vault: EncryptedBackupVault;

  constructor(scope: Construct, id: string, props: BackupDrStackProps) {
    super(scope, id, props);
    this.vault = new EncryptedBackupVault(this, 'Vault', {
      envName: props.envName,
      vaultName: drVaultName(props.envName),
      purpose: `AWS Backup disaster-recovery copies in ${this.region}`,
      keyAlias: `flashcard-lms/${props.envName}/backup-dr`,
      lock: props.lock,
      breakGlassRoleName: props.breakGlassRoleName,
    });
  }
}
