import { Match, Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { DENIED_VAULT_ACTIONS } from '../../lib/constructs/backup/backup-vault';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { synthEnvironments } from '../helpers/app';
import { NagFinding, nagErrors } from '../helpers/nag';

// GIVEN both built-in environments in one app with cdk-nag, synthesized once (no Lambda bundling).
let staging: EnvironmentStage;
let production: EnvironmentStage;
let findings: NagFinding[];
let prod: Template;
let stag: Template;
let dr: Template;

beforeAll(() => {
  ({
    stages: [staging, production],
    findings,
  } = synthEnvironments([STAGING, PRODUCTION]));
  prod = Template.fromStack(production.backup);
  stag = Template.fromStack(staging.backup);
  dr = Template.fromStack(production.backupDr!);
});

describe('backup vault', () => {
  test('is encrypted with its own rotated, retained key and kept on stack deletion', () => {
    for (const t of [prod, stag]) {
      t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      t.hasResource('AWS::Backup::BackupVault', {
        Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] } },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
    prod.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/flashcard-lms/production/backup' });
    prod.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'flashcard-lms-production' });
  });

  test('access policy denies deleting or shortening recovery points to everyone', () => {
    stag.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: [...DENIED_VAULT_ACTIONS], Resource: '*' }],
      },
    });
    expect(DENIED_VAULT_ACTIONS).toEqual(expect.arrayContaining(['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']));
  });

  test('is locked in production only, with the configured bounds', () => {
    prod.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 30, MaxRetentionDays: 400, ChangeableForDays: 7 },
    });
    stag.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
  });
});

describe('backup plan', () => {
  const rule = (name: string, cron: string, days: number, copy: unknown) =>
    Match.objectLike({
      RuleName: name,
      ScheduleExpression: cron,
      StartWindowMinutes: 60,
      Lifecycle: { DeleteAfterDays: days },
      CopyActions: copy,
    });

  test('production: daily 35, weekly 90, monthly 365 days at 05:00 UTC, each copied to the DR vault', () => {
    const copy = (days: number) => [
      { DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:222222222222:backup-vault:flashcard-lms-production-dr', Lifecycle: { DeleteAfterDays: days } },
    ];
    prod.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'production-flashcard-lms',
        BackupPlanRule: [
          rule('Daily', 'cron(0 5 * * ? *)', 35, copy(35)),
          rule('Weekly', 'cron(0 5 ? * SUN *)', 90, copy(90)),
          rule('Monthly', 'cron(0 5 1 * ? *)', 365, copy(365)),
        ],
      },
    });
    prod.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ CompletionWindowMinutes: 480 })]) } });
  });

  test('staging: one daily rule kept 30 days, no copies', () => {
    stag.hasResourceProperties('AWS::Backup::BackupPlan', {
      // In the working day, while the off-hours schedule keeps DocumentDB running (docs/off-hours.md).
      BackupPlan: { BackupPlanRule: [rule('Daily', 'cron(0 11 * * ? *)', 30, Match.absent())] },
    });
  });

  test('selects the DocumentDB cluster and the uploads file system by ARN, never by tag', () => {
    prod.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-flashcard-lms-data',
        Resources: ['arn:aws:rds:eu-west-1:222222222222:cluster:production-flashcard-lms', { 'Fn::ImportValue': Match.anyValue() }],
        ListOfTags: Match.absent(),
        Conditions: Match.absent(),
      },
    });
    const selection = Object.values(prod.findResources('AWS::Backup::BackupSelection'))[0];
    expect(JSON.stringify(selection)).toContain('UploadsFileSystem');
  });

  test('the backup role uses the AWS Backup service policy', () => {
    prod.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }],
    });
  });
});

describe('disaster-recovery vault stack', () => {
  test('lives in the DR region with its own key and the same lock', () => {
    expect(production.backupDr!.region).toBe('eu-central-1');
    expect(production.backupDr!.terminationProtection).toBe(true);
    dr.resourceCountIs('AWS::Backup::BackupVault', 1);
    dr.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate' });
    dr.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/flashcard-lms/production/backup-dr' });
    dr.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'flashcard-lms-production-dr',
        LockConfiguration: { MinRetentionDays: 30, MaxRetentionDays: 400, ChangeableForDays: 7 },
        AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Action: [...DENIED_VAULT_ACTIONS] })] },
      },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  test('is deployed before the backup stack; staging has none', () => {
    expect(production.backup.dependencies).toContain(production.backupDr);
    expect(staging.backupDr).toBeUndefined();
  });
});

describe('notifications', () => {
  test.each([
    ['Backup Job State Change', 'state'],
    ['Copy Job State Change', 'state'],
    ['Restore Job State Change', 'status'],
  ])('%s FAILED/EXPIRED/ABORTED/PARTIAL goes to the warning topic', (detailType, key) => {
    prod.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], 'detail-type': [detailType], detail: { [key]: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] } },
      Targets: [Match.objectLike({ Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('Warning') }, InputTransformer: Match.anyValue() })],
    });
  });

  test('no completed backup in 26 hours pages the critical topic, with OK too, once the environment is up that long', () => {
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'production-backup-silent-26h',
      Namespace: 'AWS/Backup',
      MetricName: 'NumberOfBackupJobsCompleted',
      Dimensions: [{ Name: 'BackupVaultName', Value: 'flashcard-lms-production' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: Match.absent(),
    });
    prod.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'production-backup-no-completed-backup-26h',
      AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Critical') }],
      OKActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Critical') }],
    });
  });

  test('every alarm is named for its environment and says what broke, the impact and what to check', () => {
    for (const [t, env] of [
      [prod, 'production'],
      [stag, 'staging'],
    ] as const) {
      // The two inputs of the no-backup page never notify by themselves.
      const all = Object.values({ ...t.findResources('AWS::CloudWatch::Alarm'), ...t.findResources('AWS::CloudWatch::CompositeAlarm') });
      const alarms = all.filter((a) => a.Properties.AlarmActions !== undefined);
      expect([all.length, alarms.length]).toEqual([5, 3]);
      for (const a of alarms) {
        expect(a.Properties.AlarmName).toMatch(new RegExp(`^${env}-`));
        expect(a.Properties.AlarmDescription).toMatch(/Impact: .+\nFirst checks: 1\) .+ 2\) .+ 3\) .+\nDashboard: https:/s);
        expect(a.Properties.OKActions).toBeDefined();
      }
    }
  });
});

describe('restore testing', () => {
  test('plan restores the latest snapshot of the vault on the configured schedule', () => {
    prod.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'flashcard_lms_production',
      ScheduleExpression: 'cron(0 7 1 * ? *)',
      StartWindowHours: 8,
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 2,
      },
    });
    stag.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { ScheduleExpression: 'cron(0 7 ? * MON *)' });
  });

  test('DocumentDB selection restores into the isolated subnets, TLS parameter group, a validator-only security group and the data key', () => {
    prod.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreTestingPlanName: 'flashcard_lms_production',
      ProtectedResourceType: 'DocumentDB',
      ProtectedResourceArns: ['arn:aws:rds:eu-west-1:222222222222:cluster:production-flashcard-lms'],
      ValidationWindowHours: 6,
      RestoreMetadataOverrides: {
        dbSubnetGroupName: { 'Fn::ImportValue': Match.stringLikeRegexp('Subnets') },
        dbClusterParameterGroupName: { 'Fn::ImportValue': Match.stringLikeRegexp('Parameters') },
        vpcSecurityGroupIds: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': [Match.stringLikeRegexp('RestoredSecurityGroup'), 'GroupId'] }, '"]']] },
        kmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') },
      },
    });
    prod.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 27017,
      ToPort: 27017,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidatorSecurityGroup'), 'GroupId'] },
    });
  });

  test('EFS selection restores a new file system encrypted with the data key', () => {
    prod.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'EFS',
      ProtectedResourceArns: [{ 'Fn::ImportValue': Match.stringLikeRegexp('UploadsFileSystem') }],
      ValidationWindowHours: 6,
      RestoreMetadataOverrides: { kmsKeyId: Match.anyValue() },
    });
    for (const s of Object.values(prod.findResources('AWS::Backup::RestoreTestingSelection'))) {
      expect(s.DependsOn).toEqual([expect.stringMatching(/^RestoreTestingPlan/)]);
    }
  });

  test('validation Lambda runs nodejs24.x in the VPC, triggered by completed restore jobs', () => {
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 60,
      VpcConfig: Match.objectLike({ SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ValidatorSecurityGroup'), 'GroupId'] }] }),
      Environment: {
        Variables: Match.objectLike({
          ENV_NAME: 'production',
          RESTORE_TESTING_PLAN_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTestingPlan'), 'RestoreTestingPlanArn'] },
          WARNING_TOPIC_ARN: Match.anyValue(),
        }),
      },
    });
    prod.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], 'detail-type': ['Restore Job State Change'], detail: { status: ['COMPLETED'] } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Validator'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    prod.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'], Effect: 'Allow' })]),
      },
    });
  });
});

describe('stack', () => {
  test('is stateful: termination protection in production only', () => {
    expect(production.backup.terminationProtection).toBe(true);
    expect(staging.backup.terminationProtection).toBe(false);
    expect(production.backup.stackName).toBe('flashcard-lms-production-backup');
  });

  test('cdk-nag AwsSolutions reports no error on the backup stacks', () => {
    expect(nagErrors(findings, 'production/Backup')).toEqual([]);
    expect(nagErrors(findings, 'staging/Backup')).toEqual([]);
    expect(nagErrors(findings)).toEqual([]);
  });
});

describe('ElastiCache snapshots', () => {
  test('daily snapshots with the configured retention and a final snapshot on deletion', () => {
    for (const [stage, days] of [
      [production, 7],
      [staging, 1],
    ] as const) {
      Template.fromStack(stage.data).hasResource('AWS::ElastiCache::ReplicationGroup', {
        Properties: Match.objectLike({ SnapshotRetentionLimit: days, SnapshotWindow: '03:00-04:00' }),
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
      });
    }
  });
});
