import { AlarmHistoryItem } from '@aws-sdk/client-cloudwatch';
import { dailySeries, NOW } from './fixtures';

type Series = Record<string, { ageMs: number; value: number }[]>;
type Day = { k: number; passed: number; checks: number };

const MIN = 60_000;
const SERVICES = ['api', 'web', 'database', 'cache'] as const;

/** 90 full days per service (today half done), with the given days replaced. */
function days(special: Record<number, Day> = {}): Day[] {
  return Array.from({ length: 90 }, (_, k) => special[k] ?? { k, passed: k === 0 ? 720 : 1440, checks: k === 0 ? 720 : 1440 });
}

function series(latest: Record<string, number>, history: Record<string, Record<number, Day>>): Series {
  const out: Series = {};
  for (const id of SERVICES) {
    out[`latest_${id}`] = [{ ageMs: MIN, value: latest[id] ?? 1 }];
    out[`day_${id}`] = Array.from({ length: 288 }, (_, i) => ({ ageMs: (i + 1) * 5 * MIN, value: i === 0 ? (latest[id] ?? 1) : 1 }));
    Object.assign(out, dailySeries(id, days(history[id])));
  }
  return out;
}

const change = (alarm: string, minutesAgo: number, from: string, to: string): AlarmHistoryItem => ({
  AlarmName: alarm,
  Timestamp: new Date(NOW.getTime() - minutesAgo * MIN),
  HistoryItemType: 'StateUpdate',
  HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
});

// A bad day in the past on two services, so the bars show what yellow and red mean.
const PAST = { api: { 20: { k: 20, passed: 1432, checks: 1440 } }, database: { 45: { k: 45, passed: 1300, checks: 1440 } } };
const RESOLVED = [change('production-api-5xx-rate', 3 * 24 * 60, 'OK', 'ALARM'), change('production-api-5xx-rate', 3 * 24 * 60 - 42, 'ALARM', 'OK')];

export interface Scenario {
  readonly name: string;
  readonly series: Series;
  readonly history: AlarmHistoryItem[];
}

/** What the page shows in the four states the documentation pictures. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'operational', series: series({}, PAST), history: RESOLVED },
  {
    name: 'degraded',
    series: series({ database: 0.5 }, { ...PAST, database: { ...PAST.database, 0: { k: 0, passed: 716, checks: 720 } } }),
    history: RESOLVED,
  },
  {
    name: 'incident',
    series: series({ api: 0 }, { ...PAST, api: { ...PAST.api, 0: { k: 0, passed: 690, checks: 720 } } }),
    history: [...RESOLVED, change('production-api-5xx-rate', 30, 'OK', 'ALARM')],
  },
  { name: 'no-data', series: {}, history: [] },
];
