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

  /** The current value, or the last good one with `stale: true`; rejects when there is none. */
  async get(): Promise<{ readonly data: T; readonly stale: boolean }> {
    if (!this.isFresh(this.value?.at) && !this.isFresh(this.failure?.at)) {
      this.inFlight ??= this.refresh();
      await this.inFlight;
    }
    if (this.value !== undefined && this.failure === undefined) return { data: this.value.data, stale: false };
    if (this.value !== undefined) return { data: this.value.data, stale: true };
    // The last load's failure, rethrown as it came.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw this.failure?.error ?? new Error('no status loaded');
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
