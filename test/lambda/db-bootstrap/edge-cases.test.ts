import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { bootstrapDatabase, BootstrapDeps } from '../../../lambda/db-bootstrap/bootstrap';
import { handleBootstrapEvent } from '../../../lambda/db-bootstrap/custom-resource';
import { changedSecretId, handleSecretChange, isSecretChangeEvent, sameSecret, SecretChangeEvent } from '../../../lambda/db-bootstrap/rotation';
import { readSecretFields, secretLabel } from '../../../lambda/db-bootstrap/secrets';
import { parseBootstrapProperties, parseUrlSettingsEnv, UrlSettings } from '../../../lambda/db-bootstrap/settings';
import { serviceFromEnv } from '../../../lambda/db-bootstrap/redeploy';
import { syncConnectionUrls } from '../../../lambda/db-bootstrap/sync-urls';
import { captureLogs, cfnEvent, DEFAULT_SECRETS, ecs, fakeAdmin, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const { ServiceToken: _t, MasterSecretArn: _m, ...URL_PROPERTIES } = PROPERTIES;
// Parsed in a hook, not at load: a settings bug then fails the tests instead of the whole file.
let settings: UrlSettings;
beforeAll(() => {
  settings = parseUrlSettingsEnv(JSON.stringify(URL_PROPERTIES));
});
const service = { cluster: 'flashcard-lms-staging', service: 'flashcard-lms-staging-backend' };
const HEALTH_SECRET = JSON.stringify({ username: 'lmshealth', password: 'health-pass' });
const parsedLogs = (lines: string[]) => lines.map((l) => JSON.parse(l) as unknown);

beforeEach(() => {
  sm.reset();
  ecs.reset();
});

test('no ECS_CLUSTER means no service to restart, even with ECS_SERVICE', () => {
  expect(serviceFromEnv({ ECS_SERVICE: 'flashcard-lms-staging-backend' })).toBeUndefined();
});

describe('secrets', () => {
  test('a label is the part after ":secret:", or the whole id when it is a name', () => {
    expect(secretLabel(SECRETS.appUser)).toBe('flashcard-lms/staging/docdb-app-user-DeF456');
    expect(secretLabel('flashcard-lms/staging/docdb-app-user')).toBe('flashcard-lms/staging/docdb-app-user');
  });

  test.each(['null', '[{"username":"a","password":"b"}]', '"text"', '42'])('JSON %s is not an object of fields', async (text) => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: text });
    await expect(readSecretFields(new SecretsManagerClient({}), SECRETS.appUser, ['username', 'password'])).rejects.toThrow(
      new Error('Secret flashcard-lms/staging/docdb-app-user-DeF456 is not a JSON object; expected {"username": ..., "password": ...}'),
    );
  });
});

describe('which events are Secrets Manager changes', () => {
  test.each([
    ['no event', undefined],
    ['null', null],
    ['a string', 'aws.secretsmanager'],
    ['another source, even without detail', { source: 'aws.ecs', detail: null }],
  ])('%s is not one', (_what, event) => {
    expect(isSecretChangeEvent(event)).toBe(false);
  });

  test.each([
    [null, 'null'],
    ['text', '"text"'],
  ])('a Secrets Manager event with detail %j is refused', (detail, got) => {
    expect(() => isSecretChangeEvent({ source: 'aws.secretsmanager', detail })).toThrow(new Error(`Invalid Secrets Manager change event: expected a detail object, got ${got}`));
  });
});

describe('the secret a change event names', () => {
  const event = (detail: SecretChangeEvent['detail'], detailType = 'AWS API Call via CloudTrail'): SecretChangeEvent => ({
    source: 'aws.secretsmanager',
    'detail-type': detailType,
    detail,
  });

  test.each<[string, SecretChangeEvent, string | undefined]>([
    [
      'the rotation service event',
      event({ eventName: 'RotationSucceeded', additionalEventData: { SecretId: 'a' }, responseElements: { arn: 'b' } }, 'AWS Service Event via CloudTrail'),
      'a',
    ],
    ['the response ARN before aRN and the request', event({ eventName: 'PutSecretValue', responseElements: { arn: 'b', aRN: 'c' }, requestParameters: { secretId: 'd' } }), 'b'],
    ['aRN before the request', event({ eventName: 'UpdateSecret', responseElements: { aRN: 'c' }, requestParameters: { secretId: 'd' } }), 'c'],
    ['the request when there is no response', event({ eventName: 'UpdateSecret', requestParameters: { secretId: 'd' } }), 'd'],
    ['the request when the response is null', event({ eventName: 'UpdateSecret', responseElements: null, requestParameters: { secretId: 'd' } }), 'd'],
    ['nothing when no field names one', event({ eventName: 'UpdateSecret', requestParameters: null }), undefined],
    ['nothing for another detail type', event({ eventName: 'PutSecretValue', requestParameters: { secretId: 'd' } }, 'Object Created'), undefined],
    ['nothing without an event name', event({ requestParameters: { secretId: 'd' } }), undefined],
  ])('%s', (_what, e, id) => {
    expect(changedSecretId(e)).toBe(id);
  });

  test('a partial ARN drops only the 6-character suffix at the end, even when the name has a 6-character word', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod-backend/redis-token-AbC123';
    expect(sameSecret('prod-backend/redis-token', arn)).toBe(true);
    expect(sameSecret('arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod-backend/redis-token', arn)).toBe(true);
    expect(sameSecret('prod-backend/redis-token-AbC12', arn)).toBe(false);
  });
});

describe('what the rotation path logs', () => {
  test('a changed URL with a service restarts it, without the warning', async () => {
    const store = useSecrets(DEFAULT_SECRETS);
    await syncConnectionUrls(sm as never, settings);
    store.set(SECRETS.redisToken, 'new-token');
    ecs.on(UpdateServiceCommand).resolves({});
    const logs = captureLogs();

    const out = await handleSecretChange({ secrets: sm as never, ecs: ecs as never, service }, settings, {
      source: 'aws.secretsmanager',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventName: 'PutSecretValue', requestParameters: { secretId: SECRETS.redisToken } },
    });

    expect(out).toEqual({ handled: true, databaseUrlChanged: false, redisUrlChanged: true, redeployed: true });
    expect(parsedLogs(logs)).toEqual([
      { level: 'info', message: 'forced a new deployment of the service', ...service },
      {
        level: 'info',
        message: 'secret change handled',
        eventName: 'PutSecretValue',
        secret: 'flashcard-lms/staging/redis-auth-token-MnO345',
        databaseUrlChanged: false,
        redisUrlChanged: true,
        redeployed: true,
      },
    ]);
  });

  test('nothing changed and no service: no warning, no restart', async () => {
    useSecrets(DEFAULT_SECRETS);
    await syncConnectionUrls(sm as never, settings);
    const logs = captureLogs();

    await handleSecretChange({ secrets: sm as never, ecs: ecs as never }, settings, {
      source: 'aws.secretsmanager',
      'detail-type': 'AWS Service Event via CloudTrail',
      detail: { eventName: 'RotationSucceeded', additionalEventData: { SecretId: SECRETS.appUser } },
    });

    expect(parsedLogs(logs).map((l) => (l as { level: string; message: string }).message)).toEqual(['secret change handled']);
    expect(ecs.calls()).toHaveLength(0);
  });
});

describe('bootstrapDatabase', () => {
  function deps(connect: BootstrapDeps['connect'], extra: Partial<BootstrapDeps> = {}): BootstrapDeps {
    return { secrets: sm as never, ecs: ecs as never, connect, caFile: '/var/runtime/ca-cert.pem', ...extra };
  }

  test('without a health check user the result has no health check action at all', async () => {
    useSecrets(DEFAULT_SECRETS);
    const result = await bootstrapDatabase(deps(fakeAdmin([]).connect), parseBootstrapProperties(PROPERTIES));
    expect(result).toStrictEqual({ username: 'lms_app', userAction: 'created', databaseUrlChanged: true, redisUrlChanged: true, redeployed: false });
  });

  test('a changed URL restarts the service and says so in the result', async () => {
    useSecrets(DEFAULT_SECRETS);
    ecs.on(UpdateServiceCommand).resolves({});
    const result = await bootstrapDatabase(deps(fakeAdmin(['lms_app']).connect, { service }), parseBootstrapProperties(PROPERTIES));
    expect(result).toStrictEqual({ username: 'lms_app', userAction: 'updated', databaseUrlChanged: true, redisUrlChanged: true, redeployed: true });
  });

  test('logs each user, its role and the URL secrets by name, never a value', async () => {
    useSecrets({ ...DEFAULT_SECRETS, healthCheckUser: HEALTH_SECRET });
    const logs = captureLogs();

    await handleBootstrapEvent(cfnEvent('Create', { ...PROPERTIES, HealthCheckUserSecretArn: SECRETS.healthCheckUser }), deps(fakeAdmin([]).connect));

    expect(parsedLogs(logs)).toEqual([
      { level: 'info', message: 'application user created', username: 'lms_app', database: 'flashcard_lms', role: 'readWrite' },
      { level: 'info', message: 'health check user created', username: 'lmshealth', database: 'flashcard_lms', role: 'read' },
      {
        level: 'info',
        message: 'connection URL secrets synchronized',
        databaseUrlSecret: 'flashcard-lms/staging/database-url-GhI789',
        databaseUrlChanged: true,
        redisUrlSecret: 'flashcard-lms/staging/redis-url-JkL012',
        redisUrlChanged: true,
      },
    ]);
  });

  test('a Delete logs that the user and the data stay', async () => {
    const logs = captureLogs();
    await handleBootstrapEvent(cfnEvent('Delete'), deps(fakeAdmin([]).connect));
    expect(parsedLogs(logs)).toEqual([{ level: 'info', message: 'delete: nothing to do (the user and the data stay)', physicalResourceId: 'db-bootstrap-flashcard_lms' }]);
  });
});
