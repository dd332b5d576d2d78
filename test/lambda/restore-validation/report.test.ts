import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describeError, failureNotice, idFromArn, Outcome, reportOutcome } from '../../../lambda/restore-validation/report';

const backupMock = mockClient(BackupClient);
const snsMock = mockClient(SNSClient);
const clients = { backup: new BackupClient({}), sns: new SNSClient({}) };
const TOPIC = 'arn:aws:sns:eu-west-1:222222222222:staging-flashcard-lms-warning';
const settings = { envName: 'staging', warningTopicArn: TOPIC };
const FS_ARN = 'arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/fs-0123abcd';

const CHECK = [
  'Check: 1) the restore job in the AWS Backup console (Jobs > Restore jobs) and its status message;',
  '2) the restored resource (DocumentDB cluster and its temporary restore-probe instance / EFS file system) while it still exists;',
  '3) the restore-validation Lambda logs and the restore-probe state machine execution. See docs/backup-and-dr.md, "Recovery testing".',
];

beforeEach(() => {
  backupMock.reset();
  snsMock.reset();
  backupMock.on(PutRestoreValidationResultCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('describeError', () => {
  test.each([
    ['an SDK error', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), 'ThrottlingException: Rate exceeded'],
    ['a thrown string', 'boom', 'Error: boom'],
    ['an object with a name only', { name: 'Odd' }, 'Odd: [object Object]'],
  ])('%s', (_what, error, text) => {
    expect(describeError(error)).toBe(text);
  });
});

describe('idFromArn', () => {
  test.each([
    [FS_ARN, 'file-system/', 'fs-0123abcd'],
    ['file-system/fs-1', 'file-system/', 'fs-1'],
    ['arn:aws:rds:eu-west-1:222222222222:cluster:a:cluster:b', ':cluster:', 'b'],
    ['arn:aws:rds:eu-west-1:222222222222:db:prod-1', ':cluster:', undefined],
    ['arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/', 'file-system/', undefined],
  ])('%s after %s is %s', (arn, marker, id) => {
    expect(idFromArn(arn, marker)).toBe(id);
  });
});

describe('failureNotice: what on-call reads', () => {
  const failedOutcome: Outcome = {
    status: 'FAILED',
    message: 'restored file system fs-0123abcd is not encrypted at rest',
    restoreJobId: 'job-1',
    resourceType: 'EFS',
    resourceArn: FS_ARN,
  };

  test('a failed test says it failed, what was restored and what to check', () => {
    expect(failureNotice(failedOutcome, 'staging')).toEqual({
      Subject: '[staging] restore test failed: EFS',
      Message: [
        'Restore test of EFS in staging: FAILED.',
        'Restore job: job-1',
        `Restored resource: ${FS_ARN}`,
        'Result: restored file system fs-0123abcd is not encrypted at rest',
        '',
        'Impact: the latest recovery point may not restore; disaster recovery from it is unproven.',
        ...CHECK,
      ].join('\n'),
    });
  });

  test('a passed test whose result could not be reported says so, with the reporting error', () => {
    const outcome: Outcome = { status: 'SUCCESSFUL', message: 'fine', restoreJobId: 'job-2' };
    const error = Object.assign(new Error('validation window ended'), { name: 'InvalidRequestException' });
    expect(failureNotice(outcome, 'production', error)).toEqual({
      Subject: '[production] restore test needs attention: resource',
      Message: [
        'Restore test of resource in production: result could not be reported.',
        'Restore job: job-2',
        'Restored resource: (none)',
        'Result: fine',
        'Reporting the result to AWS Backup failed: InvalidRequestException: validation window ended',
        '',
        'Impact: the restore test passed, but what it restored may not be cleaned up and keeps costing money.',
        ...CHECK,
      ].join('\n'),
    });
  });

  test('a passed test with a problem to act on needs attention and names the problem', () => {
    const outcome: Outcome = { status: 'SUCCESSFUL', message: 'fine', restoreJobId: 'job-3', resourceType: 'DocumentDB' };
    const notice = failureNotice(outcome, 'production', undefined, 'delete the instance');
    expect(notice.Subject).toBe('[production] restore test needs attention: DocumentDB');
    expect(notice.Message.split('\n').slice(0, 6)).toEqual([
      'Restore test of DocumentDB in production: needs attention.',
      'Restore job: job-3',
      'Restored resource: (none)',
      'Result: fine',
      'Attention: delete the instance',
      '',
    ]);
  });

  test('a subject is cut to 99 characters (SNS: "less than 100 characters long", PublishRequest Subject)', () => {
    const subject = failureNotice({ ...failedOutcome, resourceType: 'R'.repeat(120) }, 'staging').Subject;
    expect(subject).toBe(`[staging] restore test failed: ${'R'.repeat(99 - 31)}`);
    expect(subject).toHaveLength(99);
  });
});

describe('reportOutcome', () => {
  const outcome = (status: 'SUCCESSFUL' | 'FAILED', message = 'm'): Outcome => ({ status, message, restoreJobId: 'job-1', resourceType: 'EFS', resourceArn: FS_ARN });

  test('a passed test is reported and nothing is published', async () => {
    await reportOutcome(outcome('SUCCESSFUL', 'all good'), clients, settings);
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand).map((c) => c.args[0].input)).toEqual([
      { RestoreJobId: 'job-1', ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: 'all good' },
    ]);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('a failed test is reported and published to the warning topic', async () => {
    await reportOutcome(outcome('FAILED', 'broken'), clients, settings);
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input.ValidationStatus).toBe('FAILED');
    expect(snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([{ TopicArn: TOPIC, ...failureNotice(outcome('FAILED', 'broken'), 'staging') }]);
  });

  test('a passed test with something to act on is published with it', async () => {
    await reportOutcome(outcome('SUCCESSFUL'), clients, settings, 'delete the instance');
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Message).toBe(failureNotice(outcome('SUCCESSFUL'), 'staging', undefined, 'delete the instance').Message);
  });

  test('a reporting error is published, then rethrown as it came', async () => {
    const error = Object.assign(new Error('validation window ended'), { name: 'InvalidRequestException' });
    backupMock.on(PutRestoreValidationResultCommand).rejects(error);
    await expect(reportOutcome(outcome('SUCCESSFUL'), clients, settings)).rejects.toBe(error);
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Message).toBe(failureNotice(outcome('SUCCESSFUL'), 'staging', error).Message);
  });

  test.each([
    [1024, 1024],
    [1025, 1024],
    [1023, 1023],
  ])('a message of %d characters is reported with %d (AWS Backup keeps 1024)', async (length, reported) => {
    await reportOutcome(outcome('SUCCESSFUL', 'x'.repeat(length)), clients, settings);
    expect(backupMock.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input.ValidationStatusMessage).toBe('x'.repeat(reported));
  });
});
