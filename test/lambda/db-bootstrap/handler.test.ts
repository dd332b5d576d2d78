import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { captureLogs, cfnEvent, DEFAULT_SECRETS, ecs, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const connections: unknown[] = [];
jest.mock('../../../lambda/db-bootstrap/mongo-user-admin', () => ({
  connectUserAdmin: async (c: unknown) => {
    connections.push(c);
    return { userExists: async () => true, createUser: async () => undefined, updateUser: async () => undefined, close: async () => undefined };
  },
}));

import { handler } from '../../../lambda/db-bootstrap';

const { ServiceToken: _t, MasterSecretArn: _m, ...URL_PROPERTIES } = PROPERTIES;

beforeEach(() => {
  sm.reset();
  ecs.reset();
  connections.length = 0;
  captureLogs();
  process.env.ECS_CLUSTER = 'flashcard-lms-staging';
  process.env.ECS_SERVICE = 'flashcard-lms-staging-backend';
  process.env.URL_SETTINGS = JSON.stringify(URL_PROPERTIES);
  delete process.env.DOCDB_CA_FILE;
});

test('a CloudFormation event bootstraps with the Lambda runtime CA bundle by default', async () => {
  useSecrets(DEFAULT_SECRETS);
  ecs.on(UpdateServiceCommand).resolves({});

  const out = await handler(cfnEvent('Create'));

  expect(out).toMatchObject({ PhysicalResourceId: 'db-bootstrap-flashcard_lms', Data: { UserAction: 'updated' } });
  expect(connections).toEqual([expect.objectContaining({ caFile: '/var/runtime/ca-cert.pem', replicaSet: 'rs0' })]);
});

test('DOCDB_CA_FILE overrides the CA bundle', async () => {
  useSecrets(DEFAULT_SECRETS);
  process.env.DOCDB_CA_FILE = '/opt/rds-ca.pem';

  await handler(cfnEvent('Create'));

  expect(connections).toEqual([expect.objectContaining({ caFile: '/opt/rds-ca.pem' })]);
});

test('an EventBridge rotation event takes the rotation path with URL_SETTINGS and the ECS service from the environment', async () => {
  const store = useSecrets({ ...DEFAULT_SECRETS, databaseUrl: 'old', redisUrl: 'old' });
  ecs.on(UpdateServiceCommand).resolves({});

  const out = await handler({
    source: 'aws.secretsmanager',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'RotationSucceeded', additionalEventData: { SecretId: SECRETS.appUser } },
  });

  expect(out).toEqual({ handled: true, databaseUrlChanged: true, redisUrlChanged: true, redeployed: true });
  expect(store.get(SECRETS.databaseUrl)).toMatch(/^mongodb:\/\/lms_app:app-pass@/);
  expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({
    cluster: 'flashcard-lms-staging',
    service: 'flashcard-lms-staging-backend',
    forceNewDeployment: true,
  });
  expect(connections).toHaveLength(0);
});

describe('empty or malformed events fail naming what is missing, before any call', () => {
  test.each([
    [
      undefined,
      'Invalid CloudFormation custom resource event: expected a Create, Update or Delete request of the Provider framework, or a Secrets Manager change event, got nothing',
    ],
    [null, 'Invalid CloudFormation custom resource event: expected a Create, Update or Delete request of the Provider framework, or a Secrets Manager change event, got null'],
    [
      'Create',
      'Invalid CloudFormation custom resource event: expected a Create, Update or Delete request of the Provider framework, or a Secrets Manager change event, got "Create"',
    ],
    [{}, 'Invalid CloudFormation custom resource event fields:\n  - RequestType is required (a non-empty string) (got nothing)'],
    [{ RequestType: 'Replace' }, 'Invalid CloudFormation custom resource event fields:\n  - RequestType must be one of Create, Update, Delete (got "Replace")'],
    [{ RequestType: 'Delete' }, 'Invalid CloudFormation custom resource event fields:\n  - PhysicalResourceId is required (a non-empty string) (got nothing)'],
    [
      { RequestType: 'Update', ResourceProperties: {} },
      'Invalid CloudFormation custom resource event fields:\n  - PhysicalResourceId is required (a non-empty string) (got nothing)',
    ],
    [{ source: 'aws.secretsmanager' }, 'Invalid Secrets Manager change event: expected a detail object, got nothing'],
  ])('%j', async (event, message) => {
    await expect(handler(event as never)).rejects.toThrow(new Error(message));
    expect(sm.calls()).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
    expect(connections).toHaveLength(0);
  });

  test('a Create without properties names every one it needs', async () => {
    await expect(handler({ RequestType: 'Create' } as never)).rejects.toThrow(
      /^Invalid DatabaseBootstrap properties:\n {2}- MasterSecretArn is required \(a non-empty string\) \(got nothing\)\n {2}- AppUserSecretArn is required/,
    );
    expect(sm.calls()).toHaveLength(0);
  });

  test('a Secrets Manager event without detail-type or eventName is ignored, not acted on', async () => {
    const out = await handler({ source: 'aws.secretsmanager', detail: {} } as never);
    expect(out).toEqual({ handled: false, databaseUrlChanged: false, redisUrlChanged: false, redeployed: false });
    expect(sm.calls()).toHaveLength(0);
  });
});
