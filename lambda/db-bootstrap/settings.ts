import { PropertyReader } from '../shared/properties';

/** What composing the two connection URLs needs; the same on deploy and on rotation. */
export interface UrlSettings {
  /** JSON `{username, password}` of the application user (multi-user rotation alternates the username). */
  readonly appUserSecretArn: string;
  /** Receives DATABASE_URL. */
  readonly databaseUrlSecretArn: string;
  /** Receives REDIS_URL. */
  readonly redisUrlSecretArn: string;
  /** Plain-string ElastiCache AUTH token. */
  readonly redisAuthTokenSecretArn: string;
  readonly clusterEndpoint: string;
  readonly clusterPort: number;
  readonly databaseName: string;
  readonly replicaSet: string;
  /** Path of the CA bundle inside the backend image; goes into the URL as `tlsCAFile`. */
  readonly caFilePath: string;
  readonly redisHost: string;
  readonly redisPort: number;
}

/** The custom resource's properties: the URL settings plus the master secret. */
export interface BootstrapProperties extends UrlSettings {
  /** DocumentDB master secret: JSON with username, password (host, port, ... unused). */
  readonly masterSecretArn: string;
  /** `{username, password}` of the health check's read-only user. @default no such user */
  readonly healthCheckUserSecretArn?: string;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;
// MongoDB database names: no /\. "$ and space, at most 63 bytes.
const DATABASE_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const REPLICA_SET = /^[A-Za-z0-9_-]{1,64}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:.+$/;
// Kept to characters that need no escaping in a URL query.
const CA_FILE_PATH = /^\/[A-Za-z0-9._/-]+$/;

function readUrlSettings(r: PropertyReader): UrlSettings {
  return {
    appUserSecretArn: r.arn('AppUserSecretArn', 'secretsmanager'),
    databaseUrlSecretArn: r.arn('DatabaseUrlSecretArn', 'secretsmanager'),
    redisUrlSecretArn: r.arn('RedisUrlSecretArn', 'secretsmanager'),
    redisAuthTokenSecretArn: r.arn('RedisAuthTokenSecretArn', 'secretsmanager'),
    clusterEndpoint: r.matching('ClusterEndpoint', HOST, 'a host name such as "x.cluster-abc.eu-west-1.docdb.amazonaws.com"'),
    clusterPort: r.integer('ClusterPort', 1, 65535),
    databaseName: r.matching('DatabaseName', DATABASE_NAME, '1-63 characters of A-Z, a-z, 0-9, "_" and "-"'),
    replicaSet: r.matching('ReplicaSet', REPLICA_SET, '1-64 characters of A-Z, a-z, 0-9, "_" and "-"', 'rs0'),
    caFilePath: r.matching('CaFilePath', CA_FILE_PATH, 'an absolute path of A-Z, a-z, 0-9, ".", "_", "-" and "/", e.g. "/app/certs/global-bundle.pem"'),
    redisHost: r.matching('RedisHost', HOST, 'a host name such as "master.x.abc.euw1.cache.amazonaws.com"'),
    redisPort: r.integer('RedisPort', 1, 65535),
  };
}

/** Validates the custom resource's properties (extra ones such as ServiceToken are ignored). */
export function parseBootstrapProperties(raw: Readonly<Record<string, unknown>> | undefined): BootstrapProperties {
  const r = new PropertyReader(raw ?? {}, 'DatabaseBootstrap');
  const healthCheckUser = r.matching('HealthCheckUserSecretArn', SECRET_ARN, 'an ARN of secretsmanager (arn:aws:secretsmanager:<region>:<account>:...)', '');
  const props = {
    masterSecretArn: r.arn('MasterSecretArn', 'secretsmanager'),
    ...readUrlSettings(r),
    ...(healthCheckUser === '' ? {} : { healthCheckUserSecretArn: healthCheckUser }),
  };
  r.done();
  return props;
}

/**
 * The rotation path has no resource properties: the function's `URL_SETTINGS` environment
 * variable holds the same keys as JSON (MasterSecretArn is not needed there).
 */
export function parseUrlSettingsEnv(json: string | undefined): UrlSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '');
  } catch {
    throw new Error('Environment variable URL_SETTINGS must hold a JSON object with the DatabaseBootstrap properties (AppUserSecretArn, ...); it is missing or not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('Environment variable URL_SETTINGS must hold a JSON object with the DatabaseBootstrap properties (AppUserSecretArn, ...)');
  }
  const r = new PropertyReader(raw as Record<string, unknown>, 'URL_SETTINGS');
  const settings = readUrlSettings(r);
  r.done();
  return settings;
}
