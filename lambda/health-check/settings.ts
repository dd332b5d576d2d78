import { HEALTH_NAMESPACE } from '../../lib/contracts';
import { Env, EnvReader } from '../shared/env-reader';

/** Settings of the health check, read once at cold start. */
export interface HealthCheckSettings {
  /** `Environment` dimension of every metric, e.g. `production`. */
  readonly envName: string;
  readonly metricNamespace: string;
  /** Time each check may take before it is reported unhealthy. */
  readonly checkTimeoutMs: number;
  /** Time after which every check still running is reported unhealthy. */
  readonly deadlineMs: number;
  readonly ecsCluster: string;
  readonly ecsServices: readonly string[];
  readonly docdbClusterId: string;
  /** JSON `{username, password, host, port}` of the health check's read-only database user. */
  readonly databaseSecretArn: string;
  /** CA bundle handed to the MongoDB driver; must hold the Amazon RDS CAs. */
  readonly docdbCaFile: string;
  readonly redisUrlSecretArn: string;
  readonly apiHealthUrl: string;
  readonly webHealthUrl: string;
  /** How long secret values are reused before Secrets Manager is asked again. */
  readonly secretCacheMs: number;
}

export const DEFAULT_METRIC_NAMESPACE = HEALTH_NAMESPACE;
export const DEFAULT_CA_FILE = '/var/runtime/ca-cert.pem';

/** The run is scheduled every minute: checks and publishing must end well inside it. */
const MAX_DEADLINE_MS = 50_000;

export function loadSettings(env: Env): HealthCheckSettings {
  const r = new EnvReader(env);
  const before = r.problemCount;
  const deadlineMs = r.integer('DEADLINE_MS', 20_000, { min: 1, max: MAX_DEADLINE_MS }, 'milliseconds');
  const checkTimeoutMs = r.integer('CHECK_TIMEOUT_MS', 5_000, { min: 1, max: MAX_DEADLINE_MS }, 'milliseconds');
  if (r.problemCount === before && checkTimeoutMs > deadlineMs) {
    r.problem(`CHECK_TIMEOUT_MS is ${checkTimeoutMs} but DEADLINE_MS is ${deadlineMs} (CHECK_TIMEOUT_MS must not exceed DEADLINE_MS)`);
  }
  const settings: HealthCheckSettings = {
    envName: r.required('ENV_NAME', 'the environment name, e.g. production'),
    metricNamespace: r.optional('METRIC_NAMESPACE', DEFAULT_METRIC_NAMESPACE),
    checkTimeoutMs,
    deadlineMs,
    ecsCluster: r.required('ECS_CLUSTER', 'the ECS cluster name or ARN'),
    ecsServices: r.list('ECS_SERVICES', 'a comma-separated list of ECS service names'),
    docdbClusterId: r.required('DOCDB_CLUSTER_ID', 'the DocumentDB cluster identifier'),
    databaseSecretArn: r.required('DATABASE_SECRET_ARN', "the ARN of the read-only user's secret, JSON with username, password, host and port"),
    docdbCaFile: r.optional('DOCDB_CA_FILE', DEFAULT_CA_FILE),
    redisUrlSecretArn: r.required('REDIS_URL_SECRET_ARN', 'the ARN of the secret holding the rediss:// URL'),
    apiHealthUrl: r.url('API_HEALTH_URL', ['https:', 'http:'], 'an http(s) URL such as https://api.example.com/health/detailed'),
    webHealthUrl: r.url('WEB_HEALTH_URL', ['https:', 'http:'], 'an http(s) URL such as https://example.com/health'),
    secretCacheMs: r.integer('SECRET_CACHE_SECONDS', 300, { min: 0, max: 86_400 }, 'seconds') * 1000,
  };
  r.finish('health-check');
  return settings;
}
