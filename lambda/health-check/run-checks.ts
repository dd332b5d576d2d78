import { errorMessage } from '../shared/error-message';
import { Check, CheckName, CheckResult } from './types';

export interface RunOptions {
  readonly checkTimeoutMs: number;
  readonly deadlineMs: number;
  /** Monotonic clock in milliseconds. */
  readonly now?: () => number;
}

/**
 * Runs every check at once. Each one ends at its own timeout (or the overall deadline, if
 * sooner), so a hung dependency is reported unhealthy while the others report on time.
 * A check that throws is unhealthy with the error message as its reason.
 */
export async function runChecks(checks: ReadonlyMap<CheckName, Check>, options: RunOptions): Promise<CheckResult[]> {
  const now = options.now ?? (() => performance.now());
  // All checks start together, so the deadline caps each one's timeout the same way.
  const timeoutMs = Math.min(options.checkTimeoutMs, options.deadlineMs);
  const started = now();
  return Promise.all(
    [...checks].map(async ([name, check]): Promise<CheckResult> => {
      const outcome = await withTimeout(check, timeoutMs).catch((err: unknown) => ({ healthy: false, reason: errorMessage(err) }));
      return { check: name, ...outcome, latencyMs: Math.round(now() - started) };
    }),
  );
}

class CheckTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'CheckTimeoutError';
  }
}

async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new CheckTimeoutError(ms);
      reject(err);
      controller.abort(err);
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
