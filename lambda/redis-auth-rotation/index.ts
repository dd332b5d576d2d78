import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { redisPing } from '../health-check/redis-ping';
import { EnvReader } from '../shared/env-reader';
import { parseRotationEvent } from '../shared/secret-rotation';
import { sdkCacheApi } from './cache-api';
import { AuthCheck, RedisRotationSettings, rotateRedisAuthToken } from './rotate';

const secrets = new SecretsManagerClient({ maxAttempts: 5 });

/** AUTH and PING, 5 s at most; over TLS unless told otherwise (ElastiCache requires it here). */
export function authCheck(options: { readonly tls?: boolean; readonly ca?: string } = {}): AuthCheck {
  const scheme = options.tls === false ? 'redis' : 'rediss';
  return (host, port, token) => redisPing(`${scheme}://:${encodeURIComponent(token)}@${host}:${port}`, { signal: AbortSignal.timeout(5000), ca: options.ca });
}

/** REPLICATION_GROUP_ID, checked. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): RedisRotationSettings {
  const reader = new EnvReader(env);
  const replicationGroupId = reader.required('REPLICATION_GROUP_ID', 'the ElastiCache replication group id');
  reader.finish('Redis AUTH rotation');
  return { replicationGroupId };
}

/** Secrets Manager rotation function of the ElastiCache AUTH token. */
export async function handler(event: unknown, context: Context): Promise<void> {
  const rotation = parseRotationEvent(event);
  await rotateRedisAuthToken(
    {
      secrets,
      cache: sdkCacheApi(),
      authCheck: authCheck(),
      remainingMs: () => context.getRemainingTimeInMillis(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    settingsFromEnv(process.env),
    rotation,
  );
}
