import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DailyTotals, DAY_MS, historyWindow, isoDate } from './daily-history';
import { SERVICES, ServiceId } from './model';

export interface MetricSettings {
  readonly envName: string;
  readonly metricNamespace: string;
}

export interface ServiceMetrics {
  /** Newest one-minute average of `Healthy`, if any in the last 24 hours. */
  readonly latest?: { readonly timestamp: Date; readonly value: number };
  /** Five-minute averages over the last 24 hours. */
  readonly day: readonly number[];
  /** Passed and run checks per UTC day of the history window, days with checks only. */
  readonly daily: readonly DailyTotals[];
}

const MINUTE = 60_000;
const DAY_SECONDS = DAY_MS / 1000;
/** Bounds one read: each call fits in one page, so a NextToken that never ends stops here instead of looping forever. */
export const MAX_METRIC_PAGES = 10;

/**
 * Reads the `Healthy` metric of each service in two GetMetricData calls (one per time range).
 * Periods follow CloudWatch retention ("MetricStat", CloudWatch API Reference: 1-minute data is
 * kept 15 days, 5-minute 63 days, 1-hour 455 days, and a start older than 63 days needs a
 * multiple of 3600 s): 1-minute for the latest point, 5-minute over 24 hours, and 1-day periods
 * (a multiple of 3600 s) starting at UTC midnights over the 90-day history. At most
 * 4 x (1440 + 288) and 8 x 90 datapoints, far under the 100,800 and 500 metrics a call may
 * return ("GetMetricData", CloudWatch API Reference).
 */
export async function readHealthMetrics(cloudwatch: Pick<CloudWatchClient, 'send'>, settings: MetricSettings, now: Date): Promise<Record<ServiceId, ServiceMetrics>> {
  // Whole minutes / days, so consecutive refreshes ask for the same aligned periods.
  const end = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const history = historyWindow(now);
  const query = (id: string, check: ServiceId, period: number, stat = 'Average'): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: settings.metricNamespace,
        MetricName: 'Healthy',
        Dimensions: [
          { Name: 'Environment', Value: settings.envName },
          { Name: 'Check', Value: check },
        ],
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  });

  const [recent, days] = await Promise.all([
    getMetricData(
      cloudwatch,
      new Date(end.getTime() - DAY_MS),
      end,
      SERVICES.flatMap((s) => [query(`latest_${s.id}`, s.id, 60), query(`day_${s.id}`, s.id, 300)]),
    ),
    getMetricData(
      cloudwatch,
      history.start,
      history.end,
      SERVICES.flatMap((s) => [query(`passed_${s.id}`, s.id, DAY_SECONDS, 'Sum'), query(`checks_${s.id}`, s.id, DAY_SECONDS, 'SampleCount')]),
    ),
  ]);

  const result = {} as Record<ServiceId, ServiceMetrics>;
  for (const { id } of SERVICES) {
    const latest = newest(recent.get(`latest_${id}`));
    result[id] = {
      latest,
      day: recent.get(`day_${id}`)?.map((p) => p.value) ?? [],
      daily: dailyTotals(days.get(`passed_${id}`), days.get(`checks_${id}`)),
    };
  }
  return result;
}

interface Point {
  readonly timestamp: Date;
  readonly value: number;
}

/** Every page of one GetMetricData request, as points per query id. */
async function getMetricData(cloudwatch: Pick<CloudWatchClient, 'send'>, start: Date, end: Date, queries: MetricDataQuery[]): Promise<Map<string, Point[]>> {
  const points = new Map<string, Point[]>();
  let nextToken: string | undefined;
  for (let pages = 0; pages < MAX_METRIC_PAGES; pages++) {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries, ScanBy: 'TimestampDescending', NextToken: nextToken }),
    );
    for (const r of page.MetricDataResults ?? []) {
      if (r.Id === undefined) continue;
      const list = points.get(r.Id) ?? [];
      const timestamps = r.Timestamps ?? [];
      const values = r.Values ?? [];
      // Paired by position; a timestamp without a value (or the reverse) is dropped.
      const paired = timestamps.slice(0, values.length).map((t, i) => ({ timestamp: new Date(t), value: values[i] }));
      points.set(r.Id, [...list, ...paired]);
    }
    nextToken = page.NextToken;
    if (nextToken === undefined) break;
  }
  return points;
}

function newest(points: readonly Point[] | undefined): Point | undefined {
  return points?.reduce<Point | undefined>((best, p) => (best === undefined || p.timestamp > best.timestamp ? p : best), undefined);
}

/** Joins the day sums and sample counts by UTC day; a day with no checks is left out. */
function dailyTotals(passed: readonly Point[] = [], checks: readonly Point[] = []): DailyTotals[] {
  const passedOn = new Map(passed.map((p) => [isoDate(p.timestamp.getTime()), p.value]));
  return checks
    .filter((c) => c.value > 0)
    .map((c) => {
      const date = isoDate(c.timestamp.getTime());
      return { date, passed: passedOn.get(date) ?? 0, checks: c.value };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}
