import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { report } from '../../../../lambda/restore-validation/documentdb-probe/index';
import { ProbeExecutionState, probeVerdict, stepErrorMessage } from '../../../../lambda/restore-validation/documentdb-probe/verdict';

const backupMock = mockClient(BackupClient);
const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-warning';
const CLUSTER_ID = 'awsbackup-restore-test-1a2b';
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:222222222222:cluster:${CLUSTER_ID}`;
const INSTANCE_ID = 'restore-probe-awsbackup-restore-test-1a2b';
const settings = { instanceTimeoutMinutes: 45, deletionTimeoutMinutes: 30 };
const ANSWERS = `restored cluster ${CLUSTER_ID} is available, encrypted, and e:27017 answers isMaster over TLSv1.3 with a trusted certificate`;

/** The state of an execution that went all the way: instance added, available, probed, deleted. */
const passed: ProbeExecutionState = {
  restoreJobId: 'job-1',
  clusterArn: CLUSTER_ARN,
  prepared: { clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: true },
  instance: { instanceId: INSTANCE_ID, status: 'available', phase: 'available' },
  endpoint: { ok: true, message: ANSWERS },
  cleanup: { instanceId: INSTANCE_ID, status: 'not-found', phase: 'gone' },
};
/** What a Catch records for a Lambda that threw. */
const lambdaError = (errorType: string, errorMessage: string) => ({ Error: errorType, Cause: JSON.stringify({ errorType, errorMessage, trace: [] }) });

describe('probeVerdict', () => {
  test('SUCCESSFUL when the instance became available, the endpoint answered and the instance is gone', () => {
    expect(probeVerdict(passed, settings)).toEqual({ status: 'SUCCESSFUL', message: ANSWERS });
  });

  test.each<[string, Partial<ProbeExecutionState>, string]>([
    [
      'creating the instance failed',
      { prepared: undefined, instance: undefined, endpoint: undefined, prepareError: lambdaError('InstanceQuotaExceededFault', 'Instance quota exceeded') },
      `could not add temporary instance ${INSTANCE_ID} to restored cluster ${CLUSTER_ID}: InstanceQuotaExceededFault: Instance quota exceeded`,
    ],
    [
      'the cluster was not usable',
      {
        prepared: { clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: false, problem: `restored cluster ${CLUSTER_ID} is not encrypted at rest` },
        instance: undefined,
        endpoint: undefined,
      },
      `restored cluster ${CLUSTER_ID} is not encrypted at rest`,
    ],
    [
      'the instance never became available',
      { instance: { instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' }, endpoint: undefined },
      `temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID} is still "creating" after 45 minutes`,
    ],
    [
      'the instance failed',
      { instance: { instanceId: INSTANCE_ID, status: 'failed', phase: 'failed' }, endpoint: undefined },
      `temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID} is "failed", expected "available"`,
    ],
    [
      'reading the instance failed',
      { instance: undefined, endpoint: undefined, instanceError: { Error: 'States.Timeout', Cause: '' } },
      `could not read temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID}: States.Timeout`,
    ],
    ['the endpoint did not answer', { endpoint: { ok: false, message: 'e:27017 did not answer: no answer within 5000 ms' } }, 'e:27017 did not answer: no answer within 5000 ms'],
    [
      'the probe step crashed',
      { endpoint: undefined, endpointError: lambdaError('Error', 'ENOENT: /var/runtime/ca-cert.pem') },
      `could not probe restored cluster ${CLUSTER_ID}: Error: ENOENT: /var/runtime/ca-cert.pem`,
    ],
  ])('FAILED when %s', (_what, change, message) => {
    expect(probeVerdict({ ...passed, ...change }, settings)).toEqual({ status: 'FAILED', message });
  });

  test.each<[string, Partial<ProbeExecutionState>, string]>([
    ['the deletion timed out', { cleanup: { instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' } }, 'it is still "deleting" after 30 minutes'],
    ['the deletion failed', { cleanup: undefined, cleanupError: lambdaError('AccessDenied', 'not authorized') }, 'deleting it failed: AccessDenied: not authorized'],
  ])('a passed test whose instance is left over stays SUCCESSFUL but needs attention: %s', (_what, change, why) => {
    const verdict = probeVerdict({ ...passed, ...change }, settings);
    expect(verdict).toEqual({
      status: 'SUCCESSFUL',
      message: `${ANSWERS}; temporary instance ${INSTANCE_ID} not deleted`,
      attention: `temporary instance ${INSTANCE_ID} may still exist (${why}); AWS Backup cannot delete restored cluster ${CLUSTER_ID} while it has an instance: delete the instance, then the cluster`,
    });
  });

  test.each<[string, Partial<ProbeExecutionState>, string]>([
    [
      'prepare added no instance and gave no reason',
      { prepared: { clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: false }, instance: undefined, endpoint: undefined },
      `no temporary instance was added to restored cluster ${CLUSTER_ID}`,
    ],
    ['the instance was never checked', { instance: undefined, endpoint: undefined }, `temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID} was never checked`],
    ['the endpoint was never probed', { endpoint: undefined }, `restored cluster ${CLUSTER_ID} was never probed`],
  ])('FAILED when %s', (_what, change, message) => {
    expect(probeVerdict({ ...passed, ...change }, settings)).toEqual({ status: 'FAILED', message });
  });

  test('a state without the prepare result is judged on the later steps', () => {
    const { prepared: _p, ...rest } = passed;
    expect(probeVerdict(rest, settings)).toEqual({ status: 'SUCCESSFUL', message: ANSWERS });
  });

  test('an instance never deleted needs attention', () => {
    expect(probeVerdict({ ...passed, cleanup: undefined }, settings).attention).toBe(
      `temporary instance ${INSTANCE_ID} may still exist (it was never deleted); AWS Backup cannot delete restored cluster ${CLUSTER_ID} while it has an instance: delete the instance, then the cluster`,
    );
  });

  test('a failed test with a left-over instance keeps FAILED and says both', () => {
    const verdict = probeVerdict({ ...passed, endpoint: { ok: false, message: 'no answer' }, cleanupError: { Error: 'States.Timeout' } }, settings);
    expect(verdict).toEqual({
      status: 'FAILED',
      message: `no answer; temporary instance ${INSTANCE_ID} not deleted`,
      attention: `temporary instance ${INSTANCE_ID} may still exist (deleting it failed: States.Timeout); AWS Backup cannot delete restored cluster ${CLUSTER_ID} while it has an instance: delete the instance, then the cluster`,
    });
  });

  test('a cluster ARN the probe cannot read is named as it came', () => {
    expect(probeVerdict({ ...passed, clusterArn: 'not-an-arn', instance: undefined }, settings).message).toBe(
      'temporary instance restore-probe-not-an-arn of restored cluster not-an-arn was never checked',
    );
  });

  test.each([
    [{}, 'Error'],
    [{ Cause: 'went wrong' }, 'Error: went wrong'],
    [{ Error: 'Lambda.Unknown', Cause: JSON.stringify({ errorMessage: 'out of memory' }) }, 'Lambda.Unknown: out of memory'],
    [{ Error: 'States.TaskFailed', Cause: JSON.stringify({ errorType: 'TypeError', errorMessage: 42 }) }, 'States.TaskFailed: {"errorType":"TypeError","errorMessage":42}'],
    [{ Error: 'States.TaskFailed', Cause: 'null' }, 'States.TaskFailed: null'],
    [{ Error: 'States.TaskFailed', Cause: 'plain text' }, 'States.TaskFailed: plain text'],
    [{ Error: 'States.Timeout' }, 'States.Timeout'],
    [lambdaError('TypeError', 'x is undefined'), 'TypeError: x is undefined'],
  ])('step error %j reads as %s', (error, message) => {
    expect(stepErrorMessage(error)).toBe(message);
  });
});

describe('report handler', () => {
  const saved = process.env;
  beforeEach(() => {
    backupMock.reset();
    snsMock.reset();
    backupMock.on(PutRestoreValidationResultCommand).resolves({});
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    process.env = { ...saved, ENV_NAME: 'production', WARNING_TOPIC_ARN: TOPIC, INSTANCE_TIMEOUT_MINUTES: '45', DELETION_TIMEOUT_MINUTES: '30' };
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.env = saved;
    jest.restoreAllMocks();
  });

  test('reports SUCCESSFUL and publishes nothing', async () => {
    await expect(report(passed)).resolves.toMatchObject({ status: 'SUCCESSFUL' });
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input).toEqual({
      RestoreJobId: 'job-1',
      ValidationStatus: 'SUCCESSFUL',
      ValidationStatusMessage: ANSWERS,
    });
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('reports FAILED and tells the warning topic what to check', async () => {
    await report({ ...passed, endpoint: { ok: false, message: 'e:27017 did not answer: ECONNREFUSED' } });
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input).toMatchObject({
      ValidationStatus: 'FAILED',
      ValidationStatusMessage: 'e:27017 did not answer: ECONNREFUSED',
    });
    const publish = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.Subject).toBe('[production] restore test failed: DocumentDB');
    expect(publish.Message).toContain(`Restored resource: ${CLUSTER_ARN}`);
    expect(publish.Message).toMatch(/Impact: .*\nCheck: 1\) .*\n2\) .*\n3\) /s);
  });

  test('a left-over instance is published even when the test passed', async () => {
    await report({ ...passed, cleanup: { instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' } });
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input.ValidationStatus).toBe('SUCCESSFUL');
    const publish = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(publish.Subject).toBe('[production] restore test needs attention: DocumentDB');
    expect(publish.Message).toContain(`Attention: temporary instance ${INSTANCE_ID} may still exist`);
  });

  test('when reporting fails, on-call is told and the error is rethrown (the execution fails and its alarm fires)', async () => {
    backupMock.on(PutRestoreValidationResultCommand).rejects(Object.assign(new Error('validation window ended'), { name: 'InvalidRequestException' }));
    await expect(report(passed)).rejects.toThrow('validation window ended');
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('Reporting the result to AWS Backup failed: InvalidRequestException: validation window ended');
  });

  test('the time limits default to 45 minutes each', async () => {
    delete process.env.INSTANCE_TIMEOUT_MINUTES;
    delete process.env.DELETION_TIMEOUT_MINUTES;
    const verdict = await report({
      ...passed,
      instance: { instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' },
      cleanup: { instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' },
    });
    expect(verdict.message).toBe(
      `temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID} is still "creating" after 45 minutes; temporary instance ${INSTANCE_ID} not deleted`,
    );
    expect(verdict.attention).toContain('it is still "deleting" after 45 minutes');
  });

  test.each(['1', '600'])('a time limit of %s minutes is accepted', async (minutes) => {
    process.env.INSTANCE_TIMEOUT_MINUTES = minutes;
    const verdict = await report({ ...passed, instance: { instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' } });
    expect(verdict.message).toBe(`temporary instance ${INSTANCE_ID} of restored cluster ${CLUSTER_ID} is still "creating" after ${minutes} minutes`);
  });

  test('time limits outside 1-600 minutes are refused before anything is reported', async () => {
    process.env.INSTANCE_TIMEOUT_MINUTES = '0';
    process.env.DELETION_TIMEOUT_MINUTES = '601';
    await expect(report(passed)).rejects.toThrow(
      new Error(
        'Invalid restore probe settings:\n - INSTANCE_TIMEOUT_MINUTES is "0" (expected a whole number of minutes from 1 to 600)\n - DELETION_TIMEOUT_MINUTES is "601" (expected a whole number of minutes from 1 to 600)',
      ),
    );
    expect(backupMock.calls()).toHaveLength(0);
  });

  test('logs the verdict of the job it reports', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    await report(passed);
    expect(info.mock.calls).toEqual([
      [{ message: 'probe step', step: 'report', restoreJobId: 'job-1', clusterArn: CLUSTER_ARN, verdict: { status: 'SUCCESSFUL', message: ANSWERS } }],
    ]);
  });

  test('missing settings fail with every problem named', async () => {
    process.env = {};
    await expect(report(passed)).rejects.toThrow(
      'Invalid restore probe settings:\n - ENV_NAME is not set (expected the environment name)\n - WARNING_TOPIC_ARN is not set (expected the ARN of the warning topic)',
    );
    expect(backupMock.calls()).toHaveLength(0);
  });
});
