import { loadSettings } from '../../../lambda/health-check/settings';

const env = {
  ENV_NAME: 'production',
  ECS_CLUSTER: 'production-cluster',
  ECS_SERVICES: 'backend, frontend',
  DOCDB_CLUSTER_ID: 'production-docdb',
  DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db',
  REDIS_URL_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:redis',
  API_HEALTH_URL: 'https://api.example.com/health/detailed',
  WEB_HEALTH_URL: 'https://example.com/health',
};

test('the minimal environment gets the documented defaults', () => {
  expect(loadSettings(env)).toEqual({
    envName: 'production',
    metricNamespace: 'FlashcardLMS/Health',
    checkTimeoutMs: 5000,
    deadlineMs: 20000,
    ecsCluster: 'production-cluster',
    ecsServices: ['backend', 'frontend'],
    docdbClusterId: 'production-docdb',
    databaseSecretArn: env.DATABASE_SECRET_ARN,
    docdbCaFile: '/var/runtime/ca-cert.pem',
    redisUrlSecretArn: env.REDIS_URL_SECRET_ARN,
    apiHealthUrl: env.API_HEALTH_URL,
    webHealthUrl: env.WEB_HEALTH_URL,
    secretCacheMs: 300_000,
  });
});

test('explicit values win, including zero where zero is allowed', () => {
  const s = loadSettings({ ...env, METRIC_NAMESPACE: 'Custom/Health', CHECK_TIMEOUT_MS: '3000', DEADLINE_MS: '10000', DOCDB_CA_FILE: '/opt/rds.pem', SECRET_CACHE_SECONDS: '0' });
  expect(s).toMatchObject({ metricNamespace: 'Custom/Health', checkTimeoutMs: 3000, deadlineMs: 10000, docdbCaFile: '/opt/rds.pem', secretCacheMs: 0 });
});

test('every problem is named at once, with the value and what is allowed', () => {
  expect(() =>
    loadSettings({
      ...env,
      ENV_NAME: '',
      ECS_CLUSTER: undefined,
      ECS_SERVICES: 'backend,,frontend',
      CHECK_TIMEOUT_MS: '5s',
      DEADLINE_MS: '90000',
      API_HEALTH_URL: 'ftp://api.example.com/health',
      WEB_HEALTH_URL: 'https://user:secret@example.com/health',
    }),
  ).toThrow(
    new Error(
      [
        'Invalid health-check settings:',
        ' - DEADLINE_MS is "90000" (expected a whole number of milliseconds from 1 to 50000)',
        ' - CHECK_TIMEOUT_MS is "5s" (expected a whole number of milliseconds from 1 to 50000)',
        ' - ENV_NAME is not set (expected the environment name, e.g. production)',
        ' - ECS_CLUSTER is not set (expected the ECS cluster name or ARN)',
        ' - ECS_SERVICES is "backend,,frontend" (expected a comma-separated list of ECS service names, without empty items)',
        ' - API_HEALTH_URL is "ftp://api.example.com/health" (expected an http(s) URL such as https://api.example.com/health/detailed)',
        ' - WEB_HEALTH_URL contains credentials (expected an http(s) URL such as https://example.com/health without user or password)',
      ].join('\n'),
    ),
  );
});

test('a check timeout longer than the deadline is refused', () => {
  expect(() => loadSettings({ ...env, CHECK_TIMEOUT_MS: '8000', DEADLINE_MS: '5000' })).toThrow(
    'Invalid health-check settings:\n - CHECK_TIMEOUT_MS is 8000 but DEADLINE_MS is 5000 (CHECK_TIMEOUT_MS must not exceed DEADLINE_MS)',
  );
});

test('a check timeout equal to the deadline is allowed', () => {
  expect(loadSettings({ ...env, CHECK_TIMEOUT_MS: '5000', DEADLINE_MS: '5000' })).toMatchObject({ checkTimeoutMs: 5000, deadlineMs: 5000 });
});

test('the timeout rule is skipped when a timeout is itself invalid, so only the real problem is named', () => {
  expect(() => loadSettings({ ...env, CHECK_TIMEOUT_MS: '30000', DEADLINE_MS: 'soon' })).toThrow(
    new Error('Invalid health-check settings:\n - DEADLINE_MS is "soon" (expected a whole number of milliseconds from 1 to 50000)'),
  );
});

test('the secret cache time is bounded to a day', () => {
  expect(loadSettings({ ...env, SECRET_CACHE_SECONDS: '86400' }).secretCacheMs).toBe(86_400_000);
  expect(() => loadSettings({ ...env, SECRET_CACHE_SECONDS: '86401' })).toThrow(
    new Error('Invalid health-check settings:\n - SECRET_CACHE_SECONDS is "86401" (expected a whole number of seconds from 0 to 86400)'),
  );
});

test('the redis secret and the health URLs are required, each with what belongs there', () => {
  expect(() => loadSettings({ ...env, DATABASE_SECRET_ARN: ' ', REDIS_URL_SECRET_ARN: '', API_HEALTH_URL: undefined, WEB_HEALTH_URL: '' })).toThrow(
    new Error(
      [
        'Invalid health-check settings:',
        " - DATABASE_SECRET_ARN is not set (expected the ARN of the read-only user's secret, JSON with username, password, host and port)",
        ' - REDIS_URL_SECRET_ARN is not set (expected the ARN of the secret holding the rediss:// URL)',
        ' - API_HEALTH_URL is not set (expected an http(s) URL such as https://api.example.com/health/detailed)',
        ' - WEB_HEALTH_URL is not set (expected an http(s) URL such as https://example.com/health)',
      ].join('\n'),
    ),
  );
});

test('http URLs are accepted for the health endpoints', () => {
  expect(loadSettings({ ...env, API_HEALTH_URL: 'http://10.0.0.5/health/detailed', WEB_HEALTH_URL: 'http://10.0.0.5/health' })).toMatchObject({
    apiHealthUrl: 'http://10.0.0.5/health/detailed',
    webHealthUrl: 'http://10.0.0.5/health',
  });
});
