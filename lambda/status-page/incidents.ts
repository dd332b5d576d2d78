import { AlarmHistoryItem, CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { Incident } from './model';

export const INCIDENT_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** Bounds a refresh: 20 pages of 100 state changes is far more than a healthy week holds. */
const MAX_PAGES = 20;
const MAX_SUMMARY_CHARS = 200;

/**
 * State changes of the last 7 days of every alarm (metric and composite) named with `prefix`,
 * or only of the `only` alarms when given (the public page shows user-facing alarms).
 */
export async function readAlarmHistory(cloudwatch: Pick<CloudWatchClient, 'send'>, prefix: string, now: Date, only?: readonly string[]): Promise<AlarmHistoryItem[]> {
  const shown = (name: string | undefined) => name?.startsWith(prefix) === true && (only === undefined || only.includes(name));
  const items: AlarmHistoryItem[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await cloudwatch.send(
      new DescribeAlarmHistoryCommand({
        HistoryItemType: 'StateUpdate',
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        StartDate: new Date(now.getTime() - INCIDENT_WINDOW_MS),
        EndDate: now,
        ScanBy: 'TimestampAscending',
        MaxRecords: 100,
        NextToken: nextToken,
      }),
    );
    // The API filters by exact name only, so the prefix is applied here.
    items.push(...(page.AlarmHistoryItems ?? []).filter((i) => shown(i.AlarmName)));
    nextToken = page.NextToken;
  } while (nextToken !== undefined && ++pages < MAX_PAGES);
  return items;
}

interface Transition {
  readonly alarm: string;
  readonly at: Date;
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
}

/**
 * Pairs each alarm's move into ALARM with its next move to OK. A move to INSUFFICIENT_DATA
 * neither opens nor ends an incident. An OK with no ALARM before it in the window closes
 * an incident that began before the window.
 */
export function pairIncidents(items: readonly AlarmHistoryItem[], now: Date): Incident[] {
  const windowStart = new Date(now.getTime() - INCIDENT_WINDOW_MS);
  const transitions = items
    .map(parse)
    .filter((t): t is Transition => t !== undefined)
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const open = new Map<string, { start: Date; summary: string; before: boolean }>();
  const incidents: Incident[] = [];
  for (const t of transitions) {
    const current = open.get(t.alarm);
    if (t.to === 'ALARM' && current === undefined) {
      open.set(t.alarm, { start: t.at, summary: summarize(t.reason), before: false });
    } else if (t.to === 'OK' && (current !== undefined || t.from === 'ALARM')) {
      const begun = current ?? { start: windowStart, summary: summarize(undefined), before: true };
      incidents.push(incident(t.alarm, begun, t.at));
      open.delete(t.alarm);
    }
  }
  for (const [alarm, begun] of open) incidents.push(incident(alarm, begun, null));
  return incidents.sort((a, b) => Number(b.ongoing) - Number(a.ongoing) || b.start.localeCompare(a.start));
}

function incident(alarm: string, begun: { start: Date; summary: string; before: boolean }, end: Date | null): Incident {
  return {
    alarm,
    summary: begun.summary,
    start: begun.start.toISOString(),
    end: end?.toISOString() ?? null,
    ongoing: end === null,
    started_before_window: begun.before,
  };
}

function parse(item: AlarmHistoryItem): Transition | undefined {
  if (item.AlarmName === undefined || item.Timestamp === undefined) return undefined;
  let data: { oldState?: { stateValue?: string }; newState?: { stateValue?: string; stateReason?: string } } = {};
  try {
    data = JSON.parse(item.HistoryData ?? '{}');
  } catch {
    // fall back to the summary line, e.g. "Alarm updated from OK to ALARM"
  }
  const fromSummary = /from (\w+) to (\w+)/.exec(item.HistorySummary ?? '');
  return {
    alarm: item.AlarmName,
    at: new Date(item.Timestamp),
    from: data.oldState?.stateValue ?? fromSummary?.[1],
    to: data.newState?.stateValue ?? fromSummary?.[2],
    reason: data.newState?.stateReason,
  };
}

/**
 * The alarm's reason, fit for a public page: ARNs (which hold the account id) are cut to
 * the resource name.
 */
export function summarize(reason: string | undefined): string {
  if (reason === undefined || reason.trim() === '') return 'Alarm triggered';
  const text = reason.replace(/arn:aws[\w-]*:[^\s,;)"']+/g, (arn) => arn.split(/[:/]/).pop() ?? 'resource').trim();
  return text.length > MAX_SUMMARY_CHARS ? `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…` : text;
}
