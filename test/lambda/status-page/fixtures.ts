import { AlarmHistoryItem, GetMetricDataCommandInput, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { ALBEvent } from 'aws-lambda';
import { Incident } from '../../../lambda/status-page/model';
import { StatusPageSettings } from '../../../lambda/status-page/settings';

export const NOW = new Date('2030-01-08T12:00:30.000Z');
const MIN = 60_000;
const at = (msBefore: number) => new Date(NOW.getTime() - msBefore);

/** The public alarms and what users read about them. */
export const NOTICES = {
  'production-api-5xx-rate': { title: 'Elevated API errors', text: 'Some requests to the API fail.' },
  'production-database-down': { title: 'Database unavailable', text: 'Saving and loading cards fails.' },
  'production-redis-memory': { title: 'Slow responses', text: 'Pages load slowly.' },
};

export const settings: StatusPageSettings = {
  envName: 'production',
  metricNamespace: 'FlashcardLMS/Health',
  alarmPrefix: 'production-',
  publicIncidents: NOTICES,
  siteName: 'Flashcard LMS',
  cacheMs: 30_000,
  pageUrl: 'https://status.example.com',
};

const DAY = 24 * 60 * MIN;
/** Age of the UTC midnight `k` days before NOW's day (NOW is 12:00:30 UTC). */
export const midnightAgo = (k: number): number => 12 * 60 * MIN + 30_000 + k * DAY;

/** Day totals as CloudWatch returns them: `Sum` under passed_<id>, `SampleCount` under checks_<id>, one point per UTC day. */
export function dailySeries(
  id: string,
  days: readonly { readonly k: number; readonly passed: number; readonly checks: number }[],
): Record<string, { ageMs: number; value: number }[]> {
  return {
    [`passed_${id}`]: days.map((d) => ({ ageMs: midnightAgo(d.k), value: d.passed })),
    [`checks_${id}`]: days.map((d) => ({ ageMs: midnightAgo(d.k), value: d.checks })),
  };
}

const fullDays = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ k: from + i, passed: 1440, checks: 1440 }));

/**
 * Healthy values per query id: `latest_*` newest first, 24-hour periods, and day totals:
 * API checked for 60 days with a bad day 40 days ago and 2 failures today; the web app perfect
 * for 90 days; the database failing the last 30 minutes; the cache never reported.
 */
export const SERIES: Record<string, { readonly ageMs: number; readonly value: number }[]> = {
  latest_api: [
    { ageMs: 1 * MIN, value: 1 },
    { ageMs: 2 * MIN, value: 0 },
  ],
  day_api: [1, 1, 1, 0.5].map((value, i) => ({ ageMs: (i + 1) * 5 * MIN, value })), // 87.5 %
  ...dailySeries('api', [{ k: 0, passed: 718, checks: 720 }, ...fullDays(1, 39), { k: 40, passed: 1380, checks: 1440 }, ...fullDays(41, 59)]),
  latest_web: [{ ageMs: 1 * MIN, value: 1 }],
  day_web: [{ ageMs: 5 * MIN, value: 1 }], // 100 %
  ...dailySeries('web', fullDays(0, 89)),
  latest_database: [{ ageMs: 1 * MIN, value: 0 }],
  day_database: [1, 0, 1].map((value, i) => ({ ageMs: (i + 1) * 5 * MIN, value })), // 66.666 %
  ...dailySeries('database', [{ k: 0, passed: 690, checks: 720 }, ...fullDays(1, 89)]),
  latest_cache: [{ ageMs: 11 * MIN, value: 1 }], // too old: unknown
  day_cache: [],
};

/** Answers GetMetricData from SERIES, like CloudWatch does (Timestamps and Values per Id). */
export function metricData(input: GetMetricDataCommandInput, series = SERIES): GetMetricDataCommandOutput {
  return {
    $metadata: {},
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
      Id: q.Id,
      StatusCode: 'Complete',
      Timestamps: (series[q.Id ?? ''] ?? []).map((p) => at(p.ageMs)),
      Values: (series[q.Id ?? ''] ?? []).map((p) => p.value),
    })),
  };
}

const change = (alarm: string, minutesAgo: number, from: string, to: string, reason = `Threshold Crossed: moved to ${to}`): AlarmHistoryItem => ({
  AlarmName: alarm,
  AlarmType: 'MetricAlarm',
  Timestamp: at(minutesAgo * MIN),
  HistoryItemType: 'StateUpdate',
  HistorySummary: `Alarm updated from ${from} to ${to}`,
  HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: from }, newState: { stateValue: to, stateReason: reason } }),
});

export const HISTORY: AlarmHistoryItem[] = [
  change('production-redis-memory', 6 * 24 * 60, 'ALARM', 'OK'), // began before the window
  change('production-api-5xx-rate', 3 * 24 * 60, 'OK', 'ALARM', '5xx responses above 5% of requests'),
  change('production-api-5xx-rate', 3 * 24 * 60 - 42, 'ALARM', 'OK'),
  change('staging-api-5xx-rate', 2 * 24 * 60, 'OK', 'ALARM'), // another environment
  change('production-backend-tasks', 200, 'OK', 'INSUFFICIENT_DATA'), // not an incident
  change(
    'production-database-down',
    30,
    'OK',
    'ALARM',
    'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:production-health-database transitioned to ALARM at Tuesday 08 January, 2030 11:30:30 UTC',
  ),
];

export function albEvent(path: string, method = 'GET', multiValue = false): ALBEvent {
  const base = {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/status/abc' } },
    httpMethod: method,
    path,
    body: null,
    isBase64Encoded: false,
  };
  return multiValue
    ? { ...base, multiValueQueryStringParameters: {}, multiValueHeaders: { host: ['status.example.com'] } }
    : { ...base, queryStringParameters: {}, headers: { host: 'status.example.com' } };
}

/** A resolved incident of the public notice "Elevated API errors"; `over` changes any field. */
export const incident = (over: Partial<Incident>): Incident => ({
  id: 'abc-20300105T120030Z',
  title: 'Elevated API errors',
  summary: 'Some requests fail.',
  start: '2030-01-05T12:00:30.000Z',
  end: '2030-01-05T12:42:30.000Z',
  ongoing: false,
  started_before_window: false,
  ...over,
});
