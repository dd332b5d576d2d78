import { SnapshotCache } from '../../../lambda/status-page/snapshot-cache';
import { cacheUntil } from '../../../lambda/status-page/responses';
import { handleRequest } from '../../../lambda/status-page/status-page';
import { StatusSnapshot } from '../../../lambda/status-page/model';
import { albEvent } from './fixtures';

/** A cache over a counting loader and a clock the test moves. */
function cacheWith(ttlMs: number, outcomes: (() => Promise<string>)[] = []) {
  let clock = 1_000_000;
  let loads = 0;
  const cache = new SnapshotCache(
    () => {
      const n = loads;
      const next = outcomes[n] ?? (() => Promise.resolve(`v${n}`));
      loads += 1;
      return next();
    },
    ttlMs,
    () => clock,
  );
  return {
    cache,
    loads: () => loads,
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('SnapshotCache', () => {
  test('one load serves until the TTL has passed: fresh 1 ms before, reloaded exactly at it', async () => {
    const c = cacheWith(30_000);
    await expect(c.cache.get()).resolves.toEqual({ data: 'v0', stale: false, expiresAt: 1_030_000 });
    c.advance(29_999);
    await expect(c.cache.get()).resolves.toEqual({ data: 'v0', stale: false, expiresAt: 1_030_000 });
    expect(c.loads()).toBe(1);
    c.advance(1);
    await expect(c.cache.get()).resolves.toEqual({ data: 'v1', stale: false, expiresAt: 1_060_000 });
    expect(c.loads()).toBe(2);
  });

  test('a TTL of 0 loads on every request', async () => {
    const c = cacheWith(0);
    await c.cache.get();
    await c.cache.get();
    expect(c.loads()).toBe(2);
  });

  test('a failed refresh serves the last value as stale and waits a full TTL from the failure before trying again', async () => {
    const c = cacheWith(10_000, [() => Promise.resolve('good'), () => Promise.reject(new Error('Throttling')), () => Promise.resolve('again')]);
    await c.cache.get();
    c.advance(10_000);
    await expect(c.cache.get()).resolves.toEqual({ data: 'good', stale: true, expiresAt: 1_020_000 });
    c.advance(9_999);
    await expect(c.cache.get()).resolves.toEqual({ data: 'good', stale: true, expiresAt: 1_020_000 });
    expect(c.loads()).toBe(2);
    c.advance(1);
    await expect(c.cache.get()).resolves.toEqual({ data: 'again', stale: false, expiresAt: 1_030_000 });
  });

  test('with nothing loaded yet, the load error itself is thrown, and retried only after the TTL', async () => {
    const denied = new Error('AccessDenied');
    const c = cacheWith(10_000, [() => Promise.reject(denied), () => Promise.resolve('ok')]);
    await expect(c.cache.get()).rejects.toBe(denied);
    c.advance(9_999);
    await expect(c.cache.get()).rejects.toBe(denied);
    expect(c.loads()).toBe(1);
    c.advance(1);
    await expect(c.cache.get()).resolves.toMatchObject({ data: 'ok', stale: false });
  });

  test('a loader that throws synchronously is a failed load too', async () => {
    const c = new SnapshotCache<string>(() => {
      throw new Error('boom');
    }, 1000);
    await expect(c.get()).rejects.toThrow('boom');
  });

  test('the clock defaults to the system time', async () => {
    const c = new SnapshotCache(() => Promise.resolve('x'), 60_000);
    const before = Date.now();
    const { expiresAt } = await c.get();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});

describe('Cache-Control', () => {
  test.each([
    [30_000, 'public, max-age=30'],
    [19_500, 'public, max-age=19'],
    [1_000, 'public, max-age=1'],
    [999, 'public, max-age=0'],
    [0, 'public, max-age=0'],
    [-5_000, 'public, max-age=0'],
  ])('%d ms before the next refresh: %s', (left, expected) => {
    expect(cacheUntil(2_000_000 + left, 2_000_000)).toBe(expected);
  });

  test('every status answer may be cached only until the snapshot behind it is due', async () => {
    const c = cacheWith(30_000, []);
    const snapshot = { site: 'Flashcard LMS', last_updated: '2030-01-08T12:00:30.000Z', incidents: [] } as unknown as StatusSnapshot;
    const deps = {
      snapshot: async () => ({ ...(await c.cache.get()), data: snapshot }),
      log: () => undefined,
      now: c.now,
      pageUrl: 'https://status.example.com',
    };
    const header = async (path: string) => (await handleRequest(albEvent(path), deps)).headers?.['cache-control'];
    await expect(header('/feed.atom')).resolves.toBe('public, max-age=30');
    c.advance(12_345);
    await expect(header('/status.json')).resolves.toBe('public, max-age=17');
    c.advance(17_000);
    await expect(header('/feed.atom')).resolves.toBe('public, max-age=0');
  });
});
