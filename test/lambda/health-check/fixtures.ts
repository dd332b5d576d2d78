import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HealthCheckDeps } from '../../../lambda/health-check/health-check';
import { SecretCache } from '../../../lambda/health-check/secret-cache';
import { HealthCheckSettings } from '../../../lambda/health-check/settings';

export const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:production/docdb-health-check-user';
export const REDIS_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:production/redis-url';
export const DB_PASSWORD = 'db-Pa55word-value';
export const REDIS_TOKEN = 'redis-auth-token-value';
export const DB_HOST = 'docdb.cluster-abc.eu-west-1.docdb.amazonaws.com';
/** The read-only user's secret as Secrets Manager's DocumentDB rotation keeps it. */
export const DB_SECRET_VALUE = JSON.stringify({ engine: 'mongo', username: 'lmshealth', password: DB_PASSWORD, host: DB_HOST, port: 27017, ssl: true });
export const DB_TARGET = { host: DB_HOST, port: 27017, username: 'lmshealth', password: DB_PASSWORD };
/** A URL with the password, as a driver might echo it. */
export const DB_URL = `mongodb://lmshealth:${DB_PASSWORD}@${DB_HOST}:27017/admin`;
export const REDIS_URL = `rediss://:${REDIS_TOKEN}@master.cache.eu-west-1.amazonaws.com:6379`;

export const settings: HealthCheckSettings = {
  envName: 'production',
  metricNamespace: 'FlashcardLMS/Health',
  checkTimeoutMs: 200,
  deadlineMs: 1000,
  ecsCluster: 'production-cluster',
  ecsServices: ['backend', 'frontend'],
  docdbClusterId: 'production-docdb',
  databaseSecretArn: DB_SECRET,
  docdbCaFile: '/var/runtime/ca-cert.pem',
  redisUrlSecretArn: REDIS_SECRET,
  apiHealthUrl: 'https://api.example.com/health/detailed',
  webHealthUrl: 'https://example.com/health',
  secretCacheMs: 300_000,
};

/** Answers like the real endpoints when healthy. */
export const healthyFetch = async (url: string | URL | Request): Promise<Response> =>
  (typeof url === 'string' ? url : url instanceof URL ? url.href : url.url).startsWith('https://api.')
    ? new Response(JSON.stringify({ status: 'healthy', dependencies: {} }), { status: 200 })
    : new Response('healthy', { status: 200 });

export function makeDeps(overrides: Partial<HealthCheckDeps> = {}) {
  const logs: Record<string, unknown>[] = [];
  const deps: HealthCheckDeps = {
    ecs: new ECSClient({}),
    docdb: new DocDBClient({}),
    cloudwatch: new CloudWatchClient({}),
    secrets: new SecretCache(new SecretsManagerClient({}), settings.secretCacheMs),
    mongoPing: jest.fn(async () => undefined),
    redisPing: jest.fn(async () => undefined),
    fetch: jest.fn(healthyFetch),
    log: (level, message, fields) => logs.push({ level: level.toUpperCase(), message, ...fields }),
    now: () => Date.parse('2030-01-02T03:04:05.000Z'),
    ...overrides,
  };
  return { deps, logs };
}

/** Never settles until its signal aborts, like a dependency that hangs. */
export function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
}
