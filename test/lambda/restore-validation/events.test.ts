import { BackupClient } from '@aws-sdk/client-backup';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { EFSClient } from '@aws-sdk/client-efs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { cleanup, instanceStatus, prepare, probeEndpoint, report } from '../../../lambda/restore-validation/documentdb-probe/index';
import { describeProbeInstance } from '../../../lambda/restore-validation/documentdb-probe/instance';
import { handler } from '../../../lambda/restore-validation/index';

const mocks = [mockClient(BackupClient), mockClient(DocDBClient), mockClient(EFSClient), mockClient(SFNClient), mockClient(SNSClient)];
const saved = process.env;

beforeEach(() => {
  for (const m of mocks) m.reset();
  process.env = {
    ...saved,
    ENV_NAME: 'production',
    WARNING_TOPIC_ARN: 'arn:aws:sns:eu-west-1:222222222222:warning',
    DOCUMENTDB_PROBE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:222222222222:stateMachine:probe',
    INSTANCE_CLASS: 'db.t4g.medium',
    CA_FILE: '/nonexistent/ca.pem',
  };
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
  // Nothing was asked of AWS: no step acts on an unspecified resource.
  for (const m of mocks) expect(m.calls()).toHaveLength(0);
});

describe('restore validation handler', () => {
  test.each([
    [undefined, 'Invalid Restore Job State Change event: expected an EventBridge event with detail.restoreJobId, got nothing'],
    [{}, 'Invalid Restore Job State Change event detail: expected an object with restoreJobId, got nothing'],
    [{ id: 'e-1', detail: 'x' }, 'Invalid Restore Job State Change event detail: expected an object with restoreJobId, got "x"'],
    [{ id: 'e-1', detail: { status: 'COMPLETED' } }, 'Invalid Restore Job State Change event detail fields:\n  - restoreJobId is required (a non-empty string) (got nothing)'],
  ])('%j', async (event, message) => {
    await expect(handler(event as never)).rejects.toThrow(new Error(message));
  });
});

describe('DocumentDB probe steps', () => {
  const clusterArnProblem = (step: string, got: string) =>
    `Invalid restore probe step "${step}" input fields:\n  - clusterArn must be a DocumentDB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>) (got ${got})`;

  test.each([
    ['prepare', prepare],
    ['probe-endpoint', probeEndpoint],
    ['cleanup', cleanup],
  ] as const)('%s without an event, without clusterArn or with another ARN fails naming clusterArn', async (step, fn) => {
    await expect(fn(undefined as never)).rejects.toThrow(new Error(`Invalid restore probe step "${step}" input: expected an object with clusterArn, got nothing`));
    await expect(fn({} as never)).rejects.toThrow(new Error(`Invalid restore probe step "${step}" input fields:\n  - clusterArn is required (a non-empty string) (got nothing)`));
    await expect(fn({ clusterArn: 'arn:aws:rds:eu-west-1:222222222222:db:prod-1' })).rejects.toThrow(
      new Error(clusterArnProblem(step, '"arn:aws:rds:eu-west-1:222222222222:db:prod-1"')),
    );
  });

  test.each([
    [undefined, 'Invalid restore probe step "instance-status" input: expected an object with instanceId, got nothing'],
    [{}, 'Invalid restore probe step "instance-status" input fields:\n  - instanceId is required (a non-empty string) (got nothing)'],
    [{ instanceId: '' }, 'Invalid restore probe step "instance-status" input fields:\n  - instanceId is required (a non-empty string) (got "")'],
    [
      { instanceId: 'production-docdb-1' },
      'Invalid restore probe step "instance-status" input fields:\n  - instanceId must be the probe\'s own instance identifier (restore-probe-...) (got "production-docdb-1")',
    ],
  ])('instance-status with %j describes nothing', async (event, message) => {
    await expect(instanceStatus(event as never)).rejects.toThrow(new Error(message));
  });

  test('describeProbeInstance itself refuses an empty or foreign identifier', async () => {
    await expect(describeProbeInstance(new DocDBClient({}), '')).rejects.toThrow('"" is not a restore probe instance identifier (expected restore-probe-...)');
    await expect(describeProbeInstance(new DocDBClient({}), 'production-docdb-1')).rejects.toThrow('"production-docdb-1" is not a restore probe instance identifier');
  });

  test('report without restoreJobId and clusterArn names both and reports nothing', async () => {
    await expect(report(undefined as never)).rejects.toThrow(
      new Error('Invalid restore probe step "report" input: expected the execution state with restoreJobId and clusterArn, got nothing'),
    );
    await expect(report({} as never)).rejects.toThrow(
      new Error(
        'Invalid restore probe step "report" input fields:\n  - restoreJobId is required (a non-empty string) (got nothing)\n  - clusterArn is required (a non-empty string) (got nothing)',
      ),
    );
  });
});
