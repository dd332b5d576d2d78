/** Days shown as bars per service, today included (like hosted status pages). */
export const HISTORY_DAYS = 90;
export const DAY_MS = 24 * 60 * 60_000;

/** A day at or above this uptime shows as operational: at most 1 failed check in 1,440. */
export const OPERATIONAL_FROM = 99.9;
/** A day at or above this (and below OPERATIONAL_FROM) shows as degraded: at most ~14 minutes failing. */
export const DEGRADED_FROM = 99;

export type DayStatus = 'operational' | 'degraded' | 'outage' | 'no_data';

/** One UTC day of health checks: how many passed (`Sum` of `Healthy`) out of how many ran (`SampleCount`). */
export interface DailyTotals {
  /** `YYYY-MM-DD`, UTC. */
  readonly date: string;
  readonly passed: number;
  readonly checks: number;
}

export interface DayBar {
  readonly date: string;
  /** Percent of the day's checks that passed; null when none ran. */
  readonly uptime: number | null;
  readonly status: DayStatus;
}

/**
 * The UTC days shown, oldest first, and the query range that covers them: from midnight of the
 * oldest day to midnight after today, so every 1-day period starts at a UTC midnight.
 */
export function historyWindow(now: Date, days = HISTORY_DAYS): { readonly start: Date; readonly end: Date; readonly dates: readonly string[] } {
  const tomorrow = (Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS;
  const start = tomorrow - days * DAY_MS;
  const dates = Array.from({ length: days }, (_, i) => isoDate(start + i * DAY_MS));
  return { start: new Date(start), end: new Date(tomorrow), dates };
}

/** `YYYY-MM-DD` of the UTC day a timestamp falls in. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Passed checks in percent, rounded down to 3 decimals so that one failure never reads as 100; null without checks. */
export function passedPercent(passed: number, checks: number): number | null {
  if (!(checks > 0)) return null;
  return Math.floor((passed / checks) * 100_000 + 1e-6) / 1000;
}

export function dayStatus(uptime: number | null): DayStatus {
  if (uptime === null) return 'no_data';
  if (uptime >= OPERATIONAL_FROM) return 'operational';
  if (uptime >= DEGRADED_FROM) return 'degraded';
  return 'outage';
}

/** One bar per date of `dates`; days without totals show as no data. */
export function dailyBars(dates: readonly string[], totals: readonly DailyTotals[]): DayBar[] {
  const byDate = new Map(totals.map((t) => [t.date, t]));
  return dates.map((date) => {
    const t = byDate.get(date);
    const uptime = t === undefined ? null : passedPercent(t.passed, t.checks);
    return { date, uptime, status: dayStatus(uptime) };
  });
}

/** Uptime over the last `days` bars, weighted by the checks of each day (not a mean of daily percentages). */
export function uptimeOverDays(dates: readonly string[], totals: readonly DailyTotals[], days: number): number | null {
  const shown = new Set(dates.slice(-days));
  let passed = 0;
  let checks = 0;
  for (const t of totals) {
    if (!shown.has(t.date)) continue;
    passed += t.passed;
    checks += t.checks;
  }
  return passedPercent(passed, checks);
}
