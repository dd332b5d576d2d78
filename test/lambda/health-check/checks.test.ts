import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { getEventListeners } from 'node:events';
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
/** The options an SDK call was sent with (the mock records them after the command). */
const sentWith = (call: { args: readonly unknown[] }) => call.args[1];

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

  test('expiry counts from the time of the read: TTL-1 cached, TTL and TTL+1 read again', async () => {
    const start = 50_000;
    for (const [age, expected] of [
      [TTL - 1, 'first'],
      [TTL, 'rotated'],
      [TTL + 1, 'rotated'],
    ] as const) {
      sm.reset();
      const clock = { t: start };
      const cache = cacheAt(clock);
      await cache.get('s');
      clock.t = start + age;
      expect(await cache.get('s')).toBe(expected);
    }
  });

  test('passes the abort signal to Secrets Manager and trims the value', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '  rediss://h:6379\n' });
    const cache = new SecretCache(new SecretsManagerClient({}), TTL, () => 0);
    expect(await cache.get('s', signal)).toBe('rediss://h:6379');
    expect(sentWith(sm.commandCalls(GetSecretValueCommand)[0])).toEqual({ abortSignal: signal });
  });

  test.each([{}, { SecretString: '' }, { SecretString: ' \n' }])('a secret without a value (%j) is an error and is not cached', async (reply) => {
    sm.on(GetSecretValueCommand).resolvesOnce(reply).resolves({ SecretString: 'v' });
    const cache = new SecretCache(new SecretsManagerClient({}), TTL, () => 0);
    await expect(cache.get('s')).rejects.toThrow(new Error('secret unavailable: it has no SecretString'));
    expect(await cache.get('s')).toBe('v');
  });

  test('an expired value that cannot be read again is dropped, even if the clock steps back', async () => {
    const clock = { t: 0 };
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'first' }).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'rotated' });
    const cache = new SecretCache(new SecretsManagerClient({}), TTL, () => clock.t);
    await cache.get('s');
    clock.t = TTL;
    await expect(cache.get('s')).rejects.toThrow('secret unavailable: throttled');
    clock.t = 0;
    expect(await cache.get('s')).toBe('rotated');
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

  test('exactly 10 services take one call, 11 take two', async () => {
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({ services: input.services.map((n) => service(n)) }));
    const names = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    await checkEcs(new ECSClient({}), { cluster: 'c', services: names.slice(0, 10) }, signal);
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(1);
    ecs.resetHistory();
    await checkEcs(new ECSClient({}), { cluster: 'c', services: names }, signal);
    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services)).toEqual([names.slice(0, 10), ['svc-10']]);
  });

  test('healthy: names the cluster, passes the abort signal and reports each service', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [service('backend', { runningCount: 3, desiredCount: 2, deployments: [{ id: 'ecs-svc/1', rolloutState: 'COMPLETED' }] })],
    });
    expect(await checkEcs(new ECSClient({}), { cluster: 'prod', services: ['backend'] }, signal)).toEqual({
      healthy: true,
      details: { services: { backend: { status: 'ACTIVE', running: 3, desired: 2, failedRollouts: 0 } } },
    });
    const call = ecs.commandCalls(DescribeServicesCommand)[0];
    expect(call.args[0].input).toEqual({ cluster: 'prod', services: ['backend'] });
    expect(sentWith(call)).toEqual({ abortSignal: signal });
  });

  test('every problem of a service is named, with the details', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service('backend', {
          status: 'DRAINING',
          runningCount: 1,
          desiredCount: 2,
          deployments: [
            { id: 'ecs-svc/1', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker triggered' },
            { id: 'ecs-svc/2', rolloutState: 'FAILED' },
            { rolloutState: 'FAILED' },
            { id: 'ecs-svc/3', rolloutState: 'IN_PROGRESS' },
          ],
        }),
      ],
    });
    expect(await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend'] }, signal)).toEqual({
      healthy: false,
      reason:
        'backend: status DRAINING; backend: 1 of 2 tasks running; backend: rollout failed (circuit breaker triggered); backend: rollout failed (ecs-svc/2); backend: rollout failed (no reason given)',
      details: { services: { backend: { status: 'DRAINING', running: 1, desired: 2, failedRollouts: 3 } } },
    });
  });

  test('missing counts count as 0, a missing status is not a problem, and the name may come from the ARN', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        { serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/c/backend', desiredCount: 1 },
        { serviceName: 'frontend', runningCount: 2 },
      ],
    });
    expect(await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend', 'frontend'] }, signal)).toEqual({
      healthy: false,
      reason: 'backend: 0 of 1 tasks running',
      details: {
        services: {
          backend: { status: undefined, running: 0, desired: 1, failedRollouts: 0 },
          frontend: { status: undefined, running: 2, desired: 0, failedRollouts: 0 },
        },
      },
    });
  });

  test('services given as ARNs are matched by name; a failure without reason or ARN still says what failed', async () => {
    const arn = (n: string) => `arn:aws:ecs:eu-west-1:111111111111:service/c/${n}`;
    ecs.on(DescribeServicesCommand).resolves({ services: [service('backend')], failures: [{ arn: arn('frontend') }, {}] });
    expect(await checkEcs(new ECSClient({}), { cluster: 'c', services: [arn('backend'), arn('frontend')] }, signal)).toMatchObject({
      healthy: false,
      reason: 'frontend: not found; unknown: not found',
    });
  });

  test('a reply without services or failures leaves every service unreported', async () => {
    ecs.on(DescribeServicesCommand).resolves({});
    expect(await checkEcs(new ECSClient({}), { cluster: 'c', services: ['backend', 'frontend'] }, signal)).toEqual({
      healthy: false,
      reason: 'backend: not returned by DescribeServices; frontend: not returned by DescribeServices',
      details: { services: {} },
    });
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

  test.each([
    ['an empty cluster list', { DBClusters: [] }],
    ['a reply without a cluster list', {}],
  ])('cluster not found: %s', async (_what, reply) => {
    docdb.on(DescribeDBClustersCommand).resolves(reply);
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

  test('no instance list at all is no instances', async () => {
    docdb.on(DescribeDBInstancesCommand).resolves({});
    expect(await checkDatabase(deps(), settings, signal)).toEqual({
      healthy: false,
      reason: 'cluster prod-docdb has no instances',
      details: { cluster: 'available', instances: {}, connection: 'ok' },
    });
  });

  test('statuses AWS leaves out are problems, named as unknown', async () => {
    docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [{}] });
    docdb
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'i-1', DBInstanceStatus: 'available' }, {}, { DBInstanceIdentifier: 'i-3', DBInstanceStatus: 'rebooting' }] });
    expect(await checkDatabase(deps(), settings, signal)).toEqual({
      healthy: false,
      reason: 'cluster prod-docdb is in an unknown state; instance ? is in an unknown state; instance i-3 is rebooting',
      details: { cluster: 'missing', instances: { 'i-1': 'available', '?': 'unknown', 'i-3': 'rebooting' }, connection: 'ok' },
    });
  });

  test('asks about the cluster and its instances with the abort signal', async () => {
    await checkDatabase(deps(), settings, signal);
    expect(docdb.commandCalls(DescribeDBClustersCommand)[0].args).toEqual([expect.anything(), { abortSignal: signal }]);
    expect(docdb.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'prod-docdb' });
    expect(sentWith(docdb.commandCalls(DescribeDBInstancesCommand)[0])).toEqual({ abortSignal: signal });
    expect(sentWith(sm.commandCalls(GetSecretValueCommand)[0])).toEqual({ abortSignal: signal });
  });

  test('a failed ping reports the connection failed, hides the URL-encoded password too, and reads the secret again next time', async () => {
    const d = deps();
    const password = 'p@ss/w:rd';
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'u', password, host: 'h', port: 27017 }) });
    d.ping.mockRejectedValue(new Error(`bad auth for u:${encodeURIComponent(password)} and ${password}`));
    expect(await checkDatabase(d, settings, signal)).toEqual({
      healthy: false,
      reason: 'ping failed: bad auth for u:[redacted] and [redacted]',
      details: { cluster: 'available', instances: { 'i-1': 'available' }, connection: 'failed' },
    });
    await checkDatabase(d, settings, signal);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('a working ping keeps the secret cached', async () => {
    const d = deps();
    await checkDatabase(d, settings, signal);
    await checkDatabase(d, settings, signal);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
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

  test.each(['[]', 'null', '"text"', '42', ''])('parseTarget refuses %j, which is not a JSON object', (secret) => {
    expect(() => parseTarget(secret)).toThrow(new Error('secret is not a JSON object (expected {"username", "password", "host", "port"})'));
  });

  test.each([
    [{ port: 1 }, 1],
    [{ port: 65535 }, 65535],
    [{ port: '1' }, 1],
  ])('parseTarget takes port %j', (extra, port) => {
    expect(parseTarget(JSON.stringify({ username: 'u', password: 'p', host: 'h', ...extra })).port).toBe(port);
  });

  test.each([{ port: 0 }, { port: 65536 }, { port: '65536' }, { port: '27017a' }, { port: 'a27017' }, { port: ' 27017' }, { port: '' }, { port: true }, { port: [27017] }, {}])(
    'parseTarget refuses port in %j',
    (extra) => {
      expect(() => parseTarget(JSON.stringify({ username: 'u', password: 'p', host: 'h', ...extra }))).toThrow(
        new Error('secret lacks "port" (expected {"username", "password", "host", "port"})'),
      );
    },
  );

  test('parseTarget counts empty and non-string fields as missing', () => {
    expect(() => parseTarget(JSON.stringify({ username: '', password: 7, port: 27017 }))).toThrow(
      new Error('secret lacks "username", "password", "host" (expected {"username", "password", "host", "port"})'),
    );
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

  test.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_UNTRUSTED',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('%s is an untrusted certificate, whatever else the chain says', (code) => {
    const err = Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED', cause: Object.assign(new Error('tls'), { code }) });
    expect(classifyMongoError(err)).toEqual({ kind: 'untrusted certificate', reason: `untrusted certificate (${code}): connect failed (tls)` });
  });

  test.each([
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'host not found'],
    ['ECONNREFUSED', 'connection refused'],
  ])('%s is %s', (code, kind) => {
    const err = new Error('network', { cause: Object.assign(new Error(`getaddrinfo ${code} h`), { code }) });
    expect(classifyMongoError(err)).toEqual({ kind, reason: `${kind} (${code}): network (getaddrinfo ${code} h)` });
  });

  test('code 18 is authentication failed; a numeric code is no certificate code', () => {
    expect(classifyMongoError(Object.assign(new Error('Authentication failed.'), { code: 18 }))).toEqual({
      kind: 'authentication failed',
      reason: 'authentication failed (code 18): Authentication failed.',
    });
    expect(classifyMongoError(Object.assign(new Error('x'), { code: 17 })).kind).toBe('other');
  });

  test.each([[{ name: 'MongoNetworkTimeoutError' }], [{ name: 'MongoServerSelectionError' }], [{ name: 'CheckTimeoutError' }], [{ code: 'ETIMEDOUT' }]])(
    '%j is a timeout',
    (fields) => {
      expect(classifyMongoError(new Error('gave up', { cause: Object.assign(new Error('inner'), fields) }))).toEqual({ kind: 'timed out', reason: 'timed out: gave up (inner)' });
    },
  );

  test('a message saying it timed out, in any case, is a timeout', () => {
    expect(classifyMongoError(new Error('Operation Timed Out')).kind).toBe('timed out');
    expect(classifyMongoError(new Error('Operation timed')).kind).toBe('other');
  });

  test('messages repeated down the chain are said once; empty ones are skipped', () => {
    const inner = new Error('connect ECONNRESET');
    const err = new Error('connection 1 closed: connect ECONNRESET', { cause: new Error('', { cause: inner }) });
    expect(classifyMongoError(err).reason).toBe('connection 1 closed: connect ECONNRESET');
    expect(classifyMongoError(new Error('outer', { cause: inner })).reason).toBe('outer (connect ECONNRESET)');
  });

  test('causes without a message (or null) add nothing to the reason but still count', () => {
    expect(classifyMongoError(new Error('getaddrinfo failed', { cause: { code: 'ENOTFOUND' } }))).toEqual({
      kind: 'host not found',
      reason: 'host not found (ENOTFOUND): getaddrinfo failed',
    });
    expect(classifyMongoError(Object.assign(new Error('closed'), { cause: null }))).toEqual({ kind: 'other', reason: 'closed' });
  });

  test('an error without any message falls back to its name', () => {
    expect(classifyMongoError(Object.assign(new Error(''), { name: 'MongoError' })).reason).toBe('MongoError');
  });

  test('reads at most 5 levels of causes for the message', () => {
    let err: Error = new Error('level 6');
    for (let i = 5; i >= 1; i--) err = new Error(`level ${i}`, { cause: err });
    expect(classifyMongoError(err).reason).toBe('level 1 (level 2 (level 3 (level 4 (level 5))))');
  });

  test('follows at most 21 errors: a code deeper than that is not seen', () => {
    const chainWithCodeAt = (index: number) => {
      let err: Error = Object.assign(new Error('deep'), { code: 'CERT_HAS_EXPIRED' });
      for (let i = index - 1; i >= 0; i--) err = new Error(`e${i}`, { cause: err });
      return err;
    };
    expect(classifyMongoError(chainWithCodeAt(20)).kind).toBe('untrusted certificate');
    expect(classifyMongoError(chainWithCodeAt(21)).kind).toBe('other');
  });

  test('a selection error whose servers are not a map is read without them', () => {
    const err = Object.assign(new Error('selection failed'), { name: 'MongoError', reason: { servers: {} } });
    expect(classifyMongoError(err)).toEqual({ kind: 'other', reason: 'selection failed' });
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
  test('hides every occurrence of secrets of 4 characters or more, and leaves shorter ones (they would hide ordinary words)', () => {
    expect(redact('abcd and abcd, abc', ['abcd', 'abc'])).toBe('[redacted] and [redacted], abc');
  });
  test('hides user info in a scheme of any case, also when glued to a word', () => {
    expect(redact('MONGODB://app:pw@db and x_mongodb://u:p@db')).toBe('MONGODB://[redacted]@db and x_mongodb://[redacted]@db');
  });
  test('hides user info after any scheme, also one ending in digits or symbols', () => {
    expect(redact('s3://key:secret@bucket and x-12://u:p@h')).toBe('s3://[redacted]@bucket and x-12://[redacted]@h');
  });
  test('leaves an @ in a path or after a space alone', () => {
    expect(redact('GET https://host/users/@me failed; https://host down, mail ops@example.com')).toBe('GET https://host/users/@me failed; https://host down, mail ops@example.com');
  });
  test('secretParts of a URL without password, of a badly encoded password and of a plain value', () => {
    expect(secretParts('rediss://user@h:6379')).toEqual(['rediss://user@h:6379']);
    expect(secretParts('rediss://:ab%E0%A4%A@h')).toEqual(['rediss://:ab%E0%A4%A@h', 'ab%E0%A4%A', 'ab%E0%A4%A']);
    expect(secretParts('plain-token')).toEqual(['plain-token']);
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

  test('a client that fails to close does not fail the ping, and no abort listener is left behind', async () => {
    const controller = new AbortController();
    const client = fakeClient();
    client.close.mockRejectedValue(new Error('already closed'));
    await expect(pingWith(client, controller.signal)).resolves.toBeUndefined();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('an abort while closing fails does not surface as an unhandled rejection', async () => {
    const controller = new AbortController();
    const client = fakeClient({ connect: () => new Promise((resolve) => setTimeout(resolve, 20)) });
    client.close.mockRejectedValue(new Error('close failed'));
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const pending = pingWith(client, controller.signal);
      controller.abort();
      await pending;
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
      expect(client.close).toHaveBeenCalledTimes(2);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
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
