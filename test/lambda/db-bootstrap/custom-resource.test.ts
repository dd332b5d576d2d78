import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { BootstrapDeps } from '../../../lambda/db-bootstrap/bootstrap';
import { handleBootstrapEvent } from '../../../lambda/db-bootstrap/custom-resource';
import { captureLogs, cfnEvent, DEFAULT_SECRETS, ecs, fakeAdmin, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const EXPECTED_DATABASE_URL =
  'mongodb://lms_app:app-pass@staging-flashcard-lms.cluster-abc.eu-west-1.docdb.amazonaws.com:27017/flashcard_lms' +
  '?tls=true&tlsCAFile=/app/certs/global-bundle.pem&replicaSet=rs0&readPreference=secondaryPreferred&retryWrites=false';
const EXPECTED_REDIS_URL = 'rediss://:token123@master.staging-cache.abc.euw1.cache.amazonaws.com:6379/0';

let logs: string[];
beforeEach(() => {
  sm.reset();
  ecs.reset();
  logs = captureLogs();
});

function deps(connect: BootstrapDeps['connect'], extra: Partial<BootstrapDeps> = {}): BootstrapDeps {
  return { secrets: sm as never, ecs: ecs as never, connect, caFile: '/var/runtime/ca-cert.pem', ...extra };
}

describe('bootstrap custom resource: Create/Update', () => {
  test('GIVEN a new cluster WHEN Create THEN creates the user with readWrite on the app database and writes both URLs', async () => {
    const store = useSecrets(DEFAULT_SECRETS);
    const { admin, connect } = fakeAdmin([]);

    const out = await handleBootstrapEvent(cfnEvent('Create'), deps(connect));

    expect(admin.calls).toEqual([{ op: 'createUser', username: 'lms_app', password: 'app-pass', roles: [{ role: 'readWrite', db: 'flashcard_lms' }] }]);
    expect(admin.connections).toEqual([
      { endpoint: PROPERTIES.ClusterEndpoint, port: 27017, username: 'lmsadmin', password: 'master-pass', replicaSet: 'rs0', caFile: '/var/runtime/ca-cert.pem' },
    ]);
    expect(admin.closed).toBe(1);
    expect(store.get(SECRETS.databaseUrl)).toBe(EXPECTED_DATABASE_URL);
    expect(store.get(SECRETS.redisUrl)).toBe(EXPECTED_REDIS_URL);
    expect(out).toEqual({
      PhysicalResourceId: 'db-bootstrap-flashcard_lms',
      Data: { Username: 'lms_app', UserAction: 'created', DatabaseUrlChanged: 'true', RedisUrlChanged: 'true' },
    });
  });

  test('GIVEN the user exists WHEN Update THEN updateUser sets the current password and exactly readWrite, keeping the physical id', async () => {
    useSecrets(DEFAULT_SECRETS);
    const { admin, connect } = fakeAdmin(['lms_app']);

    const out = await handleBootstrapEvent(cfnEvent('Update'), deps(connect));

    expect(admin.calls).toEqual([{ op: 'updateUser', username: 'lms_app', password: 'app-pass', roles: [{ role: 'readWrite', db: 'flashcard_lms' }] }]);
    expect(out.PhysicalResourceId).toBe('db-bootstrap-flashcard_lms');
    expect(out.Data?.UserAction).toBe('updated');
  });

  test('GIVEN URLs already current WHEN Update THEN no PutSecretValue and no redeploy', async () => {
    useSecrets({ ...DEFAULT_SECRETS, databaseUrl: EXPECTED_DATABASE_URL, redisUrl: EXPECTED_REDIS_URL });
    const { connect } = fakeAdmin(['lms_app']);

    const out = await handleBootstrapEvent(cfnEvent('Update'), deps(connect, { service: { cluster: 'c', service: 's' } }));

    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(out.Data).toMatchObject({ DatabaseUrlChanged: 'false', RedisUrlChanged: 'false' });
  });

  test('GIVEN only the Redis token changed WHEN Update THEN only REDIS_URL is written and the service restarts', async () => {
    const store = useSecrets({ ...DEFAULT_SECRETS, databaseUrl: EXPECTED_DATABASE_URL, redisUrl: EXPECTED_REDIS_URL, redisToken: 'token456' });
    ecs.on(UpdateServiceCommand).resolves({});
    const { connect } = fakeAdmin(['lms_app']);

    await handleBootstrapEvent(cfnEvent('Update'), deps(connect, { service: { cluster: 'staging', service: 'backend' } }));

    expect(sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([SECRETS.redisUrl]);
    expect(store.get(SECRETS.redisUrl)).toBe('rediss://:token456@master.staging-cache.abc.euw1.cache.amazonaws.com:6379/0');
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'staging', service: 'backend', forceNewDeployment: true });
  });

  test('GIVEN the backend service does not exist yet WHEN Create THEN the bootstrap still succeeds', async () => {
    useSecrets(DEFAULT_SECRETS);
    ecs.on(UpdateServiceCommand).rejects(Object.assign(new Error('Service not found.'), { name: 'ServiceNotFoundException' }));
    const { connect } = fakeAdmin([]);

    await expect(handleBootstrapEvent(cfnEvent('Create'), deps(connect, { service: { cluster: 'c', service: 's' } }))).resolves.toMatchObject({
      PhysicalResourceId: 'db-bootstrap-flashcard_lms',
    });
  });

  test('GIVEN an Update to another database name THEN the physical id stays (no replacement, so no Delete of the old one)', async () => {
    useSecrets(DEFAULT_SECRETS);
    const { connect } = fakeAdmin(['lms_app']);

    const out = await handleBootstrapEvent(cfnEvent('Update', { ...PROPERTIES, DatabaseName: 'flashcards_v2' }), deps(connect));

    expect(out.PhysicalResourceId).toBe('db-bootstrap-flashcard_lms');
  });

  test('GIVEN passwords with URL-reserved characters THEN the URLs carry them percent-encoded', async () => {
    const store = useSecrets({ ...DEFAULT_SECRETS, appUser: JSON.stringify({ username: 'lms app', password: 'p@ss:w/rd%?#' }), redisToken: 'p@ss:w/rd%?#' });
    const { admin, connect } = fakeAdmin([]);

    await handleBootstrapEvent(cfnEvent('Create'), deps(connect));

    const databaseUrl = store.get(SECRETS.databaseUrl) ?? '';
    expect(databaseUrl.startsWith('mongodb://lms%20app:p%40ss%3Aw%2Frd%25%3F%23@staging-flashcard-lms.cluster-abc')).toBe(true);
    expect(store.get(SECRETS.redisUrl)).toBe('rediss://:p%40ss%3Aw%2Frd%25%3F%23@master.staging-cache.abc.euw1.cache.amazonaws.com:6379/0');
    // The URL parses back to the exact credentials.
    const parsed = new URL(databaseUrl);
    expect(decodeURIComponent(parsed.username)).toBe('lms app');
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd%?#');
    expect(parsed.searchParams.get('retryWrites')).toBe('false');
    // The database user gets the raw password, not the encoded one.
    expect(admin.calls[0].password).toBe('p@ss:w/rd%?#');
  });

  test('never logs a secret value or a URL with credentials', async () => {
    useSecrets({ ...DEFAULT_SECRETS, appUser: JSON.stringify({ username: 'lms_app', password: 'p@ss:w/rd%?#' }) });
    const { connect } = fakeAdmin([]);

    await handleBootstrapEvent(cfnEvent('Create'), deps(connect));

    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['p@ss', 'p%40ss', 'master-pass', 'token123', 'mongodb://', 'rediss://']) expect(all).not.toContain(secret);
  });
});

describe('bootstrap custom resource: bad secrets and properties', () => {
  test('GIVEN a master secret without password THEN fails naming the secret and the field, not the value', async () => {
    useSecrets({ ...DEFAULT_SECRETS, master: JSON.stringify({ username: 'lmsadmin', host: 'h' }) });
    const { admin, connect } = fakeAdmin([]);

    const error = await handleBootstrapEvent(cfnEvent('Create'), deps(connect)).catch((e: Error) => e);

    expect((error as Error).message).toBe('Secret flashcard-lms/staging/docdb-master-AbC123 lacks field "password" (a non-empty string each)');
    expect(admin.connections).toHaveLength(0);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('GIVEN an app user secret without username and password THEN names both fields', async () => {
    useSecrets({ ...DEFAULT_SECRETS, appUser: JSON.stringify({ user: 'x', pass: 'secret-value' }) });
    const { connect } = fakeAdmin([]);

    await expect(handleBootstrapEvent(cfnEvent('Create'), deps(connect))).rejects.toThrow(
      'Secret flashcard-lms/staging/docdb-app-user-DeF456 lacks fields "username", "password" (a non-empty string each)',
    );
  });

  test('GIVEN an app user secret that is not JSON THEN says so without echoing it', async () => {
    useSecrets({ ...DEFAULT_SECRETS, appUser: 'plain-secret-value' });
    const { connect } = fakeAdmin([]);

    const error = (await handleBootstrapEvent(cfnEvent('Create'), deps(connect)).catch((e: Error) => e)) as Error;

    expect(error.message).toBe('Secret flashcard-lms/staging/docdb-app-user-DeF456 is not a JSON object; expected {"username": ..., "password": ...}');
    expect(error.message).not.toContain('plain-secret-value');
  });

  test('GIVEN the app user secret names the master user THEN refuses (updateUser would demote the master)', async () => {
    useSecrets({ ...DEFAULT_SECRETS, appUser: JSON.stringify({ username: 'lmsadmin', password: 'x' }) });
    const { admin, connect } = fakeAdmin(['lmsadmin']);

    await expect(handleBootstrapEvent(cfnEvent('Create'), deps(connect))).rejects.toThrow('names the master user "lmsadmin"');
    expect(admin.calls).toHaveLength(0);
  });

  test('GIVEN a failing user command THEN the connection is still closed and no URL is written', async () => {
    useSecrets(DEFAULT_SECRETS);
    const { admin, connect } = fakeAdmin([]);
    admin.createUser = async () => {
      throw new Error('not authorized on admin to execute command');
    };

    await expect(handleBootstrapEvent(cfnEvent('Create'), deps(connect))).rejects.toThrow('not authorized');
    expect(admin.closed).toBe(1);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('GIVEN missing and bad properties THEN one error names each', async () => {
    const { MasterSecretArn: _m, ...rest } = PROPERTIES;
    const props = { ...rest, ClusterPort: 'abc', CaFilePath: 'certs/ca.pem', RedisAuthTokenSecretArn: 'redis-token' };

    await expect(handleBootstrapEvent(cfnEvent('Create', props), deps(fakeAdmin([]).connect))).rejects.toThrow(
      [
        'Invalid DatabaseBootstrap properties:',
        '  - MasterSecretArn is required (a non-empty string) (got nothing)',
        '  - RedisAuthTokenSecretArn must be an ARN of secretsmanager (arn:aws:secretsmanager:<region>:<account>:...) (got "redis-token")',
        '  - ClusterPort must be an integer between 1 and 65535 (got "abc")',
        '  - CaFilePath must be an absolute path of A-Z, a-z, 0-9, ".", "_", "-" and "/", e.g. "/app/certs/global-bundle.pem" (got "certs/ca.pem")',
      ].join('\n'),
    );
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('bootstrap custom resource: Delete', () => {
  test('is a no-op that returns the same physical id', async () => {
    const { admin, connect } = fakeAdmin(['lms_app']);

    const out = await handleBootstrapEvent(cfnEvent('Delete'), deps(connect));

    expect(out).toEqual({ PhysicalResourceId: 'db-bootstrap-flashcard_lms' });
    expect(admin.connections).toHaveLength(0);
    expect(sm.calls()).toHaveLength(0);
    expect(ecs.calls()).toHaveLength(0);
  });

  test('does not even validate properties (a broken resource can always be deleted)', async () => {
    const out = await handleBootstrapEvent(cfnEvent('Delete', { DatabaseName: '' }), deps(fakeAdmin([]).connect));
    expect(out.PhysicalResourceId).toBe('db-bootstrap-flashcard_lms');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
