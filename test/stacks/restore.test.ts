import { Match, Template } from 'aws-cdk-lib/assertions';
import { STAGING } from '../../lib/config/environments';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { configWith } from '../helpers/configs';
import { synthEnvironment, synthEnvironments } from '../helpers/app';
import { NagFinding, nagErrors } from '../helpers/nag';

// GIVEN staging restored from a snapshot, production restored to its latest restorable time,
// and plain staging for comparison; one synthesis with cdk-nag.
let fromSnapshot: EnvironmentStage;
let pointInTime: EnvironmentStage;
let findings: NagFinding[];
let snap: Template;
let pitr: Template;
let plain: Template;

beforeAll(() => {
  const staging = configWith('staging', { backup: { restore: { generation: 1, fromSnapshot: 'pre-migration-20260110' } } });
  const production = configWith('production', {
    backup: { restore: { generation: 2, pointInTime: 'latest', sourceClusterId: 'production-flashcard-lms', restoreType: 'copy-on-write' } },
  });
  ({
    stages: [fromSnapshot, pointInTime],
    findings,
  } = synthEnvironments([staging, production]));
  snap = Template.fromStack(fromSnapshot.data);
  pitr = Template.fromStack(pointInTime.data);
  plain = synthEnvironment(STAGING).template('Data');
});

const clusters = (t: Template) => t.findResources('AWS::DocDB::DBCluster');
const logicalIdOf = (t: Template, name: string) => Object.entries(clusters(t)).find(([, r]) => r.Properties.DBClusterIdentifier === name)![0];

describe('restore from a snapshot', () => {
  test('adds a new cluster built from the snapshot; the original stays, unchanged', () => {
    expect(Object.keys(clusters(snap))).toHaveLength(2);
    const original = logicalIdOf(snap, 'staging-flashcard-lms');
    expect(original).toBe(logicalIdOf(plain, 'staging-flashcard-lms'));
    expect(clusters(snap)[original]).toEqual(clusters(plain)[original]);
    snap.hasResource('AWS::DocDB::DBCluster', {
      Properties: Match.objectLike({
        DBClusterIdentifier: 'staging-flashcard-lms-restored-1',
        SnapshotIdentifier: 'pre-migration-20260110',
        MasterUsername: Match.absent(),
        StorageEncrypted: true,
        SourceDBClusterIdentifier: Match.absent(),
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    expect(clusters(snap)[original].DeletionPolicy).toBe('Snapshot');
  });

  test('the restored cluster gets its own instances, secret, log groups and rotation', () => {
    snap.resourceCountIs('AWS::DocDB::DBInstance', 2);
    snap.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'flashcard-lms/staging/docdb-master-restored-1' });
    snap.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/docdb/staging-flashcard-lms-restored-1/audit' });
    // Master of the original cluster, master of the restored one, and the cache AUTH token; the users' are in the migration stack.
    snap.resourceCountIs('AWS::SecretsManager::RotationSchedule', 3);
    const restoredId = logicalIdOf(snap, 'staging-flashcard-lms-restored-1');
    snap.hasResource('AWS::DocDB::DBInstance', { Properties: { DBClusterIdentifier: { Ref: restoredId } }, DeletionPolicy: 'RetainExceptOnCreate' });
  });

  test('the stack exposes the restored cluster: output endpoint, secret and backup selection', () => {
    const restoredId = logicalIdOf(snap, 'staging-flashcard-lms-restored-1');
    snap.hasOutput('DocumentDbEndpoint', { Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [restoredId, 'Endpoint'] }, ':', { 'Fn::GetAtt': [restoredId, 'Port'] }]] } });
    expect(fromSnapshot.data.database.clusterName).toBe('staging-flashcard-lms-restored-1');
    expect(fromSnapshot.data.database.cluster).not.toBe(fromSnapshot.data.database.originalCluster);
    expect(fromSnapshot.data.database.masterSecret).toBe(fromSnapshot.data.database.cluster.secret);
    Template.fromStack(fromSnapshot.backup).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: Match.arrayWith(['arn:aws:rds:eu-west-1:111111111111:cluster:staging-flashcard-lms-restored-1']) },
    });
  });

  test('the application user, its rotation and the migration follow the restored cluster', () => {
    const restoredId = logicalIdOf(snap, 'staging-flashcard-lms-restored-1');
    const attachments = Object.values<any>(snap.findResources('AWS::SecretsManager::SecretTargetAttachment'));
    const appUser = attachments.filter((a) => JSON.stringify(a.Properties.SecretId).includes('AppUser'));
    expect(appUser).toHaveLength(1);
    expect(appUser[0].Properties.TargetId).toEqual({ Ref: restoredId });
    const healthUser = attachments.filter((a) => JSON.stringify(a.Properties.SecretId).includes('HealthCheckUser'));
    expect(healthUser.map((a) => a.Properties.TargetId)).toEqual([{ Ref: restoredId }]);
    const secret = Object.values<any>(snap.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'flashcard-lms/staging/docdb-app-user' } }))[0];
    // masterarn names the restored cluster's master secret, which the multi-user rotation logs in with.
    expect(JSON.stringify(secret.Properties.GenerateSecretString.SecretStringTemplate)).toMatch(/DocumentDbRestored1ClusterSecretAttachment/);
    // The migration functions read their settings from their environment.
    const start = Template.fromStack(fromSnapshot.migration).findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'staging-flashcard-lms-migration-start' } });
    expect(JSON.stringify(Object.values<any>(start)[0].Properties.Environment.Variables.MIGRATION_SETTINGS)).toContain('\\"ClusterId\\":\\"staging-flashcard-lms-restored-1\\"');
  });
});

describe('restore to a point in time', () => {
  test('builds the new cluster from the source cluster history; the original keeps deletion protection', () => {
    expect(Object.keys(clusters(pitr))).toHaveLength(2);
    pitr.hasResourceProperties('AWS::DocDB::DBCluster', {
      DBClusterIdentifier: 'production-flashcard-lms-restored-2',
      SourceDBClusterIdentifier: 'production-flashcard-lms',
      RestoreType: 'copy-on-write',
      UseLatestRestorableTime: true,
      RestoreToTime: Match.absent(),
      SnapshotIdentifier: Match.absent(),
      DeletionProtection: true,
    });
    pitr.hasResource('AWS::DocDB::DBCluster', {
      Properties: Match.objectLike({ DBClusterIdentifier: 'production-flashcard-lms', DeletionProtection: true, SnapshotIdentifier: Match.absent() }),
      DeletionPolicy: 'Snapshot',
    });
  });

  test('an explicit time becomes RestoreToTime with a full copy by default', () => {
    const restored = synthEnvironment(
      configWith('staging', { backup: { restore: { generation: 4, pointInTime: '2025-03-01T09:15:00Z', sourceClusterId: 'staging-flashcard-lms' } } }),
    );
    expect(nagErrors(restored.findings)).toEqual([]);
    restored.template('Data').hasResourceProperties('AWS::DocDB::DBCluster', {
      DBClusterIdentifier: 'staging-flashcard-lms-restored-4',
      RestoreToTime: '2025-03-01T09:15:00Z',
      RestoreType: 'full-copy',
      UseLatestRestorableTime: Match.absent(),
    });
  });
});

test('cdk-nag reports no error with a restore configured', () => {
  expect(nagErrors(findings)).toEqual([]);
});
