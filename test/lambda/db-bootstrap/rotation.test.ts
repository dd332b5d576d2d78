import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { changedSecretId, handleSecretChange, sameSecret, SecretChangeEvent } from '../../../lambda/db-bootstrap/rotation';
import { parseUrlSettingsEnv, UrlSettings } from '../../../lambda/db-bootstrap/settings';
import { syncConnectionUrls } from '../../../lambda/db-bootstrap/sync-urls';
import { captureLogs, DEFAULT_SECRETS, ecs, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const { ServiceToken: _t, MasterSecretArn: _m, ...URL_PROPERTIES } = PROPERTIES;
// Parsed in a hook, not at load: a settings bug then fails the tests instead of the whole file.
let settings: UrlSettings;
beforeAll(() => {
  settings = parseUrlSettingsEnv(JSON.stringify(URL_PROPERTIES));
});
const service = { cluster: 'flashcard-lms-staging', service: 'flashcard-lms-staging-backend' };

function rotationSucceeded(secretArn: string): SecretChangeEvent {
  return {
    source: 'aws.secretsmanager',
    'detail-type': 'AWS Service Event via CloudTrail',
    detail: { eventName: 'RotationSucceeded', additionalEventData: { SecretId: secretArn } },
  };
}

function putSecretValue(secretId: string, errorCode?: string): SecretChangeEvent {
  return {
    source: 'aws.secretsmanager',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventName: 'PutSecretValue', requestParameters: { secretId }, responseElements: errorCode ? null : { arn: secretId }, errorCode },
  };
}

const deps = () => ({ secrets: sm as never, ecs: ecs as never, service });

beforeEach(() => {
  sm.reset();
  ecs.reset();
  captureLogs();
});

describe('rotation path', () => {
  test('GIVEN the app user rotated to its clone WHEN RotationSucceeded THEN DATABASE_URL names the new user and the backend redeploys', async () => {
    const store = useSecrets({ ...DEFAULT_SECRETS, appUser: JSON.stringify({ username: 'lms_app_clone', password: 'n3w/pass' }) });
    await syncConnectionUrls(sm as never, settings); // URLs of the old user
    store.set(SECRETS.appUser, JSON.stringify({ username: 'lms_app', password: 'rotated' }));
    sm.resetHistory();
    ecs.on(UpdateServiceCommand).resolves({});

    const out = await handleSecretChange(deps(), settings, rotationSucceeded(SECRETS.appUser));

    expect(out).toEqual({ handled: true, databaseUrlChanged: true, redisUrlChanged: false, redeployed: true });
    expect(store.get(SECRETS.databaseUrl)).toMatch(/^mongodb:\/\/lms_app:rotated@/);
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ ...service, forceNewDeployment: true });
  });

  test('GIVEN the pending step of a rotation (AWSCURRENT unchanged) THEN nothing is written and nothing restarts', async () => {
    useSecrets(DEFAULT_SECRETS);
    await syncConnectionUrls(sm as never, settings);
    sm.resetHistory();

    const out = await handleSecretChange(deps(), settings, putSecretValue(SECRETS.appUser));

    expect(out).toEqual({ handled: true, databaseUrlChanged: false, redisUrlChanged: false, redeployed: false });
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
  });

  test('GIVEN a Redis token set by hand (named without suffix) THEN REDIS_URL is rewritten', async () => {
    const store = useSecrets(DEFAULT_SECRETS);
    await syncConnectionUrls(sm as never, settings);
    store.set(SECRETS.redisToken, 'hand-set-token');
    ecs.on(UpdateServiceCommand).resolves({});

    const out = await handleSecretChange(deps(), settings, putSecretValue('flashcard-lms/staging/redis-auth-token'));

    expect(out.redisUrlChanged).toBe(true);
    expect(store.get(SECRETS.redisUrl)).toBe('rediss://:hand-set-token@master.staging-cache.abc.euw1.cache.amazonaws.com:6379/0');
  });

  test.each([
    ['another secret', putSecretValue('arn:aws:secretsmanager:eu-west-1:111111111111:secret:flashcard-lms/staging/jwt-signing-key-AAAAAA')],
    ['the URL secret it writes itself', putSecretValue(SECRETS.databaseUrl)],
    ['a failed API call', putSecretValue(SECRETS.appUser, 'AccessDenied')],
    ['another event name', { ...rotationSucceeded(SECRETS.appUser), detail: { eventName: 'GetSecretValue', additionalEventData: { SecretId: SECRETS.appUser } } }],
  ])('ignores %s', async (_label, event) => {
    useSecrets(DEFAULT_SECRETS);

    const out = await handleSecretChange(deps(), settings, event);

    expect(out.handled).toBe(false);
    expect(sm.calls()).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
  });
});

describe('secret matching', () => {
  test('reads the secret id from each CloudTrail shape', () => {
    expect(changedSecretId(rotationSucceeded('a'))).toBe('a');
    expect(changedSecretId(putSecretValue('b'))).toBe('b');
    expect(
      changedSecretId({ source: 'aws.secretsmanager', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'UpdateSecret', responseElements: { aRN: 'c' } } }),
    ).toBe('c');
  });

  test('matches full ARN, partial ARN and name, and nothing else', () => {
    expect(sameSecret(SECRETS.appUser, SECRETS.appUser)).toBe(true);
    expect(sameSecret(SECRETS.appUser.replace(/-DeF456$/, ''), SECRETS.appUser)).toBe(true);
    expect(sameSecret('flashcard-lms/staging/docdb-app-user', SECRETS.appUser)).toBe(true);
    expect(sameSecret('flashcard-lms/staging/docdb-app', SECRETS.appUser)).toBe(false);
    expect(sameSecret('flashcard-lms/production/docdb-app-user', SECRETS.appUser)).toBe(false);
  });
});

describe('URL_SETTINGS environment variable', () => {
  test('missing or not JSON gives a clear error', () => {
    expect(() => parseUrlSettingsEnv(undefined)).toThrow('Environment variable URL_SETTINGS must hold a JSON object');
    expect(() => parseUrlSettingsEnv('[1]')).toThrow('Environment variable URL_SETTINGS must hold a JSON object');
  });

  test('bad fields are named', () => {
    expect(() => parseUrlSettingsEnv(JSON.stringify({ ...URL_PROPERTIES, RedisPort: '0' }))).toThrow(
      'Invalid URL_SETTINGS properties:\n  - RedisPort must be an integer between 1 and 65535 (got "0")',
    );
  });
});

describe('what the rotation path tells on-call staff', () => {
  test('a changed URL without ECS_CLUSTER/ECS_SERVICE warns that running tasks keep the old URL', async () => {
    const store = useSecrets(DEFAULT_SECRETS);
    await syncConnectionUrls(sm as never, settings);
    store.set(SECRETS.appUser, JSON.stringify({ username: 'lms_app', password: 'rotated' }));
    const logs = captureLogs();

    const out = await handleSecretChange({ secrets: sm as never, ecs: ecs as never }, settings, rotationSucceeded(SECRETS.appUser));

    expect(out).toEqual({ handled: true, databaseUrlChanged: true, redisUrlChanged: false, redeployed: false });
    expect(ecs.calls()).toHaveLength(0);
    expect(logs.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'warn', message: 'URLs changed but ECS_CLUSTER/ECS_SERVICE are not set: running tasks keep the old URL until they restart' },
      {
        level: 'info',
        message: 'secret change handled',
        eventName: 'RotationSucceeded',
        secret: 'flashcard-lms/staging/docdb-app-user-DeF456',
        databaseUrlChanged: true,
        redisUrlChanged: false,
        redeployed: false,
      },
    ]);
  });

  test('an event about another secret is ignored, and the log says which', async () => {
    const logs = captureLogs();
    const other = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:someone-else-XyZ987';
    expect(await handleSecretChange(deps(), settings, putSecretValue(other))).toEqual({ handled: false, databaseUrlChanged: false, redisUrlChanged: false, redeployed: false });
    expect(logs.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'info', message: 'event ignored: not a change of the application user or Redis token secret', eventName: 'PutSecretValue', secretId: other },
    ]);
    expect(sm.calls()).toHaveLength(0);
  });
});
