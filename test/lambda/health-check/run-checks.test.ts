import { runChecks } from '../../../lambda/health-check/run-checks';
import { Check, CheckName } from '../../../lambda/health-check/types';

const checks = (entries: [CheckName, Check][]) => new Map(entries);

describe('runChecks with an injected clock', () => {
  test('each latency runs from the common start to the moment that check ended, rounded', async () => {
    const clock = { t: 1000 };
    const results = await runChecks(
      checks([
        ['api', async () => ((clock.t = 1030.4), { healthy: true })],
        ['web', async () => ((clock.t = 1041.6), { healthy: false, reason: 'HTTP 502' })],
      ]),
      { checkTimeoutMs: 500, deadlineMs: 500, now: () => clock.t },
    );
    expect(results).toEqual([
      { check: 'api', healthy: true, latencyMs: 42 },
      { check: 'web', healthy: false, reason: 'HTTP 502', latencyMs: 42 },
    ]);
  });

  test('a check that throws, even before returning a promise, is unhealthy with the message', async () => {
    const results = await runChecks(
      checks([
        [
          'ecs',
          () => {
            throw new Error('DescribeServices is not allowed');
          },
        ],
        ['cache', () => Promise.reject(new Error('no route', { cause: new Error('EHOSTUNREACH') }))],
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- libraries may reject with a plain value
        ['web', () => Promise.reject('plain text')],
      ]),
      { checkTimeoutMs: 500, deadlineMs: 500, now: () => 0 },
    );
    expect(results).toEqual([
      { check: 'ecs', healthy: false, reason: 'DescribeServices is not allowed', latencyMs: 0 },
      { check: 'cache', healthy: false, reason: 'no route (EHOSTUNREACH)', latencyMs: 0 },
      { check: 'web', healthy: false, reason: 'plain text', latencyMs: 0 },
    ]);
  });
});

describe('runChecks timeouts on fake timers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a hung check ends exactly at its timeout, not a millisecond before, and its signal says why', async () => {
    let seen: AbortSignal | undefined;
    let settled = false;
    const pending = runChecks(checks([['database', (s) => ((seen = s), new Promise<never>(() => undefined))]]), { checkTimeoutMs: 100, deadlineMs: 1000 }).finally(
      () => (settled = true),
    );
    await jest.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    expect(seen?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    // Checked before awaiting, so a timeout that never fires fails here instead of hanging.
    expect(settled).toBe(true);
    expect(await pending).toEqual([{ check: 'database', healthy: false, reason: 'timed out after 100 ms', latencyMs: 100 }]);
    expect(seen?.reason).toBeInstanceOf(Error);
    expect(seen?.reason).toMatchObject({ name: 'CheckTimeoutError', message: 'timed out after 100 ms' });
  });

  test('the deadline caps the timeout when it is shorter', async () => {
    let settled = false;
    const pending = runChecks(checks([['web', () => new Promise<never>(() => undefined)]]), { checkTimeoutMs: 1000, deadlineMs: 60 }).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(60);
    expect(settled).toBe(true);
    expect(await pending).toEqual([{ check: 'web', healthy: false, reason: 'timed out after 60 ms', latencyMs: 60 }]);
  });

  test('a check that finishes in time leaves no timer behind and its signal is never aborted', async () => {
    let seen: AbortSignal | undefined;
    const results = await runChecks(checks([['api', async (s) => ((seen = s), { healthy: true })]]), { checkTimeoutMs: 100, deadlineMs: 1000 });
    expect(results).toEqual([{ check: 'api', healthy: true, latencyMs: 0 }]);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(seen?.aborted).toBe(false);
  });
});
