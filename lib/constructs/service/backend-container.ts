import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../../config';
import { AppSecrets, JWT_KEY_FIELDS } from '../security/app-secrets';
import { secretReference } from '../shared/secret-access';
import { ecsClusterName } from '../../contracts';

/**
 * What the backend container is told, shared by the backend service and the one-off migration
 * task, so a migration always runs with the settings and secrets of the release it precedes.
 */

// A literal, so stacks deployed before the services can name the cluster.
export { ecsClusterName };

/** Service (and container) name of the backend. */
export const BACKEND_SERVICE = 'backend';

/** Host names the backend's URLs are built from. */
export interface BackendUrls {
  /** e.g. `api.flashcard-lms.com` */
  readonly api: string;
  /** e.g. `flashcard-lms.com` */
  readonly site: string;
}

/** Non-secret settings of the backend container. */
export function backendEnvironment(config: EnvironmentConfig, urls: BackendUrls): Record<string, string> {
  const svc = config.services;
  return {
    ENVIRONMENT: config.name,
    DEBUG: String(config.debug),
    LOG_LEVEL: svc.logLevel,
    CORS_ORIGINS: JSON.stringify(svc.corsOrigins),
    API_BASE_URL: `https://${urls.api}`,
    FRONTEND_URL: `https://${urls.site}`,
    UPLOAD_PATH: '/app/uploads',
    MAX_FILE_SIZE: String(svc.maxFileSizeBytes),
    RATE_LIMIT_REQUESTS_PER_MINUTE: String(svc.rateLimitPerMinute),
    RATE_LIMIT_REQUESTS_PER_HOUR: String(svc.rateLimitPerHour),
    DATABASE_NAME: config.documentDb.databaseName,
  };
}

/**
 * Secrets of the backend container, through references without the key (see `secretReference`);
 * the task's execution role needs `grantDecryptViaSecretsManager` on the data key.
 */
export function backendSecrets(scope: Construct, secrets: AppSecrets): Record<string, ecs.Secret> {
  return {
    DATABASE_URL: ecs.Secret.fromSecretsManager(secretReference(scope, 'DatabaseUrlRef', secrets.databaseUrl)),
    REDIS_URL: ecs.Secret.fromSecretsManager(secretReference(scope, 'RedisUrlRef', secrets.redisUrl)),
    // Signing key and the keys still accepted during a rotation (docs/secret-rotation.md).
    ...jwtKeySecrets(secretReference(scope, 'JwtSigningKeysRef', secrets.jwtSigningKeys)),
    SENTRY_DSN: ecs.Secret.fromSecretsManager(secretReference(scope, 'SentryDsnRef', secrets.sentryDsn), 'dsn'),
  };
}

function jwtKeySecrets(keys: secretsmanager.ISecret): Record<string, ecs.Secret> {
  return Object.fromEntries(Object.entries(JWT_KEY_FIELDS).map(([field, variable]) => [variable, ecs.Secret.fromSecretsManager(keys, field)]));
}
