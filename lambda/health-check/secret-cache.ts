import { errorMessage } from '../shared/error-message';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Secret values kept across invocations of a warm function, so a run every minute does not
 * cost a Secrets Manager call per dependency. A failed read is not cached, and callers
 * `invalidate` a value that stopped working (e.g. after rotation) so the next run re-reads it.
 */
export class SecretCache {
  private readonly entries = new Map<string, { readonly value: string; readonly readAt: number }>();

  constructor(
    private readonly client: Pick<SecretsManagerClient, 'send'>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(secretId: string, signal?: AbortSignal): Promise<string> {
    const cached = this.entries.get(secretId);
    if (cached !== undefined && this.now() - cached.readAt < this.ttlMs) return cached.value;
    this.entries.delete(secretId);
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: signal });
      value = out.SecretString;
    } catch (err) {
      // The SDK's message names the secret and the cause, never the value.
      // No `cause`: errorMessage() would repeat it in the reason the health report shows.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`secret unavailable: ${errorMessage(err)}`);
    }
    if (value === undefined || value.trim() === '') throw new Error('secret unavailable: it has no SecretString');
    value = value.trim();
    this.entries.set(secretId, { value, readAt: this.now() });
    return value;
  }

  invalidate(secretId: string): void {
    this.entries.delete(secretId);
  }
}
