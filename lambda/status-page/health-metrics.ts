import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
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
  /** One-hour averages over the last 30 days. */
  readonly month: readonly number[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Reads the `Healthy` metric of each service in two GetMetricData calls (one per time range).
 * Periods respect CloudWatch retention: 1-minute data for recent points, 5-minute over a day,
 * 1-hour over 30 days (older than 15 days needs 5 minutes or more). At most
 * 4 x (1440 + 288) + 4 x 720 datapoints, well under the 100,800 a call may return.
 */
export async function readHealthMetrics(cloudwatch: Pick<CloudWatchClient, 'send'>, settings: MetricSettings, now: Date): Promise<Record<ServiceId, ServiceMetrics>> {
  // Whole minutes / hours, so consecutive refreshes ask for the same aligned periods.
  const end = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const hourEnd = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  const query = (id: string, check: ServiceId, period: number): MetricDataQuery => ({
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
      Stat: 'Average',
    },
    ReturnData: true,
  });

  const [recent, month] = await Promise.all([
    getMetricData(
      cloudwatch,
      new Date(end.getTime() - DAY),
      end,
      SERVICES.flatMap((s) => [query(`latest_${s.id}`, s.id, 60), query(`day_${s.id}`, s.id, 300)]),
    ),
    getMetricData(
      cloudwatch,
      new Date(hourEnd.getTime() - 30 * DAY),
      hourEnd,
      SERVICES.map((s) => query(`month_${s.id}`, s.id, 3600)),
    ),
  ]);

  const result = {} as Record<ServiceId, ServiceMetrics>;
  for (const { id } of SERVICES) {
    const latest = newest(recent.get(`latest_${id}`));
    result[id] = {
      latest,
      day: recent.get(`day_${id}`)?.map((p) => p.value) ?? [],
      month: month.get(`month_${id}`)?.map((p) => p.value) ?? [],
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
  do {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries, ScanBy: 'TimestampDescending', NextToken: nextToken }),
    );
    for (const r of page.MetricDataResults ?? []) {
      if (r.Id === undefined) continue;
      const list = points.get(r.Id) ?? [];
      const timestamps = r.Timestamps ?? [];
      const values = r.Values ?? [];
      for (let i = 0; i < Math.min(timestamps.length, values.length); i++) list.push({ timestamp: new Date(timestamps[i]), value: values[i] });
      points.set(r.Id, list);
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return points;
}

function newest(points: readonly Point[] | undefined): Point | undefined {
  return points?.reduce<Point | undefined>((best, p) => (best === undefined || p.timestamp > best.timestamp ? p : best), undefined);
}
