/**
 * One value shared by every request for `ttlMs`, so a traffic spike costs one CloudWatch
 * read per period rather than one per request. Requests arriving during a refresh wait for
 * that same refresh. When a refresh fails, the last good value is served marked stale, and
 * the next attempt waits a full period too, so a CloudWatch outage is not hammered either.
 */
export class SnapshotCache<T> {
  private value?: { readonly data: T; readonly at: number };
  private failure?: { readonly error: unknown; readonly at: number };
  private inFlight?: Promise<void>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The current value, or the last good one with `stale: true`; rejects when there is none.
   * `expiresAt` is when the next refresh is due, so HTTP caches can hold a copy no longer.
   */
  async get(): Promise<{ readonly data: T; readonly stale: boolean; readonly expiresAt: number }> {
    if (!this.isFresh(this.value?.at) && !this.isFresh(this.failure?.at)) {
      this.inFlight ??= this.refresh();
      await this.inFlight;
    }
    const { value, failure } = this;
    if (value === undefined) {
      // The last load's failure, rethrown as it came (a refresh always leaves a value or a failure).
      throw failure?.error;
    }
    if (failure === undefined) return { data: value.data, stale: false, expiresAt: value.at + this.ttlMs };
    return { data: value.data, stale: true, expiresAt: failure.at + this.ttlMs };
  }

  private isFresh(at: number | undefined): boolean {
    return at !== undefined && this.now() - at < this.ttlMs;
  }

  private async refresh(): Promise<void> {
    try {
      // Deferred, so that `inFlight` is set before a synchronous failure could clear it.
      const data = await Promise.resolve().then(() => this.load());
      this.value = { data, at: this.now() };
      this.failure = undefined;
    } catch (error) {
      this.failure = { error, at: this.now() };
    } finally {
      this.inFlight = undefined;
    }
  }
}
