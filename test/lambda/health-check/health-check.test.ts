import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { runHealthCheck } from '../../../lambda/health-check/health-check';
import { DB_PASSWORD, DB_SECRET, DB_SECRET_VALUE, DB_TARGET, DB_URL, hang, makeDeps, REDIS_SECRET, REDIS_TOKEN, REDIS_URL, settings } from './fixtures';

const ecs = mockClient(ECSClient);
const docdb = mockClient(DocDBClient);
const secretsManager = mockClient(SecretsManagerClient);
const cloudwatch = mockClient(CloudWatchClient);

const CHECKS = ['ecs', 'database', 'cache', 'api', 'web'] as const;

function allHealthy(): void {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      { serviceName: 'backend', status: 'ACTIVE', runningCount: 2, desiredCount: 2, deployments: [{ id: 'ecs-svc/1', rolloutState: 'COMPLETED' }] },
      { serviceName: 'frontend', status: 'ACTIVE', runningCount: 3, desiredCount: 2, deployments: [{ id: 'ecs-svc/2', rolloutState: 'IN_PROGRESS' }] },
    ],
    failures: [],
  });
  docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'production-docdb', Status: 'available' }] });
  docdb.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      { DBInstanceIdentifier: 'production-docdb-1', DBInstanceStatus: 'available' },
      { DBInstanceIdentifier: 'production-docdb-2', DBInstanceStatus: 'available' },
    ],
  });
  secretsManager.on(GetSecretValueCommand, { SecretId: DB_SECRET }).resolves({ SecretString: DB_SECRET_VALUE });
  secretsManager.on(GetSecretValueCommand, { SecretId: REDIS_SECRET }).resolves({ SecretString: REDIS_URL });
  cloudwatch.on(PutMetricDataCommand).resolves({});
}

beforeEach(() => {
  ecs.reset();
  docdb.reset();
  secretsManager.reset();
  cloudwatch.reset();
  allHealthy();
});

/** The Healthy value published per check, read back from the PutMetricData call. */
function publishedHealth(): Record<string, number | undefined> {
  const input = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input;
  return Object.fromEntries((input.MetricData ?? []).filter((d) => d.MetricName === 'Healthy').map((d) => [d.Dimensions?.find((x) => x.Name === 'Check')?.Value, d.Value]));
}

describe('all dependencies healthy', () => {
  test('publishes exactly one batch: Healthy and Latency per check and overall', async () => {
    // A clock that stands still: every latency is 0.
    const { deps } = makeDeps({ clock: () => 1000 });
    const report = await runHealthCheck(settings, deps);

    expect(report.healthy).toBe(true);
    expect(report.checks.map((c) => [c.check, c.healthy])).toEqual(CHECKS.map((c) => [c, true]));
    const calls = cloudwatch.commandCalls(PutMetricDataCommand);
    expect(calls).toHaveLength(1);
    const timestamp = new Date('2030-01-02T03:04:05.000Z');
    const latency = (check: string) => (check === 'overall' ? report.latencyMs : report.checks.find((c) => c.check === check)?.latencyMs);
    const datum = (check: string, name: string, value: number | undefined, unit: string) => ({
      MetricName: name,
      Dimensions: [
        { Name: 'Environment', Value: 'production' },
        { Name: 'Check', Value: check },
      ],
      Timestamp: timestamp,
      Value: value,
      Unit: unit,
    });
    expect(calls[0].args[0].input).toEqual({
      Namespace: 'FlashcardLMS/Health',
      MetricData: [...CHECKS, 'overall'].flatMap((check) => [datum(check, 'Healthy', 1, 'Count'), datum(check, 'Latency', latency(check), 'Milliseconds')]),
    });
    expect([...report.checks.map((c) => c.latencyMs), report.latencyMs]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('asks AWS the right questions and pings with the read-only user, the secret URL and the CA file', async () => {
    const { deps } = makeDeps();
    await runHealthCheck(settings, deps);

    expect(ecs.commandCalls(DescribeServicesCommand)[0].args[0].input).toEqual({ cluster: 'production-cluster', services: ['backend', 'frontend'] });
    expect(docdb.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'production-docdb' });
    expect(docdb.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'db-cluster-id', Values: ['production-docdb'] }] });
    expect(deps.mongoPing).toHaveBeenCalledWith(DB_TARGET, { tlsCAFile: '/var/runtime/ca-cert.pem', timeoutMs: 200, signal: expect.any(AbortSignal) });
    expect(deps.redisPing).toHaveBeenCalledWith(REDIS_URL, { signal: expect.any(AbortSignal) });
    expect(deps.fetch).toHaveBeenCalledWith('https://api.example.com/health/detailed', expect.objectContaining({ method: 'GET' }));
    expect(deps.fetch).toHaveBeenCalledWith('https://example.com/health', expect.objectContaining({ method: 'GET' }));
  });

  test('logs one JSON line per check and a summary', async () => {
    const { deps, logs } = makeDeps();
    await runHealthCheck(settings, deps);
    expect(logs.map((l) => [l.message, l.check ?? null, l.healthy])).toEqual([...CHECKS.map((c) => ['health check result', c, true]), ['health check summary', null, true]]);
    expect(logs[5]).toMatchObject({ level: 'INFO', environment: 'production', unhealthy: [] });
  });

  test('each result line says what was checked, never a credential', async () => {
    const { deps, logs } = makeDeps({ clock: () => 7 });
    await runHealthCheck({ ...settings, apiHealthUrl: 'https://api.example.com/health/detailed?token=abc', webHealthUrl: 'https://example.com/health?x=1' }, deps);
    expect(logs.map((l) => [l.level, l.environment, l.check, l.target])).toEqual([
      ['INFO', 'production', 'ecs', 'production-cluster: backend, frontend'],
      ['INFO', 'production', 'database', 'production-docdb'],
      ['INFO', 'production', 'cache', 'Redis (URL from Secrets Manager)'],
      ['INFO', 'production', 'api', 'https://api.example.com/health/detailed'],
      ['INFO', 'production', 'web', 'https://example.com/health'],
      ['INFO', 'production', undefined, undefined],
    ]);
    expect(logs[5]).toEqual({ level: 'INFO', message: 'health check summary', environment: 'production', healthy: true, latencyMs: 0, unhealthy: [] });
  });

  test('reuses secrets across runs until they expire', async () => {
    const { deps } = makeDeps();
    await runHealthCheck(settings, deps);
    await runHealthCheck(settings, deps);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});

describe('one dependency failing at a time', () => {
  const failures: Record<(typeof CHECKS)[number], { arrange: (d: ReturnType<typeof makeDeps>['deps']) => void; reason: RegExp }> = {
    ecs: {
      arrange: () =>
        ecs.on(DescribeServicesCommand).resolves({
          services: [
            {
              serviceName: 'backend',
              status: 'ACTIVE',
              runningCount: 1,
              desiredCount: 2,
              deployments: [{ id: 'ecs-svc/3', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker triggered' }],
            },
            { serviceName: 'frontend', status: 'ACTIVE', runningCount: 2, desiredCount: 2, deployments: [] },
          ],
        }),
      reason: /^backend: 1 of 2 tasks running; backend: rollout failed \(circuit breaker triggered\)$/,
    },
    database: {
      arrange: (d) => {
        docdb.on(DescribeDBInstancesCommand).resolves({
          DBInstances: [
            { DBInstanceIdentifier: 'production-docdb-1', DBInstanceStatus: 'available' },
            { DBInstanceIdentifier: 'production-docdb-2', DBInstanceStatus: 'rebooting' },
          ],
        });
        (d.mongoPing as jest.Mock).mockRejectedValue(Object.assign(new Error(`Authentication failed for ${DB_URL}`), { code: 18 }));
      },
      reason:
        /^instance production-docdb-2 is rebooting; ping failed: authentication failed \(code 18\): Authentication failed for mongodb:\/\/\[redacted\]@docdb\.cluster-abc\.eu-west-1\.docdb\.amazonaws\.com:27017\/admin$/,
    },
    cache: {
      arrange: (d) => (d.redisPing as jest.Mock).mockRejectedValue(new Error('AUTH refused: WRONGPASS invalid username-password pair')),
      reason: /^Redis PING failed: AUTH refused: WRONGPASS/,
    },
    api: {
      arrange: (d) =>
        (d.fetch as jest.Mock).mockImplementation(async (url: string) =>
          url.startsWith('https://api.')
            ? new Response(JSON.stringify({ status: 'degraded', dependencies: { redis: { status: 'unhealthy', error: 'timeout' } } }), { status: 200 })
            : new Response('healthy', { status: 200 }),
        ),
      reason: /^status is "degraded"$/,
    },
    web: {
      arrange: (d) =>
        (d.fetch as jest.Mock).mockImplementation(async (url: string) =>
          url.startsWith('https://api.') ? new Response('{"status":"healthy"}', { status: 200 }) : new Response('Bad Gateway', { status: 502 }),
        ),
      reason: /^HTTP 502$/,
    },
  };

  test.each(CHECKS)('%s failing: only that check is unhealthy, overall is 0, nothing throws', async (failing) => {
    const { deps, logs } = makeDeps();
    failures[failing].arrange(deps);

    const report = await runHealthCheck(settings, deps);

    expect(report.healthy).toBe(false);
    const result = report.checks.find((c) => c.check === failing);
    expect(result?.reason).toMatch(failures[failing].reason);
    expect(publishedHealth()).toEqual({ ...Object.fromEntries(CHECKS.map((c) => [c, c === failing ? 0 : 1])), overall: 0 });
    expect(logs.find((l) => l.check === failing)).toMatchObject({ level: 'WARN', healthy: false });
    expect(logs.at(-1)).toMatchObject({ message: 'health check summary', healthy: false, unhealthy: [failing] });
    // No secret value ever reaches the logs, even when a driver echoes its URL.
    const logged = JSON.stringify(logs);
    for (const secret of [DB_PASSWORD, REDIS_TOKEN, DB_URL, REDIS_URL, DB_SECRET_VALUE]) expect(logged).not.toContain(secret);
  });

  test('a degraded API names its failing dependencies in the log', async () => {
    const { deps, logs } = makeDeps();
    failures.api.arrange(deps);
    await runHealthCheck(settings, deps);
    expect(logs.find((l) => l.check === 'api')).toMatchObject({ details: { failingDependencies: { redis: 'timeout' } } });
  });

  test('a DocumentDB API error is data too', async () => {
    docdb.on(DescribeDBClustersCommand).rejects(new Error('Rate exceeded'));
    const { deps } = makeDeps();
    const report = await runHealthCheck(settings, deps);
    expect(report.checks.find((c) => c.check === 'database')?.reason).toBe('DescribeDBClusters/Instances failed: Rate exceeded');
  });
});

describe('hung dependencies', () => {
  // Fake timers drive the check timeouts and the clock the latencies are measured with.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Runs the health check and advances time until it settles; returns the report and when it settled. */
  async function runUntilSettled(s: typeof settings, deps: ReturnType<typeof makeDeps>['deps'], lastQuietMs: number) {
    let settled = false;
    const pending = runHealthCheck(s, deps).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(lastQuietMs);
    const settledEarly = settled;
    await jest.advanceTimersByTimeAsync(1);
    // Checked before awaiting, so a timeout that never fires fails here instead of hanging.
    expect(settled).toBe(true);
    return { report: await pending, settledEarly };
  }

  test('each ends at its own timeout and the others still report on time', async () => {
    const { deps } = makeDeps({
      mongoPing: jest.fn((_target: unknown, o: { signal: AbortSignal }) => hang(o.signal)),
      redisPing: jest.fn((_url: string, o: { signal: AbortSignal }) => hang(o.signal)),
    });
    ecs.on(DescribeServicesCommand).callsFake(() => new Promise(() => undefined)); // an SDK call that never returns

    const { report, settledEarly } = await runUntilSettled(settings, deps, 199);

    // One timeout (200 ms) for all three, not the sum of them.
    expect(settledEarly).toBe(false);
    expect(report.latencyMs).toBe(200);
    const byCheck = Object.fromEntries(report.checks.map((c) => [c.check, c]));
    for (const hung of ['ecs', 'database', 'cache']) {
      expect(byCheck[hung]).toEqual({ check: hung, healthy: false, reason: 'timed out after 200 ms', latencyMs: 200 });
    }
    expect(byCheck.api).toEqual({ check: 'api', healthy: true, latencyMs: 0 });
    expect(byCheck.web).toEqual({ check: 'web', healthy: true, latencyMs: 0 });
    expect(publishedHealth()).toEqual({ ecs: 0, database: 0, cache: 0, api: 1, web: 1, overall: 0 });
  });

  test('the overall deadline caps every check when shorter than the check timeout', async () => {
    const { deps } = makeDeps({ redisPing: jest.fn((_url: string, o: { signal: AbortSignal }) => hang(o.signal)) });
    const { report, settledEarly } = await runUntilSettled({ ...settings, checkTimeoutMs: 5000, deadlineMs: 150 }, deps, 149);
    expect(settledEarly).toBe(false);
    expect(report.checks.find((c) => c.check === 'cache')).toEqual({ check: 'cache', healthy: false, reason: 'timed out after 150 ms', latencyMs: 150 });
    expect(report.latencyMs).toBe(150);
  });
});

describe('secrets unavailable', () => {
  test('database and cache are unhealthy with the reason, nothing is pinged, the rest still reports', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'));
    const { deps } = makeDeps();

    const report = await runHealthCheck(settings, deps);

    const byCheck = Object.fromEntries(report.checks.map((c) => [c.check, c]));
    expect(byCheck.database.reason).toBe('database credentials secret unavailable: User is not authorized to perform: secretsmanager:GetSecretValue');
    expect(byCheck.cache.reason).toBe('Redis URL secret unavailable: User is not authorized to perform: secretsmanager:GetSecretValue');
    expect(deps.mongoPing).not.toHaveBeenCalled();
    expect(deps.redisPing).not.toHaveBeenCalled();
    expect(publishedHealth()).toEqual({ ecs: 1, database: 0, cache: 0, api: 1, web: 1, overall: 0 });
  });

  test('a failed read is not cached: the next run asks again', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: REDIS_SECRET }).rejectsOnce(new Error('throttled')).resolves({ SecretString: REDIS_URL });
    const { deps } = makeDeps();
    expect((await runHealthCheck(settings, deps)).checks.find((c) => c.check === 'cache')?.healthy).toBe(false);
    expect((await runHealthCheck(settings, deps)).checks.find((c) => c.check === 'cache')?.healthy).toBe(true);
  });

  test('a secret that stopped working is read again on the next run', async () => {
    const { deps } = makeDeps();
    (deps.redisPing as jest.Mock).mockRejectedValueOnce(new Error('AUTH refused: WRONGPASS'));
    await runHealthCheck(settings, deps);
    await runHealthCheck(settings, deps);
    expect(secretsManager.commandCalls(GetSecretValueCommand, { SecretId: REDIS_SECRET })).toHaveLength(2);
    expect(secretsManager.commandCalls(GetSecretValueCommand, { SecretId: DB_SECRET })).toHaveLength(1);
  });
});

describe('publishing', () => {
  test('a failed PutMetricData rejects the run (the one failure that is an error) and is logged', async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(new Error('AccessDenied'));
    const { deps, logs } = makeDeps();
    await expect(runHealthCheck(settings, deps)).rejects.toThrow('Publishing health metrics to FlashcardLMS/Health failed: AccessDenied');
    expect(logs.at(-1)).toEqual({ level: 'ERROR', message: 'could not publish health metrics', namespace: 'FlashcardLMS/Health', error: 'AccessDenied' });
  });

  test('the error keeps the cause', async () => {
    const cause = new Error('AccessDenied');
    cloudwatch.on(PutMetricDataCommand).rejects(cause);
    const { deps } = makeDeps();
    await expect(runHealthCheck(settings, deps)).rejects.toMatchObject({ cause });
  });
});
