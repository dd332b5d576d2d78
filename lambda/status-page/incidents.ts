import { AlarmHistoryItem, CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { createHash } from 'node:crypto';
import { Incident } from './model';
import { PublicNotice } from './public-incidents';

export const INCIDENT_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** Bounds a refresh per alarm: 10 pages of 100 state changes is far more than a week holds, and a NextToken that never ends stops here. */
export const MAX_PAGES_PER_ALARM = 10;

/**
 * State changes of the last 7 days of the public alarms, one alarm at a time: the function may
 * read only the environment's alarms (IAM scoped to `alarm:<env>-*`), and the API filters by exact
 * name only. Metric alarms only: a composite alarm's history needs the permission on `*`
 * (DescribeAlarmHistory, CloudWatch API Reference). Items of any other alarm are dropped whatever the API returns.
 */
export async function readAlarmHistory(cloudwatch: Pick<CloudWatchClient, 'send'>, prefix: string, names: readonly string[], now: Date): Promise<AlarmHistoryItem[]> {
  const shown = names.filter((name) => name.startsWith(prefix));
  const perAlarm = await Promise.all(
    shown.map(async (name) => {
      const items: AlarmHistoryItem[] = [];
      let nextToken: string | undefined;
      for (let pages = 0; pages < MAX_PAGES_PER_ALARM; pages++) {
        const page = await cloudwatch.send(
          new DescribeAlarmHistoryCommand({
            AlarmName: name,
            HistoryItemType: 'StateUpdate',
            AlarmTypes: ['MetricAlarm'],
            StartDate: new Date(now.getTime() - INCIDENT_WINDOW_MS),
            EndDate: now,
            ScanBy: 'TimestampAscending',
            MaxRecords: 100,
            NextToken: nextToken,
          }),
        );
        items.push(...(page.AlarmHistoryItems ?? []).filter((i) => i.AlarmName === name));
        nextToken = page.NextToken;
        if (nextToken === undefined) break;
      }
      return items;
    }),
  );
  return perAlarm.flat();
}

interface Transition {
  readonly alarm: string;
  readonly at: Date;
  readonly from?: string;
  readonly to?: string;
}

/**
 * Pairs each alarm's move into ALARM with its next move to OK, in time order whatever order the
 * items come in. A move to INSUFFICIENT_DATA neither opens nor ends an incident. An OK with no
 * ALARM before it in the window closes an incident that began before the window. Only alarms
 * in `notices` become incidents, shown with their notice, never the alarm's name or reason.
 */
export function pairIncidents(items: readonly AlarmHistoryItem[], notices: Readonly<Record<string, PublicNotice>>, now: Date): Incident[] {
  const windowStart = new Date(now.getTime() - INCIDENT_WINDOW_MS);
  const transitions = items
    .map(parse)
    .filter((t): t is Transition => t !== undefined && Object.hasOwn(notices, t.alarm))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const open = new Map<string, Begun>();
  const incidents: Incident[] = [];
  for (const t of transitions) {
    const current = open.get(t.alarm);
    if (t.to === 'ALARM' && current === undefined) {
      open.set(t.alarm, { start: t.at, before: false, moment: compact(t.at) });
    } else if (t.to === 'OK' && (current !== undefined || t.from === 'ALARM')) {
      incidents.push(incident(t.alarm, notices[t.alarm], current ?? { start: windowStart, before: true, moment: `until-${compact(t.at)}` }, t.at));
      open.delete(t.alarm);
    }
  }
  for (const [alarm, begun] of open) incidents.push(incident(alarm, notices[alarm], begun, null));
  return incidents.sort((a, b) => Number(b.ongoing) - Number(a.ongoing) || b.start.localeCompare(a.start));
}

/**
 * When an incident began; `moment` names it for good: its start, or for one begun before the
 * window (whose start is unknown) its end.
 */
interface Begun {
  readonly start: Date;
  readonly before: boolean;
  readonly moment: string;
}

function incident(alarm: string, notice: PublicNotice, begun: Begun, end: Date | null): Incident {
  return {
    id: incidentId(alarm, begun.moment),
    title: notice.title,
    summary: notice.text,
    start: begun.start.toISOString(),
    end: end?.toISOString() ?? null,
    ongoing: end === null,
    started_before_window: begun.before,
  };
}

/** The alarm, hashed (the id is public), and the moment that names the incident. */
function incidentId(alarm: string, moment: string): string {
  return `${createHash('sha256').update(alarm).digest('hex').slice(0, 12)}-${moment}`;
}

/** `20300105T120030Z`: safe in a URL fragment and an Atom id. */
function compact(at: Date): string {
  return at.toISOString().replace(/[-:]|\.\d+/g, '');
}

function parse(item: AlarmHistoryItem): Transition | undefined {
  if (item.AlarmName === undefined || item.Timestamp === undefined) return undefined;
  let data: { oldState?: { stateValue?: string }; newState?: { stateValue?: string } } = {};
  try {
    data = JSON.parse(item.HistoryData ?? '{}') as typeof data;
  } catch {
    // fall back to the summary line, e.g. "Alarm updated from OK to ALARM"
  }
  const fromSummary = /from (\w+) to (\w+)/.exec(item.HistorySummary ?? '');
  return {
    alarm: item.AlarmName,
    at: new Date(item.Timestamp),
    from: data.oldState?.stateValue ?? fromSummary?.[1],
    to: data.newState?.stateValue ?? fromSummary?.[2],
  };
}
