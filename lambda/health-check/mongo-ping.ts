import type { MongoPingOptions, MongoTarget } from './database-check';

/** The driver's own timeouts, inside the check's budget so that its error, not the check's timer, says what failed. */
export function driverTimeouts(budgetMs: number): { readonly serverSelectionTimeoutMS: number; readonly connectTimeoutMS: number; readonly socketTimeoutMS: number } {
  const part = (share: number) => Math.max(1, Math.floor(budgetMs * share));
  return { serverSelectionTimeoutMS: part(0.8), connectTimeoutMS: part(0.5), socketTimeoutMS: part(0.8) };
}

/** The part of a MongoClient a ping uses. */
export interface PingClient {
  connect(): Promise<unknown>;
  db(name: string): { command(command: Record<string, unknown>, options: { signal: AbortSignal }): Promise<unknown> };
  close(): Promise<void>;
}

/**
 * Opens one TLS connection to the target and runs `ping` on the admin database.
 * Credentials go in the options, not a URL, so no driver message can carry them.
 * The driver is loaded on first use so that a cold start does not pay for it up front.
 */
export async function mongoPing(target: MongoTarget, options: MongoPingOptions): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(`mongodb://${target.host}:${target.port}/`, {
    auth: { username: target.username, password: target.password },
    authSource: 'admin',
    // Verify the server against the given CA bundle: DocumentDB certificates chain to the
    // Amazon RDS CAs, which the Node.js default trust store does not hold.
    tls: true,
    tlsCAFile: options.tlsCAFile,
    // The cluster endpoint always leads to the primary: no replica-set discovery for a ping.
    directConnection: true,
    ...driverTimeouts(options.timeoutMs),
    maxPoolSize: 1,
    // DocumentDB does not support retryable writes; harmless for a ping.
    retryWrites: false,
    appName: 'health-check',
  });
  await pingWith(client, options.signal);
}

/** Connects and pings; closes the client when done, failed or aborted, so no socket outlives the run. */
export async function pingWith(client: PingClient, signal: AbortSignal): Promise<void> {
  const onAbort = () => void client.close().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 }, { signal });
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.close().catch(() => undefined);
  }
}
