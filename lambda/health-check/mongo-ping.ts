import type { MongoPingOptions } from './database-check';

/**
 * Opens one TLS connection with the given URL and runs `ping` on the admin database.
 * The driver is loaded on first use so that a cold start does not pay for it up front.
 */
export async function mongoPing(url: string, options: MongoPingOptions): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, {
    // Verify the server against the given CA bundle: DocumentDB certificates chain to the
    // Amazon RDS CAs, which the Node.js default trust store does not hold.
    tls: true,
    tlsCAFile: options.tlsCAFile,
    serverSelectionTimeoutMS: options.timeoutMs,
    connectTimeoutMS: options.timeoutMs,
    socketTimeoutMS: options.timeoutMs,
    maxPoolSize: 1,
    // DocumentDB does not support retryable writes; harmless for a ping.
    retryWrites: false,
    appName: 'health-check',
  });
  const onAbort = () => void client.close().catch(() => undefined);
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 }, { signal: options.signal });
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await client.close().catch(() => undefined);
  }
}
