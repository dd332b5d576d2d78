import { AssemblyEnvironment } from '../types';
import { Pricer, PricerContext, PricedQuantity, PricerResult } from './context';
import { logGroupOnShare } from './schedules';

/** A metric an alarm watches, or a metric math alarm's metrics: billed per metric (https://aws.amazon.com/cloudwatch/pricing/, "Alarms"). */
function alarmMetrics(props: Record<string, any>): Array<{ period: number; metric: any }> {
  if (Array.isArray(props.Metrics)) {
    return props.Metrics.filter((m: any) => m.MetricStat).map((m: any) => ({ period: Number(m.MetricStat.Period ?? 60), metric: m.MetricStat.Metric }));
  }
  return [{ period: Number(props.Period ?? 60), metric: { Namespace: props.Namespace, MetricName: props.MetricName, Dimensions: props.Dimensions } }];
}

function alarm({ props }: { props: Record<string, any> }): PricerResult[] {
  const metrics = alarmMetrics(props);
  // Anomaly detection alarms are billed as three metrics each (the metric and the band's bounds).
  const factor = props.ThresholdMetricId ? 3 : 1;
  const highRes = metrics.filter((m) => m.period < 60).length * factor;
  const standard = metrics.length * factor - highRes;
  const out: PricerResult[] = [];
  if (standard > 0) out.push({ line: 'CloudWatch alarm metrics, standard resolution', quantity: standard, priceKeys: ['cloudwatch.alarm-metric'] });
  if (highRes > 0) out.push({ line: 'CloudWatch alarm metrics, high resolution', quantity: highRes, priceKeys: ['cloudwatch.alarm-metric-high-res'] });
  return out;
}

/** Stored size of a log group: a month's ingestion kept for its retention, compressed (stated assumption). */
function logGroup({ id, props, stack, assumptions }: PricerContext): PricerResult[] {
  // A service's log group ingests only while its tasks run (off-hours schedule).
  const gb = assumptions.byName('logIngestGbByGroup', id, 'logIngestGbPerGroup') * logGroupOnShare(stack, id, assumptions);
  // Without retention logs are kept forever: count a year.
  const months = Number(props.RetentionInDays ?? 365) / 30.4;
  return [
    { line: 'CloudWatch Logs ingestion', quantity: gb, priceKeys: ['logs.ingest-gb'] },
    { line: 'CloudWatch Logs storage', quantity: gb * months * assumptions.number('logCompressedShare'), priceKeys: ['logs.store-gb-month'] },
  ];
}

export const OBSERVABILITY_PRICERS: Record<string, Pricer> = {
  'AWS::CloudWatch::Alarm': alarm,
  'AWS::CloudWatch::CompositeAlarm': () => [{ line: 'CloudWatch composite alarms', quantity: 1, priceKeys: ['cloudwatch.composite-alarm'] }],
  'AWS::CloudWatch::Dashboard': () => [{ line: 'CloudWatch dashboards', quantity: 1, priceKeys: ['cloudwatch.dashboard'] }],
  'AWS::Logs::LogGroup': logGroup,
  'AWS::KMS::Key': ({ assumptions }) => [
    { line: 'KMS keys', quantity: 1, priceKeys: ['kms.key-month'] },
    { line: 'KMS requests (10,000)', quantity: assumptions.number('kmsRequestsPerKey') / 10000, priceKeys: ['kms.10k-requests'] },
  ],
  'AWS::SecretsManager::Secret': ({ assumptions }) => [
    { line: 'Secrets Manager secrets', quantity: 1, priceKeys: ['secrets.secret-month'] },
    { line: 'Secrets Manager API calls (10,000)', quantity: assumptions.number('secretsCallsPerSecret') / 10000, priceKeys: ['secrets.10k-calls'] },
  ],
};

/**
 * Custom metrics of an environment: the distinct metrics outside AWS namespaces that its alarms watch
 * or its metric filters publish (Container Insights is priced on its cluster). Metrics published but
 * never alarmed on are not seen.
 */
export function customMetrics(environment: AssemblyEnvironment): Array<PricedQuantity & { region: string }> {
  const byRegion = new Map<string, Set<string>>();
  const add = (region: string, m: any) => {
    const ns = m?.Namespace;
    if (typeof ns !== 'string' || ns.startsWith('AWS/') || ns === 'ECS/ContainerInsights') return;
    const dims = [...(m.Dimensions ?? [])]
      .map((d: any) => `${d.Name}=${JSON.stringify(d.Value)}`)
      .sort()
      .join(',');
    const set = byRegion.get(region) ?? new Set<string>();
    set.add(`${ns}|${m.MetricName}|${dims}`);
    byRegion.set(region, set);
  };
  for (const stack of environment.stacks) {
    for (const r of Object.values(stack.resources)) {
      if (r.Type === 'AWS::CloudWatch::Alarm') alarmMetrics(r.Properties ?? {}).forEach((m) => add(stack.region, m.metric));
      if (r.Type === 'AWS::Logs::MetricFilter') {
        for (const t of r.Properties?.MetricTransformations ?? [])
          add(stack.region, { Namespace: t.MetricNamespace, MetricName: t.MetricName, Dimensions: (t.Dimensions ?? []).map((d: any) => ({ Name: d.Key, Value: d.Value })) });
      }
    }
  }
  return [...byRegion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, set]) => ({ line: 'CloudWatch custom metrics', quantity: set.size, priceKeys: ['cloudwatch.metric-month'], region }));
}
