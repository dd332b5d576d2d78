import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { checkDatabase, parseTarget } from '../../../lambda/health-check/database-check';
import { checkEcs } from '../../../lambda/health-check/ecs-check';
import { classifyMongoError } from '../../../lambda/health-check/mongo-error';
import { pingWith, PingClient } from '../../../lambda/health-check/mongo-ping';
import { redact, secretParts } from '../../../lambda/health-check/redact';
import { runChecks } from '../../../lambda/health-check/run-checks';
import { SecretCache } from '../../../lambda/health-check/secret-cache';
import { DB_SECRET, DB_SECRET_VALUE } from './fixtures';

const ecs = mockClient(ECSClient);
const docdb = mockClient(DocDBClient);
const sm = mockClient(SecretsManagerClient);
const signal = new AbortController().signal;

beforeEach(() => {
  ecs.reset();
  docdb.reset();
  sm.reset();
});

describe('SecretCache', () => {
  const TTL = 1000;
  function cacheAt(clock: { t: number }) {
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'first' }).resolves({ SecretString: 'rotated' });
    return new SecretCache(new SecretsManagerClient({}), TTL, () => clock.t);
  }

  test('serves the cached value until just before the TTL', async () => {
    const clock = { t: 0 };
    const cache = cacheAt(clock);
    expect(await cache.get('s')).toBe('first');
    clock.t = TTL - 1;
    expect(await cache.get('s')).toBe('first');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test('reads the rotated value at the TTL and caches it from then on', async () => {
    const clock = { t: 0 };
    const cache = cacheAt(clock);
    await cache.get('s');
    clock.t = TTL;
    expect(await cache.get('s')).toBe('rotated');
    clock.t = 2 * TTL - 1;
    expect(await cache.get('s')).toBe('rotated');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('a TTL of 0 reads every time', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'v' });
    const cache = new SecretCache(new SecretsManagerClient({}), 0, () => 5);
    await cache.get('s');
    await cache.get('s');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('invalidate forgets one secret only', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'v' });
    const cache = new SecretCache(new SecretsManagerClient({}), TTL, () => 0);
    await cache.get('a');
    await cache.get('b');
    cache.invalidate('a');
    await cache.get('a');
    await cache.get('b');
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual(['a', 'b', 'a']);
  });
});

describe('checkEcs', () => {
  const service = (name: string, extra: object = {}) => ({ serviceName: name, status: 'ACTIVE', runningCount: 1, desiredCount: 1, ...extra });

  test.each(['DRAINING', 'INACTIVE'])('a %s service is unhealthy', async (status) => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service('backend', { status })] });
    const out = await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend'] }, signal);
    expect(out).toMatchObject({ healthy: false, reason: `backend: status ${status}` });
  });

  test('a service reported as a failure (MISSING) is unhealthy', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'arn:aws:ecs:eu-west-1:111111111111:service/c/backend', reason: 'MISSING' }] });
    const out = await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend'] }, signal);
    expect(out).toMatchObject({ healthy: false, reason: 'backend: MISSING' });
  });

  test('a service DescribeServices leaves out entirely is unhealthy', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service('backend')] });
    const out = await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend', 'frontend'] }, signal);
    expect(out).toMatchObject({ healthy: false, reason: 'frontend: not returned by DescribeServices' });
  });

  test('asks about at most 10 services per call (the DescribeServices limit)', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `svc-${i}`);
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({ services: input.services.map((n) => service(n)) }));
    const out = await checkEcs(new ECSClient({}), { cluster: 'c', services: names }, signal);
    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services)).toEqual([names.slice(0, 10), names.slice(10, 20), names.slice(20)]);
    expect(out.healthy).toBe(true);
  });
});

describe('checkDatabase', () => {
  const deps = () => ({
    docdb: new DocDBClient({}),
    secrets: new SecretCache(new SecretsManagerClient({}), 60_000),
    ping: jest.fn(async () => undefined),
  });
  const settings = { clusterId: 'prod-docdb', credentialsSecretArn: DB_SECRET, caFile: '/ca.pem', timeoutMs: 100 };
  beforeEach(() => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: DB_SECRET_VALUE });
    docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });
    docdb.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'i-1', DBInstanceStatus: 'available' }] });
  });

  test('healthy when the cluster, its instances and the ping are', async () => {
    expect(await checkDatabase(deps(), settings, signal)).toEqual({ healthy: true, details: { cluster: 'available', instances: { 'i-1': 'available' }, connection: 'ok' } });
  });

  test('cluster not found', async () => {
    docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    expect(await checkDatabase(deps(), settings, signal)).toMatchObject({ healthy: false, reason: 'cluster prod-docdb not found', details: { cluster: 'missing' } });
  });

  test('cluster not available', async () => {
    docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'backing-up' }] });
    expect(await checkDatabase(deps(), settings, signal)).toMatchObject({ healthy: false, reason: 'cluster prod-docdb is backing-up' });
  });

  test('cluster without instances', async () => {
    docdb.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    expect(await checkDatabase(deps(), settings, signal)).toMatchObject({ healthy: false, reason: 'cluster prod-docdb has no instances' });
  });

  test('a failed ping names the cause and hides the password', async () => {
    const d = deps();
    d.ping.mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:27017 as lmshealth:health-password'), { code: 'ECONNREFUSED' }));
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'lmshealth', password: 'health-password', host: 'h', port: '27017' }) });
    expect(await checkDatabase(d, settings, signal)).toMatchObject({
      healthy: false,
      reason: 'ping failed: connection refused (ECONNREFUSED): connect ECONNREFUSED 10.0.0.5:27017 as lmshealth:[redacted]',
    });
  });

  test('a secret without the fields names the missing ones, never a value', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'u', password: 'secret-pw', port: 0 }) });
    const out = await checkDatabase(deps(), settings, signal);
    expect(out).toMatchObject({ healthy: false, reason: 'database credentials secret lacks "host", "port" (expected {"username", "password", "host", "port"})' });
  });

  test('parseTarget takes a numeric or string port', () => {
    expect(parseTarget(DB_SECRET_VALUE)).toEqual({ host: 'docdb.cluster-abc.eu-west-1.docdb.amazonaws.com', port: 27017, username: 'lmshealth', password: 'db-Pa55word-value' });
    expect(() => parseTarget('mongodb://u:p@h')).toThrow('secret is not a JSON object (expected {"username", "password", "host", "port"})');
  });
});

describe('classifyMongoError', () => {
  const serverSelection = (error: unknown) =>
    Object.assign(new Error('Server selection timed out after 4000 ms'), { name: 'MongoServerSelectionError', reason: { servers: new Map([['h:27017', { error }]]) } });

  test('finds a certificate code in the server description under a selection error', () => {
    const inner = Object.assign(new Error('unable to verify the first certificate'), {
      name: 'MongoNetworkError',
      cause: Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
    });
    expect(classifyMongoError(serverSelection(inner))).toEqual({
      kind: 'untrusted certificate',
      reason: 'untrusted certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE): Server selection timed out after 4000 ms',
    });
  });

  test('AuthenticationFailed by code name', () => {
    expect(classifyMongoError(Object.assign(new Error('Authentication failed.'), { codeName: 'AuthenticationFailed' })).kind).toBe('authentication failed');
  });

  test('a selection error with no server error is a timeout', () => {
    expect(classifyMongoError(serverSelection(null)).kind).toBe('timed out');
  });

  test('anything else keeps its message as is', () => {
    expect(classifyMongoError(new Error('not master'))).toEqual({ kind: 'other', reason: 'not master' });
    expect(classifyMongoError('plain')).toEqual({ kind: 'other', reason: 'plain' });
  });
});

describe('redact', () => {
  test('hides a bare password', () => {
    expect(redact('login with s3cret-pw failed', ['s3cret-pw'])).toBe('login with [redacted] failed');
  });
  test('hides user:pass@ in any URL, even without knowing the secret', () => {
    expect(redact('cannot reach mongodb://app:hunter22@db:27017/x and rediss://:tok3n@cache:6379')).toBe(
      'cannot reach mongodb://[redacted]@db:27017/x and rediss://[redacted]@cache:6379',
    );
  });
  test('secretParts covers the URL-encoded and decoded password', () => {
    expect(secretParts('rediss://:a%2Fb%40c@h:6379')).toEqual(['rediss://:a%2Fb%40c@h:6379', 'a%2Fb%40c', 'a/b@c']);
  });
});

describe('pingWith', () => {
  function fakeClient(behaviour: { connect?: () => Promise<unknown>; command?: () => Promise<unknown> } = {}) {
    const client = {
      connect: jest.fn(behaviour.connect ?? (async () => undefined)),
      command: jest.fn(behaviour.command ?? (async () => ({ ok: 1 }))),
      close: jest.fn(async (): Promise<void> => undefined),
      db: jest.fn(),
    };
    client.db.mockReturnValue({ command: client.command });
    return client;
  }

  test('pings admin and closes the client', async () => {
    const client = fakeClient();
    await pingWith(client, signal);
    expect(client.db).toHaveBeenCalledWith('admin');
    expect(client.command).toHaveBeenCalledWith({ ping: 1 }, { signal });
    expect(client.close).toHaveBeenCalledTimes(1);
  });

  test('closes the client when connecting fails', async () => {
    const client = fakeClient({ connect: async () => Promise.reject(new Error('refused')) });
    await expect(pingWith(client as unknown as PingClient, signal)).rejects.toThrow('refused');
    expect(client.close).toHaveBeenCalledTimes(1);
  });

  test('an abort closes the client at once, which ends a hung connect', async () => {
    const controller = new AbortController();
    let fail: (e: Error) => void = () => undefined;
    const client = fakeClient({ connect: () => new Promise((_, reject) => (fail = reject)) });
    client.close.mockImplementation(async () => fail(new Error('client closed')));
    const pending = pingWith(client, controller.signal);
    controller.abort();
    // Abort listeners run synchronously: the client is closed before anything else happens.
    const closedOnAbort = client.close.mock.calls.length;
    fail(new Error('connect ended'));
    await expect(pending).rejects.toThrow(/client closed|connect ended/);
    expect(closedOnAbort).toBe(1);
  });
});

describe('runChecks', () => {
  test('aborts the signal of a check that runs out of time, so its driver can stop', async () => {
    let seen: AbortSignal | undefined;
    const results = await runChecks(
      new Map([
        [
          'database',
          (s: AbortSignal) => {
            seen = s;
            return new Promise<never>(() => undefined);
          },
        ],
      ]),
      { checkTimeoutMs: 30, deadlineMs: 1000 },
    );
    expect(results[0]).toMatchObject({ check: 'database', healthy: false, reason: 'timed out after 30 ms' });
    expect(seen?.aborted).toBe(true);
    expect(String((seen?.reason as Error).message)).toBe('timed out after 30 ms');
  });

  test('leaves the signal of a check that finished in time alone', async () => {
    let seen: AbortSignal | undefined;
    await runChecks(new Map([['web', async (s: AbortSignal) => ((seen = s), { healthy: true })]]), { checkTimeoutMs: 30, deadlineMs: 1000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen?.aborted).toBe(false);
  });
});
