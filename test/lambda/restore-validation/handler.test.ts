import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lambda/restore-validation/index';

const backupMock = mockClient(BackupClient);
const efsMock = mockClient(EFSClient);
const PLAN = 'arn:aws:backup:eu-west-1:222222222222:restore-testing-plan:flashcard_lms_production-abc';
const FS_ARN = 'arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/fs-0123abcd';
const saved = process.env;
let info: jest.SpyInstance;

const event = (detail: unknown) => ({ id: 'e-1', source: 'aws.backup', 'detail-type': 'Restore Job State Change', detail }) as Parameters<typeof handler>[0];

beforeEach(() => {
  backupMock.reset();
  efsMock.reset();
  process.env = {
    ...saved,
    ENV_NAME: 'production',
    WARNING_TOPIC_ARN: 'arn:aws:sns:eu-west-1:222222222222:warning',
    DOCUMENTDB_PROBE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:222222222222:stateMachine:probe',
    RESTORE_TESTING_PLAN_ARN: PLAN,
  };
  info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
  backupMock.on(PutRestoreValidationResultCommand).resolves({});
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

test('a restore job of the plan is validated, and the outcome logged', async () => {
  backupMock.on(DescribeRestoreJobCommand).resolves({ ResourceType: 'EFS', CreatedResourceArn: FS_ARN, CreatedBy: { RestoreTestingPlanArn: PLAN } });
  efsMock.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ LifeCycleState: 'available', Encrypted: true, SizeInBytes: { Value: 10 } }] as never });
  const outcome = {
    status: 'SUCCESSFUL',
    message: 'restored file system fs-0123abcd is available, encrypted and holds 10 bytes',
    restoreJobId: 'job-1',
    resourceType: 'EFS',
    resourceArn: FS_ARN,
  };
  await expect(handler(event({ restoreJobId: 'job-1', status: 'COMPLETED' }))).resolves.toEqual(outcome);
  expect(backupMock.commandCalls(DescribeRestoreJobCommand)[0].args[0].input).toEqual({ RestoreJobId: 'job-1' });
  expect(info.mock.calls).toEqual([[{ message: 'restore job checked', restoreJobId: 'job-1', result: outcome }]]);
});

test('a job of no restore testing plan is skipped, and the log says why', async () => {
  backupMock.on(DescribeRestoreJobCommand).resolves({ ResourceType: 'EFS', CreatedResourceArn: FS_ARN });
  await expect(handler(event({ restoreJobId: 'job-2' }))).resolves.toBeUndefined();
  expect(info.mock.calls).toEqual([[{ message: 'restore job checked', restoreJobId: 'job-2', skipped: 'not a job of this restore testing plan' }]]);
  expect(backupMock.commandCalls(PutRestoreValidationResultCommand)).toHaveLength(0);
});

test('bad settings fail before any call', async () => {
  delete process.env.WARNING_TOPIC_ARN;
  await expect(handler(event({ restoreJobId: 'job-3' }))).rejects.toThrow(
    new Error('Invalid restore validation settings:\n - WARNING_TOPIC_ARN is not set (expected the ARN of the warning topic)'),
  );
  expect(backupMock.calls()).toHaveLength(0);
});
