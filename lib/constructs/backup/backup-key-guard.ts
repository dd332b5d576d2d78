import { DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AccountPinnedSnsTarget } from '../observability/account-pinned-sns-target';
import { runbookText } from '../observability/alarm-factory';

/** Role that may still delete, disable or re-police a backup key: assumed only in a declared incident. */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'flashcard-lms-break-glass';

/**
 * Calls that would make every recovery point unreadable (deletion, disabling, removing imported
 * material) or hand the key to someone else (rotation off). Denied to all but the break-glass role.
 */
export const GUARDED_KEY_ACTIONS = ['kms:DeleteImportedKeyMaterial', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:ScheduleKeyDeletion'] as const;

/** Key policy changes: also open to CloudFormation's execution role, so deploys and KMS's lockout safety check pass. */
export const GUARDED_POLICY_ACTIONS = ['kms:PutKeyPolicy'] as const;

/** Every guarded call, as CloudTrail names them (`eventName`), for the tamper alert. */
export const GUARDED_EVENT_NAMES = [...GUARDED_KEY_ACTIONS, ...GUARDED_POLICY_ACTIONS].map((a) => a.replace('kms:', ''));

/** ARN of a role without a path; IAM role ARNs name the role, so a recreated role matches again. */
export function roleArn(scope: Construct, roleName: string): string {
  const { partition, account } = Stack.of(scope);
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/**
 * The role CloudFormation deploys this stack with (the bootstrap's cfn-exec role), or undefined
 * when the stack uses another synthesizer.
 */
export function cloudFormationExecutionRoleArn(scope: Construct): string | undefined {
  const stack = Stack.of(scope);
  const synthesizer = stack.synthesizer;
  // The synthesizer leaves ${AWS::Partition} for its own Fn::Sub; a key policy needs it resolved.
  return synthesizer instanceof DefaultStackSynthesizer ? synthesizer.cloudFormationExecutionRoleArn.replace('${AWS::Partition}', stack.partition) : undefined;
}

export interface BackupKeyGuardProps {
  /** Name of the break-glass role (no path). */
  readonly breakGlassRoleName: string;
  /**
   * Also allowed to change the key policy. KMS refuses a policy that would stop the principal
   * setting it from setting the next one (the lockout safety check), and CloudFormation sets it.
   * @default the DefaultStackSynthesizer's CloudFormation execution role
   */
  readonly policyDeployerRoleArn?: string;
}

/**
 * Denies everyone but the break-glass role the calls that would make the key's ciphertext
 * unreadable, and everyone but the break-glass and deploy roles key policy changes. The
 * account-root statement stays, so IAM still decides who the allowed principals are; the
 * key stays manageable because the condition names role ARNs, which root can recreate.
 */
export function guardBackupKey(key: kms.Key, props: BackupKeyGuardProps): void {
  const breakGlass = roleArn(key, props.breakGlassRoleName);
  const deployer = props.policyDeployerRoleArn ?? cloudFormationExecutionRoleArn(key);
  // aws:PrincipalArn of an assumed-role session is the role's ARN (IAM condition keys reference).
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyKeyDestructionExceptBreakGlass',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...GUARDED_KEY_ACTIONS],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyKeyPolicyChangeExceptBreakGlassAndDeploy',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...GUARDED_POLICY_ACTIONS],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': deployer === undefined ? [breakGlass] : [breakGlass, deployer] } },
    }),
  );
}

export interface BackupKeyTamperAlertProps {
  readonly envName: string;
  /** Keys watched; CloudTrail names a key by id or ARN, whichever the caller passed. */
  readonly keys: readonly kms.IKey[];
  /** Pages: someone tried to destroy the backups' keys. */
  readonly criticalTopic: sns.ITopic;
  readonly breakGlassRoleName: string;
  /** Quoted in the page. */
  readonly dashboardUrl: string;
}

/**
 * Pages on every attempt, allowed or denied, to delete, disable or re-police a backup key. KMS
 * write (management) calls reach the default event bus through CloudTrail as "AWS API Call via
 * CloudTrail" events, best effort (EventBridge: AWS Key Management Service events).
 */
export class BackupKeyTamperAlert extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BackupKeyTamperAlertProps) {
    super(scope, id);
    const field = (path: string) => events.EventField.fromPath(path);
    const keyIds = props.keys.flatMap((k) => [k.keyId, k.keyArn]);
    const text = runbookText(
      {
        what: `${field('$.detail.eventName')} on backup key ${field('$.detail.requestParameters.keyId')} by ${field('$.detail.userIdentity.arn')} (error: ${field('$.detail.errorCode')}).`,
        impact: 'Deleting or disabling this key makes every recovery point it encrypts unreadable; whoever tried holds powerful credentials.',
        runbook: 'backup-key-tamper',
        checks: [
          `CloudTrail event ${field('$.detail.eventID')}: who, from where, allowed or denied; if not a declared incident using ${props.breakGlassRoleName}, treat it as a compromise`,
          'the key state (aws kms describe-key): cancel a pending deletion now (aws kms cancel-key-deletion, then enable-key)',
          "revoke the caller's sessions and keys; check the vault access policy and lock",
        ],
      },
      'critical',
      props.dashboardUrl,
    );
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: `${props.envName}-flashcard-lms-backup-key-tamper`,
      description: `Attempts to delete, disable or re-police a backup key of Flashcard LMS ${props.envName} -> critical topic`,
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['kms.amazonaws.com'], eventName: GUARDED_EVENT_NAMES, requestParameters: { keyId: keyIds } },
      },
      targets: [new AccountPinnedSnsTarget(props.criticalTopic, { message: events.RuleTargetInput.fromMultilineText(text) })],
    });
  }
}
