import * as net from 'net';
import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { settingsFromEnv } from '../../../lambda/restore-validation/index';
import { Probe, tcpProbe } from '../../../lambda/restore-validation/probe';
import { Clients, Settings, validateRestoreJob } from '../../../lambda/restore-validation/validate';

const backupMock = mockClient(BackupClient);
const docdbMock = mockClient(DocDBClient);
const efsMock = mockClient(EFSClient);
const snsMock = mockClient(SNSClient);
const clients: Clients = { backup: new BackupClient({}), docdb: new DocDBClient({}), efs: new EFSClient({}), sns: new SNSClient({}) };

const PLAN = 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:flashcard_lms_production-abc';
const TOPIC = 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-warning';
const settings: Settings = { envName: 'production', warningTopicArn: TOPIC, restoreTestingPlanArn: PLAN, connectTimeoutMs: 200, minFileSystemBytes: 1 };
const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:222222222222:cluster:awsbackup-restore-test-1a2b';
const FS_ARN = 'arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/fs-0123abcd';

const answers: Probe = async () => undefined;
const silent: Probe = async () => {
  throw new Error('no answer within 200 ms');
};

/** `plan` null: a restore an operator started, not a restore test. */
function job(resourceType: string, createdResourceArn?: string, plan: string | null = PLAN) {
  backupMock.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-1', ResourceType: resourceType, CreatedResourceArn: createdResourceArn, CreatedBy: plan ? { RestoreTestingPlanArn: plan } : undefined });
}

function cluster(status = 'available', instances: Array<[string, string]> = [['awsbackup-restore-test-1a2b-1', 'available']]) {
  docdbMock.on(DescribeDBClustersCommand).resolves({
    DBClusters: [{ DBClusterIdentifier: 'awsbackup-restore-test-1a2b', Status: status, StorageEncrypted: true, Endpoint: 'restored.cluster-x.eu-west-1.docdb.amazonaws.com', Port: 27017 }],
  });
  docdbMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: instances.map(([id, s]) => ({ DBInstanceIdentifier: id, DBInstanceStatus: s })) });
}

/** The validation result reported to AWS Backup. */
function reported() {
  const calls = backupMock.commandCalls(PutRestoreValidationResultCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input;
}

beforeEach(() => {
  backupMock.reset();
  docdbMock.reset();
  efsMock.reset();
  snsMock.reset();
  backupMock.on(PutRestoreValidationResultCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('DocumentDB restore tests', () => {
  test('an available, encrypted cluster whose endpoint answers is SUCCESSFUL; nothing is published', async () => {
    job('DocumentDB', CLUSTER_ARN);
    cluster();
    const outcome = await validateRestoreJob('job-1', clients, settings, answers);
    expect(outcome?.status).toBe('SUCCESSFUL');
    expect(reported()).toEqual({
      RestoreJobId: 'job-1',
      ValidationStatus: 'SUCCESSFUL',
      ValidationStatusMessage: 'restored cluster awsbackup-restore-test-1a2b is available, encrypted, and restored.cluster-x.eu-west-1.docdb.amazonaws.com:27017 answers',
    });
    expect(docdbMock.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'awsbackup-restore-test-1a2b' });
    expect(docdbMock.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'db-cluster-id', Values: ['awsbackup-restore-test-1a2b'] }] });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('a restored cluster that does not answer is FAILED and the warning topic is told', async () => {
    job('DocumentDB', CLUSTER_ARN);
    cluster();
    const outcome = await validateRestoreJob('job-1', clients, settings, silent);
    expect(outcome?.status).toBe('FAILED');
    expect(reported().ValidationStatusMessage).toBe(
      'restored cluster awsbackup-restore-test-1a2b is available but restored.cluster-x.eu-west-1.docdb.amazonaws.com:27017 did not answer: no answer within 200 ms',
    );
    const publish = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.Subject).toBe('[production] restore test failed: DocumentDB');
    expect(publish.Message).toContain('Restore job: job-1');
    expect(publish.Message).toContain(`Restored resource: ${CLUSTER_ARN}`);
    expect(publish.Message).toMatch(/Impact: .*\nCheck: 1\) .*\n2\) .*\n3\) /s);
  });

  test('a cluster that is not available is FAILED without probing', async () => {
    job('DocumentDB', CLUSTER_ARN);
    cluster('inaccessible-encryption-credentials');
    const probe = jest.fn(answers);
    await validateRestoreJob('job-1', clients, settings, probe);
    expect(reported()).toMatchObject({
      ValidationStatus: 'FAILED',
      ValidationStatusMessage: 'restored cluster awsbackup-restore-test-1a2b is "inaccessible-encryption-credentials", expected "available"',
    });
    expect(probe).not.toHaveBeenCalled();
  });

  test('instances that are not available are FAILED', async () => {
    job('DocumentDB', CLUSTER_ARN);
    cluster('available', [['i-1', 'creating'], ['i-2', 'failed']]);
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported()).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: 'restored cluster awsbackup-restore-test-1a2b has no available instance (i-1=creating, i-2=failed)' });
  });

  test('a cluster restored without instances is SUCCESSFUL and says the endpoint was not probed', async () => {
    job('DocumentDB', CLUSTER_ARN);
    cluster('available', []);
    await validateRestoreJob('job-1', clients, settings, silent);
    expect(reported()).toMatchObject({
      ValidationStatus: 'SUCCESSFUL',
      ValidationStatusMessage: 'restored cluster awsbackup-restore-test-1a2b is available and encrypted (no instance restored, endpoint not probed)',
    });
  });

  test('an API error is reported as FAILED with its name and message', async () => {
    job('DocumentDB', CLUSTER_ARN);
    docdbMock.on(DescribeDBClustersCommand).rejects(Object.assign(new Error('User is not authorized to perform: rds:DescribeDBClusters'), { name: 'AccessDenied' }));
    const outcome = await validateRestoreJob('job-1', clients, settings, answers);
    expect(outcome).toMatchObject({ status: 'FAILED', resourceType: 'DocumentDB' });
    expect(reported().ValidationStatusMessage).toBe(`could not check ${CLUSTER_ARN}: AccessDenied: User is not authorized to perform: rds:DescribeDBClusters`);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('a cluster that vanished is FAILED', async () => {
    job('DocumentDB', CLUSTER_ARN);
    docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported().ValidationStatusMessage).toBe('restored cluster awsbackup-restore-test-1a2b was not found');
  });
});

describe('EFS restore tests', () => {
  const fs = (state: string, bytes: number, encrypted = true) =>
    efsMock.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123abcd', LifeCycleState: state, Encrypted: encrypted, SizeInBytes: { Value: bytes } } as any] });

  test('an available, encrypted file system with data is SUCCESSFUL', async () => {
    job('EFS', FS_ARN);
    fs('available', 6144);
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(efsMock.commandCalls(DescribeFileSystemsCommand)[0].args[0].input).toEqual({ FileSystemId: 'fs-0123abcd' });
    expect(reported()).toMatchObject({ ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: 'restored file system fs-0123abcd is available, encrypted and holds 6144 bytes' });
  });

  test.each([
    ['creating', 6144, true, 'restored file system fs-0123abcd is "creating", expected "available"'],
    ['available', 0, true, 'restored file system fs-0123abcd holds 0 bytes, expected at least 1'],
    ['available', 6144, false, 'restored file system fs-0123abcd is not encrypted at rest'],
  ])('state %s, %d bytes, encrypted %s is FAILED', async (state, bytes, encrypted, message) => {
    job('EFS', FS_ARN);
    fs(state, bytes, encrypted);
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported()).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: message });
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe('[production] restore test failed: EFS');
  });
});

describe('jobs and bad input', () => {
  test('an unknown resource type is FAILED', async () => {
    job('DynamoDB', 'arn:aws:dynamodb:eu-west-1:222222222222:table/t');
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported()).toMatchObject({
      ValidationStatus: 'FAILED',
      ValidationStatusMessage: 'no validation for resource type "DynamoDB" (arn:aws:dynamodb:eu-west-1:222222222222:table/t); expected DocumentDB or EFS',
    });
  });

  test('a job without a created resource is FAILED', async () => {
    job('EFS', undefined);
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported().ValidationStatusMessage).toBe('restore job job-1 reports no created resource');
  });

  test('a malformed resource ARN is FAILED', async () => {
    job('DocumentDB', 'arn:aws:rds:eu-west-1:222222222222:db:not-a-cluster');
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported().ValidationStatusMessage).toBe('arn:aws:rds:eu-west-1:222222222222:db:not-a-cluster is not a DocumentDB cluster ARN');
  });

  test.each([
    ['an operator restore (no testing plan)', null],
    ['another restore testing plan', 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:other'],
  ])('%s is skipped: nothing is reported or published', async (_what, plan) => {
    job('DocumentDB', CLUSTER_ARN, plan);
    expect(await validateRestoreJob('job-1', clients, settings, answers)).toBeUndefined();
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(docdbMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('when reporting the result fails, on-call is told and the error is rethrown (so the Lambda errors alarm fires)', async () => {
    job('EFS', FS_ARN);
    efsMock.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123abcd', LifeCycleState: 'available', Encrypted: true, SizeInBytes: { Value: 10 } } as any] });
    backupMock.on(PutRestoreValidationResultCommand).rejects(Object.assign(new Error('validation window ended'), { name: 'InvalidRequestException' }));
    await expect(validateRestoreJob('job-1', clients, settings, answers)).rejects.toThrow('validation window ended');
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('Reporting the result to AWS Backup failed: InvalidRequestException: validation window ended');
  });

  test('DescribeRestoreJob errors propagate', async () => {
    backupMock.on(DescribeRestoreJobCommand).rejects(new Error('throttled'));
    await expect(validateRestoreJob('job-1', clients, settings, answers)).rejects.toThrow('throttled');
  });

  test('long messages are cut to the 1024 characters AWS Backup keeps', async () => {
    job('DynamoDB', `arn:aws:dynamodb:eu-west-1:222222222222:table/${'t'.repeat(2000)}`);
    await validateRestoreJob('job-1', clients, settings, answers);
    expect(reported().ValidationStatusMessage).toHaveLength(1024);
  });

  test('settings come from the environment; the topic is required', () => {
    expect(settingsFromEnv({ WARNING_TOPIC_ARN: TOPIC, ENV_NAME: 'staging', RESTORE_TESTING_PLAN_ARN: PLAN, CONNECT_TIMEOUT_MS: '3000' })).toEqual({
      envName: 'staging',
      warningTopicArn: TOPIC,
      restoreTestingPlanArn: PLAN,
      connectTimeoutMs: 3000,
      minFileSystemBytes: 1,
    });
    expect(() => settingsFromEnv({})).toThrow('WARNING_TOPIC_ARN is not set');
  });
});

describe('tcpProbe against a real local server', () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('resolves when the port answers', async () => {
    await expect(tcpProbe('127.0.0.1', port, 1000)).resolves.toBeUndefined();
  });

  test('rejects when nothing listens', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(tcpProbe('127.0.0.1', closedPort, 1000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
