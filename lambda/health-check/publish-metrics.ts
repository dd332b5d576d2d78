import { CloudWatchClient, MetricDatum, PutMetricDataCommand, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { HealthReport } from './types';

/** `Check` dimension value of the all-checks result. */
export const OVERALL_CHECK = 'overall';

/**
 * One datum pair per check and for the whole run: `Healthy` (1 or 0) and `Latency` (ms),
 * dimensioned by `Environment` and `Check`, all in one PutMetricData call.
 */
export function metricInput(namespace: string, report: HealthReport): PutMetricDataCommandInput {
  const timestamp = new Date(report.timestamp);
  const pair = (check: string, healthy: boolean, latencyMs: number): MetricDatum[] => {
    const Dimensions = [
      { Name: 'Environment', Value: report.environment },
      { Name: 'Check', Value: check },
    ];
    return [
      { MetricName: 'Healthy', Dimensions, Timestamp: timestamp, Value: healthy ? 1 : 0, Unit: 'Count' },
      { MetricName: 'Latency', Dimensions, Timestamp: timestamp, Value: latencyMs, Unit: 'Milliseconds' },
    ];
  };
  return {
    Namespace: namespace,
    MetricData: [...report.checks.flatMap((c) => pair(c.check, c.healthy, c.latencyMs)), ...pair(OVERALL_CHECK, report.healthy, report.latencyMs)],
  };
}

export async function publishMetrics(cloudwatch: Pick<CloudWatchClient, 'send'>, namespace: string, report: HealthReport): Promise<void> {
  await cloudwatch.send(new PutMetricDataCommand(metricInput(namespace, report)));
}
