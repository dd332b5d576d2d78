import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { HealthReport } from '../../../lambda/health-check/types';
import { freePort } from '../support/free-port';

const ecs = mockClient(ECSClient);
const docdb = mockClient(DocDBClient);
const secretsManager = mockClient(SecretsManagerClient);
const cloudwatch = mockClient(CloudWatchClient);

const savedEnv = process.env;
let closedPort: number;
let logged: unknown[];

beforeAll(async () => {
  closedPort = await freePort();
});

beforeEach(() => {
  ecs.reset();
  docdb.reset();
  secretsManager.reset();
  cloudwatch.reset();
  ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceName: 'backend', status: 'ACTIVE', runningCount: 1, desiredCount: 1 }] });
  docdb.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });
  docdb.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'db-1', DBInstanceStatus: 'available' }] });
  // Nothing listens on these: the real driver, RESP client and fetch all fail fast.
  secretsManager
    .on(GetSecretValueCommand, { SecretId: 'db' })
    .resolves({ SecretString: JSON.stringify({ username: 'lmshealth', password: 'pw-db-123', host: '127.0.0.1', port: closedPort }) });
  secretsManager.on(GetSecretValueCommand, { SecretId: 'redis' }).resolves({ SecretString: `redis://:pw-redis-123@127.0.0.1:${closedPort}` });
  process.env = {
    ...savedEnv,
    AWS_REGION: 'eu-west-1',
    ENV_NAME: 'staging',
    ECS_CLUSTER: 'staging-cluster',
    ECS_SERVICES: 'backend',
    DOCDB_CLUSTER_ID: 'staging-docdb',
    DATABASE_SECRET_ARN: 'db',
    REDIS_URL_SECRET_ARN: 'redis',
    API_HEALTH_URL: `http://127.0.0.1:${closedPort}/health/detailed`,
    WEB_HEALTH_URL: `http://127.0.0.1:${closedPort}/health`,
    DOCDB_CA_FILE: '/nonexistent/rds-ca.pem',
    // Everything fails fast here; the margin covers loading the driver on a busy machine.
    CHECK_TIMEOUT_MS: '3000',
    DEADLINE_MS: '3000',
  };
  // The entries the Lambda runtime would write as JSON lines.
  logged = [];
  for (const level of ['info', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args[0]));
});

afterEach(() => {
  process.env = savedEnv;
  jest.restoreAllMocks();
});

type HandlerModule = { handler: () => Promise<HealthReport> };

/** Loads the handler module afresh, as a cold start does. */
function coldStart(): HandlerModule {
  jest.resetModules();
  // The SDK clients must stay the classes mocked above, so only the handler's own files reload.
  jest.doMock('@aws-sdk/client-cloudwatch', () => ({ CloudWatchClient, PutMetricDataCommand }));
  jest.doMock('@aws-sdk/client-docdb', () => ({ DocDBClient, DescribeDBClustersCommand, DescribeDBInstancesCommand }));
  jest.doMock('@aws-sdk/client-ecs', () => ({ ECSClient, DescribeServicesCommand }));
  jest.doMock('@aws-sdk/client-secrets-manager', () => ({ SecretsManagerClient, GetSecretValueCommand }));
  return require('../../../lambda/health-check/index') as HandlerModule;
}

test('with the real clients, unreachable dependencies are reported unhealthy and published', async () => {
  cloudwatch.on(PutMetricDataCommand).resolves({});
  const report = await coldStart().handler();

  expect(report.checks.map((c) => [c.check, c.healthy])).toEqual([
    ['ecs', true],
    ['database', false],
    ['cache', false],
    ['api', false],
    ['web', false],
  ]);
  expect(report.checks.find((c) => c.check === 'cache')?.reason).toMatch(/^Redis PING failed: connect ECONNREFUSED/);
  // The CA bundle reaches the real driver, which refuses to connect without it.
  expect(report.checks.find((c) => c.check === 'database')?.reason).toBe("ping failed: ENOENT: no such file or directory, open '/nonexistent/rds-ca.pem'");
  expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(1);
  // Latencies come from the default clock.
  for (const measured of [report, ...report.checks]) expect(Number.isFinite(measured.latencyMs)).toBe(true);
  expect(logged.map((e) => (e as { message: string }).message)).toEqual([...Array(5).fill('health check result'), 'health check summary']);
  const written = JSON.stringify(logged);
  expect(written).not.toContain('pw-db-123');
  expect(written).not.toContain('pw-redis-123');
});

test('the handler rejects when the metrics cannot be published', async () => {
  cloudwatch.on(PutMetricDataCommand).rejects(new Error('Throttling: Rate exceeded'));
  await expect(coldStart().handler()).rejects.toThrow('Publishing health metrics to FlashcardLMS/Health failed: Throttling: Rate exceeded');
});

test('bad settings fail the cold start with a clear error', () => {
  process.env = { ...process.env, DOCDB_CLUSTER_ID: '', CHECK_TIMEOUT_MS: '-1' };
  expect(() => coldStart()).toThrow(
    'Invalid health-check settings:\n - CHECK_TIMEOUT_MS is "-1" (expected a whole number of milliseconds from 1 to 50000)\n - DOCDB_CLUSTER_ID is not set (expected the DocumentDB cluster identifier)',
  );
});

test('the event is not read: whatever it holds, the same checks run', async () => {
  cloudwatch.on(PutMetricDataCommand).resolves({});
  const handler = coldStart().handler as (e: unknown) => Promise<HealthReport>;
  for (const event of [undefined, null, {}, 'not an event']) {
    const report = await handler(event);
    expect(report.checks.map((c) => c.check)).toEqual(['ecs', 'database', 'cache', 'api', 'web']);
  }
  expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(4);
});
