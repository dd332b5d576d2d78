/**
 * Benchmarks of the Lambda functions:
 *  - the health check's wall time with three dependencies hanging past a 300 ms timeout
 *    (about one timeout when the checks run in parallel, not the sum);
 *  - each function's bundle size, bundled with the options of the synth (lib/bundling/esbuild-code.ts);
 *  - each bundle's module load time in a fresh `node` process (the init part of a cold start).
 *
 *   npx tsx scripts/bench-lambdas.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../lib/bundling/esbuild-code';
import { runHealthCheck } from '../lambda/health-check/health-check';
import { SecretCache } from '../lambda/health-check/secret-cache';
import type { HealthCheckSettings } from '../lambda/health-check/settings';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, '.bench', 'lambdas');
const RUNS = 5;
const SLOW_TIMEOUT_MS = 300;

const LAMBDAS: Readonly<Record<string, { entry: string; env: Record<string, string> }>> = {
  'health-check': {
    entry: 'lambda/health-check/index.ts',
    env: {
      ENV_NAME: 'bench',
      ECS_CLUSTER: 'bench',
      ECS_SERVICES: 'backend,frontend',
      DOCDB_CLUSTER_ID: 'bench',
      DATABASE_SECRET_ARN: 'db',
      REDIS_URL_SECRET_ARN: 'redis',
      API_HEALTH_URL: 'https://api.example.com/health/detailed',
      WEB_HEALTH_URL: 'https://example.com/health',
    },
  },
  'status-page': { entry: 'lambda/status-page/index.ts', env: { ENV_NAME: 'bench', PAGE_URL: 'https://status.example.com' } },
  'db-bootstrap': { entry: 'lambda/db-bootstrap/index.ts', env: {} },
  migration: {
    entry: 'lambda/migration/index.ts',
    // Read at load: the settings come from the environment, never from the event.
    env: {
      STACK_ID: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-bench-migration/1',
      MIGRATION_SETTINGS: JSON.stringify({
        EnvName: 'bench',
        ClusterId: 'bench',
        ImageTag: 'v1',
        EcsCluster: 'bench',
        TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/bench-backend-migration:1',
        ContainerName: 'migration',
        Subnets: 'subnet-0aaa1111',
        SecurityGroups: 'sg-0ccc3333',
        LogGroupName: '/bench',
        LogStreamPrefix: 'migration',
        SnapshotRetentionDays: '14',
        SnapshotsToKeep: '3',
        NotifyTopicArn: 'arn:aws:sns:eu-west-1:111111111111:bench',
      }),
    },
  },
  'restore-validation': { entry: 'lambda/restore-validation/index.ts', env: {} },
  'documentdb-restore-probe': { entry: 'lambda/restore-validation/documentdb-probe/index.ts', env: {} },
  'deployment-hook': {
    entry: 'lambda/deployment-hook/index.ts',
    env: { BASE_URL: 'https://api.example.com', CHECK: 'api', TEST_HEADER_NAME: 'x-flashcard-test-traffic', TEST_HEADER_VALUE: 'bench' },
  },
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Resolves never, rejects when the check's timeout aborts it: a hung dependency. */
const hang = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));

/** AWS clients that answer at once, as healthy; only their `send` is used. */
function fakeClient(answers: Readonly<Record<string, unknown>>): { send: (command: object) => Promise<unknown> } {
  return { send: (command: object) => Promise.resolve(answers[command.constructor.name] ?? {}) };
}

async function healthCheckWithSlowDependencies(): Promise<{ wallMs: number; reportedMs: number }> {
  const settings: HealthCheckSettings = {
    envName: 'bench',
    metricNamespace: 'Bench/Health',
    checkTimeoutMs: SLOW_TIMEOUT_MS,
    deadlineMs: 5000,
    ecsCluster: 'bench',
    ecsServices: ['backend'],
    docdbClusterId: 'bench',
    databaseSecretArn: 'db',
    docdbCaFile: '/dev/null',
    redisUrlSecretArn: 'redis',
    apiHealthUrl: 'https://api.example.com/health/detailed',
    webHealthUrl: 'https://example.com/health',
    secretCacheMs: 300_000,
  };
  const started = performance.now();
  const report = await runHealthCheck(settings, {
    ecs: fakeClient({ DescribeServicesCommand: { services: [{ serviceName: 'backend', status: 'ACTIVE', runningCount: 1, desiredCount: 1 }] } }),
    docdb: fakeClient({ DescribeDBClustersCommand: { DBClusters: [{ Status: 'available' }] }, DescribeDBInstancesCommand: { DBInstances: [{ DBInstanceStatus: 'available' }] } }),
    cloudwatch: fakeClient({}),
    // The database check reads its user's JSON secret, the cache check the Redis URL.
    secrets: new SecretCache(
      {
        send: (command: { input?: { SecretId?: string } }) =>
          Promise.resolve({
            SecretString:
              command.input?.SecretId === settings.databaseSecretArn
                ? JSON.stringify({ username: 'lmshealth', password: 'pw', host: '127.0.0.1', port: 27017 })
                : 'redis://:pw@127.0.0.1:6379',
          }),
      },
      300_000,
    ),
    // Three slow dependencies: the database, the cache and the API.
    mongoPing: (_url, o) => hang(o.signal),
    redisPing: (_url, o) => hang(o.signal),
    fetch: async (url: string | URL | Request, init?: RequestInit) =>
      (typeof url === 'string' ? url : url instanceof URL ? url.href : url.url).startsWith('https://api.') ? hang(init!.signal!) : new Response('healthy', { status: 200 }),
    log: () => undefined,
  });
  const slow = report.checks.filter((c) => c.reason === `timed out after ${SLOW_TIMEOUT_MS} ms`).length;
  if (slow !== 3) throw new Error(`expected 3 timed-out checks, got ${slow}`);
  return { wallMs: performance.now() - started, reportedMs: report.latencyMs };
}

async function bundle(name: string, entry: string): Promise<{ file: string; bytes: number }> {
  const file = path.join(OUT_DIR, name, 'index.js');
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: file,
    ...LAMBDA_ESBUILD_OPTIONS,
    // The size of the code alone: the deployed source map sits beside it.
    sourcemap: false,
    logLevel: 'error',
  });
  return { file, bytes: fs.statSync(file).size };
}

/** Milliseconds to require the bundle in a fresh process (includes the AWS SDK it loads). */
function loadTimeMs(file: string, env: Record<string, string>): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out);
}

export async function benchLambdas(): Promise<Record<string, string | number>> {
  const results: Record<string, string | number> = {};

  const runs: { wallMs: number; reportedMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await healthCheckWithSlowDependencies());
  results['health-check: wall time, 3 deps hanging past a 300 ms timeout (median ms)'] = Math.round(median(runs.map((r) => r.wallMs)));
  results['health-check: sum of the 3 timeouts, for comparison (ms)'] = 3 * SLOW_TIMEOUT_MS;

  for (const [name, { entry, env }] of Object.entries(LAMBDAS)) {
    const { file, bytes } = await bundle(name, entry);
    results[`${name}: bundle size (bytes)`] = bytes;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(loadTimeMs(file, env));
    results[`${name}: module load time (median ms)`] = Math.round(median(times) * 10) / 10;
  }
  return results;
}

function printTable(results: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  console.log(`${'Lambda benchmark'.padEnd(width)}  value`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}`);
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${String(v).padStart(9)}`);
}

if (require.main === module) {
  benchLambdas().then(printTable, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
