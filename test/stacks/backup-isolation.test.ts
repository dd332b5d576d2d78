import { Match, Template } from 'aws-cdk-lib/assertions';
import { DENIED_VAULT_ACTIONS } from '../../lib/constructs/backup/backup-vault';
import { GUARDED_EVENT_NAMES, GUARDED_KEY_ACTIONS } from '../../lib/constructs/backup/backup-key-guard';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { describeFindings, synthEnvironments } from '../helpers/app';
import { configWith, problemsWith } from '../helpers/configs';
import { NagFinding } from '../helpers/nag';

const OTHER_ACCOUNT_VAULT = 'arn:aws:backup:eu-west-1:333333333333:backup-vault:flashcard-lms-production-vault';

// GIVEN staging with an air-gapped vault and its own break-glass role, production copying to another account.
let staging: EnvironmentStage;
let production: EnvironmentStage;
let findings: NagFinding[];
let stag: Template;
let prod: Template;
let dr: Template;

beforeAll(() => {
  ({
    stages: [staging, production],
    findings,
  } = synthEnvironments([
    configWith('staging', { backup: { breakGlassRoleName: 'ops-break-glass', isolation: { kind: 'logically-air-gapped', minRetentionDays: 7, maxRetentionDays: 60 } } }),
    configWith('production', { backup: { isolation: { kind: 'separate-account', vaultArn: OTHER_ACCOUNT_VAULT } } }),
  ]));
  stag = Template.fromStack(staging.backup);
  prod = Template.fromStack(production.backup);
  dr = Template.fromStack(production.backupDr!);
});

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(findings)).toEqual([]);
});

describe('backup key guard', () => {
  const denyDestruction = (roleArn: string) =>
    Match.objectLike({
      Sid: 'DenyKeyDestructionExceptBreakGlass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...GUARDED_KEY_ACTIONS],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': roleArn } },
    });

  test('only the break-glass role may delete, disable or stop rotating a vault key (primary and DR)', () => {
    prod.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([denyDestruction('arn:aws:iam::222222222222:role/flashcard-lms-break-glass')]) } });
    dr.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([denyDestruction('arn:aws:iam::222222222222:role/flashcard-lms-break-glass')]) } });
    stag.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([denyDestruction('arn:aws:iam::111111111111:role/ops-break-glass')]) } });
    expect(GUARDED_KEY_ACTIONS).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey']));
  });

  test('key policy changes stay open to the break-glass role and the deploy role only, so the lockout check passes', () => {
    prod.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          // The account statement stays: IAM policies still decide who may use and administer the key.
          Match.objectLike({ Effect: 'Allow', Action: 'kms:*', Principal: { AWS: Match.anyValue() } }),
          Match.objectLike({
            Sid: 'DenyKeyPolicyChangeExceptBreakGlassAndDeploy',
            Effect: 'Deny',
            Action: 'kms:PutKeyPolicy',
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': [
                  'arn:aws:iam::222222222222:role/flashcard-lms-break-glass',
                  'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
                ],
              },
            },
          }),
        ]),
      },
      BypassPolicyLockoutSafetyCheck: Match.absent(),
    });
  });

  test('every attempt on the vault key pages the critical topic', () => {
    const rule = prod.findResources('AWS::Events::Rule', { Properties: { Name: 'production-flashcard-lms-backup-key-tamper' } });
    const [props] = Object.values(rule).map((r) => r.Properties);
    expect(props.EventPattern).toEqual({
      source: ['aws.kms'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['kms.amazonaws.com'],
        eventName: GUARDED_EVENT_NAMES,
        requestParameters: { keyId: [{ Ref: expect.stringMatching(/^VaultKey/) }, { 'Fn::GetAtt': [expect.stringMatching(/^VaultKey/), 'Arn'] }] },
      },
    });
    // No errorCode filter: a denied attempt pages too.
    expect(props.EventPattern.detail.errorCode).toBeUndefined();
    expect(props.Targets).toHaveLength(1);
    expect(JSON.stringify(props.Targets[0].Arn)).toContain('Critical');
    expect(props.Targets[0].InputTransformer.InputTemplate).toContain('[CRITICAL]');
    expect(props.Targets[0].InputTransformer.InputTemplate).toContain('cancel-key-deletion');
    expect(GUARDED_EVENT_NAMES).toEqual(['DeleteImportedKeyMaterial', 'DisableKey', 'DisableKeyRotation', 'ScheduleKeyDeletion', 'PutKeyPolicy']);
  });
});

describe('isolated copy', () => {
  test('a logically air-gapped vault is retained, bounded and denies deletion', () => {
    stag.hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      Properties: {
        BackupVaultName: 'flashcard-lms-staging-isolated',
        MinRetentionDays: 7,
        MaxRetentionDays: 60,
        AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Action: [...DENIED_VAULT_ACTIONS] })] },
      },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    prod.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 0);
  });

  test('every rule copies to the isolated vault as well as the DR vault, with its own retention', () => {
    stag.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', CopyActions: [{ DestinationBackupVaultArn: Match.anyValue(), Lifecycle: { DeleteAfterDays: 30 } }] })] },
    });
    const plan = Object.values(prod.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
    for (const rule of plan) {
      expect(rule.CopyActions).toHaveLength(2);
      expect(rule.CopyActions[1]).toEqual({ DestinationBackupVaultArn: OTHER_ACCOUNT_VAULT, Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } });
    }
  });
});

describe('config', () => {
  test('break-glass role names and isolation are validated with clear messages', () => {
    expect(
      problemsWith('staging', { backup: { breakGlassRoleName: 'role/with/path', isolation: { kind: 'logically-air-gapped', minRetentionDays: 3, maxRetentionDays: 60 } } }),
    ).toEqual([
      'staging: backup.breakGlassRoleName: must be an IAM role name (1-64 letters, digits and +=,.@_-, no path) (got "role/with/path")',
      'staging: backup.isolation.minRetentionDays: a logically air-gapped vault keeps recovery points at least 7 days (got 3)',
    ]);
    expect(problemsWith('staging', { backup: { isolation: { kind: 'tape' } } })).toEqual([
      'staging: backup.isolation.kind: must be {"kind": "logically-air-gapped", ...} or {"kind": "separate-account", ...} (got "tape")',
    ]);
  });

  test('retention must fit the air-gapped vault, and a separate account must really be separate', () => {
    expect(problemsWith('staging', { backup: { isolation: { kind: 'logically-air-gapped', minRetentionDays: 7, maxRetentionDays: 20 } } })).toEqual([
      "staging: backup.dailyRetentionDays: is outside backup.isolation's retention bounds (7-20 days); the air-gapped vault would refuse these copies (got 30)",
    ]);
    expect(problemsWith('staging', { backup: { isolation: { kind: 'separate-account', vaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:mine' } } })).toEqual([
      'staging: backup.isolation.vaultArn: must be a vault of another account than 111111111111; a copy in the same account falls with it (got "arn:aws:backup:eu-west-1:111111111111:backup-vault:mine")',
    ]);
  });
});
