import { ServiceStatus } from './model';

/**
 * Uptime in percent: the mean of the per-period averages of `Healthy` (1 passed, 0 failed),
 * over the periods that have data. Periods without data (the check not running) are left
 * out rather than counted as down. Rounded down to 3 decimals so that 99.9996 never shows
 * as 100; null without data.
 */
export function uptimePercent(periodAverages: readonly number[]): number | null {
  if (periodAverages.length === 0) return null;
  const mean = periodAverages.reduce((sum, v) => sum + v, 0) / periodAverages.length;
  return Math.floor(mean * 100 * 1000 + 1e-6) / 1000;
}

/** A datapoint older than this no longer says anything about now. */
export const FRESH_FOR_MS = 5 * 60_000;

/**
 * Status from the latest one-minute average: 1 operational, 0 outage, in between degraded
 * (some runs in that minute failed); unknown when the latest point is missing or too old.
 */
export function statusFromLatest(latest: { readonly timestamp: Date; readonly value: number } | undefined, now: Date): ServiceStatus {
  if (latest === undefined || now.getTime() - latest.timestamp.getTime() > FRESH_FOR_MS) return 'unknown';
  if (latest.value >= 1) return 'operational';
  if (latest.value <= 0) return 'outage';
  return 'degraded';
}
