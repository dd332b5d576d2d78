import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { composeDatabaseUrl, composeRedisUrl } from './connection-urls';
import { putSecretIfChanged, readSecretFields, readSecretString } from './secrets';
import { UrlSettings } from './settings';

export interface SyncResult {
  readonly username: string;
  readonly databaseUrlChanged: boolean;
  readonly redisUrlChanged: boolean;
}

/**
 * Composes DATABASE_URL from the application user's current credentials and REDIS_URL from
 * the current AUTH token, and writes each only when it differs from what is stored.
 */
export async function syncConnectionUrls(sm: SecretsManagerClient, s: UrlSettings): Promise<SyncResult> {
  const user = await readSecretFields(sm, s.appUserSecretArn, ['username', 'password'] as const);
  const token = await readSecretString(sm, s.redisAuthTokenSecretArn);
  const databaseUrl = composeDatabaseUrl({
    username: user.username,
    password: user.password,
    endpoint: s.clusterEndpoint,
    port: s.clusterPort,
    databaseName: s.databaseName,
    caFilePath: s.caFilePath,
    replicaSet: s.replicaSet,
  });
  const redisUrl = composeRedisUrl(token, s.redisHost, s.redisPort);
  return {
    username: user.username,
    databaseUrlChanged: await putSecretIfChanged(sm, s.databaseUrlSecretArn, databaseUrl),
    redisUrlChanged: await putSecretIfChanged(sm, s.redisUrlSecretArn, redisUrl),
  };
}
