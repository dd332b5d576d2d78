import { CloudWatchClient, PutMetricDataCommand, MetricDatum } from '@aws-sdk/client-cloudwatch';
import { MigrationSettings } from './settings';

/** `MigrationSucceeded` (1 or 0) and, on success, `MigrationDuration` in seconds; dimension Environment. */
export async function publishRunMetrics(cloudwatch: CloudWatchClient, s: MigrationSettings, succeeded: boolean, durationSeconds?: number): Promise<void> {
  const Dimensions = [{ Name: 'Environment', Value: s.envName }];
  const data: MetricDatum[] = [{ MetricName: 'MigrationSucceeded', Value: succeeded ? 1 : 0, Unit: 'Count', Dimensions }];
  if (durationSeconds !== undefined) data.push({ MetricName: 'MigrationDuration', Value: durationSeconds, Unit: 'Seconds', Dimensions });
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: s.metricNamespace, MetricData: data }));
}
