import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { settingsFromEnv } from '../../../lambda/restore-validation/index';
import { Clients, executionName, Settings, validateRestoreJob } from '../../../lambda/restore-validation/validate';

const backupMock = mockClient(BackupClient);
const efsMock = mockClient(EFSClient);
const sfnMock = mockClient(SFNClient);
const snsMock = mockClient(SNSClient);
const clients: Clients = { backup: new BackupClient({}), efs: new EFSClient({}), sfn: new SFNClient({}), sns: new SNSClient({}) };

const PLAN = 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:flashcard_lms_production-abc';
const TOPIC = 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-warning';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:222222222222:stateMachine:production-flashcard-lms-restore-probe';
const EXECUTION = 'arn:aws:states:eu-west-1:222222222222:execution:production-flashcard-lms-restore-probe:job-1';
const settings: Settings = { envName: 'production', warningTopicArn: TOPIC, restoreTestingPlanArn: PLAN, documentDbProbeStateMachineArn: STATE_MACHINE, minFileSystemBytes: 1 };
const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:222222222222:cluster:awsbackup-restore-test-1a2b';
const FS_ARN = 'arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/fs-0123abcd';

/** `plan` null: a restore an operator started, not a restore test. */
function job(resourceType: string, createdResourceArn?: string, plan: string | null = PLAN) {
  backupMock
    .on(DescribeRestoreJobCommand)
    .resolves({ RestoreJobId: 'job-1', ResourceType: resourceType, CreatedResourceArn: createdResourceArn, CreatedBy: plan ? { RestoreTestingPlanArn: plan } : undefined });
}

/** The validation result reported to AWS Backup. */
function reported() {
  const calls = backupMock.commandCalls(PutRestoreValidationResultCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input;
}

beforeEach(() => {
  backupMock.reset();
  efsMock.reset();
  sfnMock.reset();
  snsMock.reset();
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
  backupMock.on(PutRestoreValidationResultCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('DocumentDB restore tests', () => {
  test('are handed to the probe state machine, one execution per restore job; nothing is reported yet', async () => {
    job('DocumentDB', CLUSTER_ARN);
    const result = await validateRestoreJob('job-1', clients, settings);
    expect(result).toEqual({ restoreJobId: 'job-1', resourceType: 'DocumentDB', resourceArn: CLUSTER_ARN, probeExecutionArn: EXECUTION });
    expect(sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE,
      name: 'job-1',
      input: JSON.stringify({ restoreJobId: 'job-1', clusterArn: CLUSTER_ARN }),
    });
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('when the probe cannot start, the test is FAILED and the warning topic is told', async () => {
    job('DocumentDB', CLUSTER_ARN);
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('User is not authorized to perform: states:StartExecution'), { name: 'AccessDeniedException' }));
    const outcome = await validateRestoreJob('job-1', clients, settings);
    expect(outcome).toMatchObject({ status: 'FAILED', resourceType: 'DocumentDB' });
    expect(reported().ValidationStatusMessage).toBe(`could not check ${CLUSTER_ARN}: AccessDeniedException: User is not authorized to perform: states:StartExecution`);
    const publish = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.Subject).toBe('[production] restore test failed: DocumentDB');
    expect(publish.Message).toContain('Restore job: job-1');
    expect(publish.Message).toContain(`Restored resource: ${CLUSTER_ARN}`);
    expect(publish.Message).toMatch(/Impact: .*\nCheck: 1\) .*\n2\) .*\n3\) /s);
  });

  test.each([
    ['a plain id', 'job-1', 'job-1'],
    ['characters names do not allow', 'a:b/c d', 'a-b-c-d'],
    ['more than 80 characters', 'x'.repeat(100), 'x'.repeat(80)],
    ['every allowed character kept', 'Job_09-az-AZ', 'Job_09-az-AZ'],
  ])('execution names: %s', (_what, jobId, name) => {
    expect(executionName(jobId)).toBe(name);
  });

  test('a StartExecution reply without an execution ARN fails the test', async () => {
    job('DocumentDB', CLUSTER_ARN);
    sfnMock.on(StartExecutionCommand).resolves({});
    await expect(validateRestoreJob('job-1', clients, settings)).resolves.toMatchObject({ status: 'FAILED' });
    expect(reported().ValidationStatusMessage).toBe(`could not check ${CLUSTER_ARN}: Error: StartExecution of ${STATE_MACHINE} returned no execution ARN`);
  });
});

describe('EFS restore tests', () => {
  const fs = (state: string, bytes: number, encrypted = true) =>
    efsMock
      .on(DescribeFileSystemsCommand)
      .resolves({ FileSystems: [{ FileSystemId: 'fs-0123abcd', LifeCycleState: state, Encrypted: encrypted, SizeInBytes: { Value: bytes } } as any] });

  test.each([
    [4096, 'SUCCESSFUL', 'restored file system fs-0123abcd is available, encrypted and holds 4096 bytes'],
    [4095, 'FAILED', 'restored file system fs-0123abcd holds 4095 bytes, expected at least 4096'],
  ])('with a minimum of 4096 bytes, %d bytes is %s', async (bytes, status, message) => {
    job('EFS', FS_ARN);
    fs('available', bytes);
    await validateRestoreJob('job-1', clients, { ...settings, minFileSystemBytes: 4096 });
    expect(reported()).toMatchObject({ ValidationStatus: status, ValidationStatusMessage: message });
  });

  test.each([
    ['no file system list', {}, 'restored file system fs-0123abcd was not found'],
    ['an empty file system list', { FileSystems: [] }, 'restored file system fs-0123abcd was not found'],
    ['no size', { FileSystems: [{ LifeCycleState: 'available', Encrypted: true }] }, 'restored file system fs-0123abcd holds 0 bytes, expected at least 1'],
    ['no encryption flag', { FileSystems: [{ LifeCycleState: 'available', SizeInBytes: { Value: 10 } }] }, 'restored file system fs-0123abcd is not encrypted at rest'],
  ])('a reply with %s is FAILED', async (_what, reply, message) => {
    job('EFS', FS_ARN);
    efsMock.on(DescribeFileSystemsCommand).resolves(reply as never);
    await validateRestoreJob('job-1', clients, settings);
    expect(reported()).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: message });
  });

  test('an EFS job whose resource is not a file system ARN is FAILED without a call', async () => {
    const arn = 'arn:aws:elasticfilesystem:eu-west-1:222222222222:access-point/fsap-1';
    job('EFS', arn);
    await validateRestoreJob('job-1', clients, settings);
    expect(reported()).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: `${arn} is not an EFS file system ARN` });
    expect(efsMock.calls()).toHaveLength(0);
  });

  test('an available, encrypted file system with data is SUCCESSFUL', async () => {
    job('EFS', FS_ARN);
    fs('available', 6144);
    await validateRestoreJob('job-1', clients, settings);
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
    await validateRestoreJob('job-1', clients, settings);
    expect(reported()).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: message });
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe('[production] restore test failed: EFS');
  });
});

describe('jobs and bad input', () => {
  test('an unknown resource type is FAILED', async () => {
    job('DynamoDB', 'arn:aws:dynamodb:eu-west-1:222222222222:table/t');
    await validateRestoreJob('job-1', clients, settings);
    expect(reported()).toMatchObject({
      ValidationStatus: 'FAILED',
      ValidationStatusMessage: 'no validation for resource type "DynamoDB" (arn:aws:dynamodb:eu-west-1:222222222222:table/t); expected DocumentDB or EFS',
    });
  });

  test('a job without a created resource is FAILED', async () => {
    job('EFS', undefined);
    await validateRestoreJob('job-1', clients, settings);
    expect(reported().ValidationStatusMessage).toBe('restore job job-1 reports no created resource');
  });

  test.each([
    ['an operator restore (no testing plan)', null],
    ['another restore testing plan', 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:other'],
  ])('%s is skipped: nothing is reported or published', async (_what, plan) => {
    job('DocumentDB', CLUSTER_ARN, plan);
    expect(await validateRestoreJob('job-1', clients, settings)).toBeUndefined();
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('when reporting the result fails, on-call is told and the error is rethrown (so the Lambda errors alarm fires)', async () => {
    job('EFS', FS_ARN);
    efsMock
      .on(DescribeFileSystemsCommand)
      .resolves({ FileSystems: [{ FileSystemId: 'fs-0123abcd', LifeCycleState: 'available', Encrypted: true, SizeInBytes: { Value: 10 } } as any] });
    backupMock.on(PutRestoreValidationResultCommand).rejects(Object.assign(new Error('validation window ended'), { name: 'InvalidRequestException' }));
    await expect(validateRestoreJob('job-1', clients, settings)).rejects.toThrow('validation window ended');
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('Reporting the result to AWS Backup failed: InvalidRequestException: validation window ended');
  });

  test('without a configured plan, a job of any restore testing plan is validated, and one of none is skipped', async () => {
    const { restoreTestingPlanArn: _p, ...anyPlan } = settings;
    job('DocumentDB', CLUSTER_ARN, 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:other');
    await expect(validateRestoreJob('job-1', clients, anyPlan)).resolves.toMatchObject({ probeExecutionArn: EXECUTION });
    job('DocumentDB', CLUSTER_ARN, null);
    await expect(validateRestoreJob('job-1', clients, anyPlan)).resolves.toBeUndefined();
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('asks AWS Backup about the job of the event', async () => {
    job('EFS', undefined);
    await validateRestoreJob('job-7', clients, settings);
    expect(backupMock.commandCalls(DescribeRestoreJobCommand)[0].args[0].input).toEqual({ RestoreJobId: 'job-7' });
  });

  test('DescribeRestoreJob errors propagate', async () => {
    backupMock.on(DescribeRestoreJobCommand).rejects(new Error('throttled'));
    await expect(validateRestoreJob('job-1', clients, settings)).rejects.toThrow('throttled');
  });

  test('long messages are cut to the 1024 characters AWS Backup keeps', async () => {
    job('DynamoDB', `arn:aws:dynamodb:eu-west-1:222222222222:table/${'t'.repeat(2000)}`);
    await validateRestoreJob('job-1', clients, settings);
    expect(reported().ValidationStatusMessage).toHaveLength(1024);
  });

  test('settings come from the environment; the topic and the state machine are required', () => {
    expect(settingsFromEnv({ WARNING_TOPIC_ARN: TOPIC, ENV_NAME: 'staging', RESTORE_TESTING_PLAN_ARN: PLAN, DOCUMENTDB_PROBE_STATE_MACHINE_ARN: STATE_MACHINE })).toEqual({
      envName: 'staging',
      warningTopicArn: TOPIC,
      restoreTestingPlanArn: PLAN,
      documentDbProbeStateMachineArn: STATE_MACHINE,
      minFileSystemBytes: 1,
    });
    expect(settingsFromEnv({ WARNING_TOPIC_ARN: TOPIC, DOCUMENTDB_PROBE_STATE_MACHINE_ARN: STATE_MACHINE, MIN_FILE_SYSTEM_BYTES: '4096' })).toMatchObject({
      envName: 'unknown',
      restoreTestingPlanArn: undefined,
      minFileSystemBytes: 4096,
    });
    expect(settingsFromEnv({ WARNING_TOPIC_ARN: TOPIC, DOCUMENTDB_PROBE_STATE_MACHINE_ARN: STATE_MACHINE, MIN_FILE_SYSTEM_BYTES: '0' }).minFileSystemBytes).toBe(0);
    expect(() => settingsFromEnv({ WARNING_TOPIC_ARN: TOPIC, DOCUMENTDB_PROBE_STATE_MACHINE_ARN: STATE_MACHINE, MIN_FILE_SYSTEM_BYTES: '-1' })).toThrow(
      new Error(`Invalid restore validation settings:\n - MIN_FILE_SYSTEM_BYTES is "-1" (expected a whole number of bytes from 0 to ${Number.MAX_SAFE_INTEGER})`),
    );
    expect(() => settingsFromEnv({})).toThrow(
      'Invalid restore validation settings:\n - WARNING_TOPIC_ARN is not set (expected the ARN of the warning topic)\n - DOCUMENTDB_PROBE_STATE_MACHINE_ARN is not set (expected the ARN of the DocumentDB restore probe state machine)',
    );
  });
});
