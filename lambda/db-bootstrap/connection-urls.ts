/** Pure composition of the two connection strings; credentials are percent-encoded. */

export interface DatabaseUrlParts {
  readonly username: string;
  readonly password: string;
  readonly endpoint: string;
  readonly port: number;
  readonly databaseName: string;
  readonly caFilePath: string;
  readonly replicaSet: string;
}

/**
 * DATABASE_URL of the backend. `secondaryPreferred` spreads reads over the replicas;
 * `retryWrites=false` because DocumentDB has no retryable writes.
 */
export function composeDatabaseUrl(p: DatabaseUrlParts): string {
  const query = ['tls=true', `tlsCAFile=${p.caFilePath}`, `replicaSet=${encodeURIComponent(p.replicaSet)}`, 'readPreference=secondaryPreferred', 'retryWrites=false'].join('&');
  const credentials = `${encodeURIComponent(p.username)}:${encodeURIComponent(p.password)}`;
  return `mongodb://${credentials}@${p.endpoint}:${p.port}/${encodeURIComponent(p.databaseName)}?${query}`;
}

/** REDIS_URL of the backend: TLS (`rediss://`), AUTH token as the password, database 0. */
export function composeRedisUrl(token: string, host: string, port: number): string {
  return `rediss://:${encodeURIComponent(token)}@${host}:${port}/0`;
}
