import { errorMessage } from '../shared/error-message';
import { redact, secretParts } from './redact';
import { RedisPing } from './redis-ping';
import { SecretCache } from './secret-cache';
import { CheckOutcome } from './types';

export interface CacheCheckDeps {
  readonly secrets: SecretCache;
  readonly ping: RedisPing;
}

/** Healthy when Redis answers PING with +PONG after AUTH with the application's token. */
export async function checkCache(deps: CacheCheckDeps, urlSecretArn: string, signal: AbortSignal): Promise<CheckOutcome> {
  let url: string;
  try {
    url = await deps.secrets.get(urlSecretArn, signal);
  } catch (err) {
    return { healthy: false, reason: `Redis URL ${errorMessage(err)}` };
  }
  try {
    await deps.ping(url, { signal });
    return { healthy: true };
  } catch (err) {
    // The AUTH token may have been rotated: read the secret again next time.
    deps.secrets.invalidate(urlSecretArn);
    return { healthy: false, reason: `Redis PING failed: ${redact(errorMessage(err), secretParts(url))}` };
  }
}
