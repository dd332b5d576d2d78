import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { dashboardName } from '../shared/dashboard-names';
import { HEALTH_CHECKS, HEALTH_NAMESPACE } from './health-check';
import { ServiceTarget } from './platform-alarms';
import { SloView } from './service-level-objectives';
import { sloWidgets } from './slo-widgets';
import { APP_NAMESPACE } from '../../contracts';
import { serviceTargetMetric } from './service-target-metrics';

/** Namespace of the backend's embedded-metric-format business metrics (README, "Metrics contract"). */
export { APP_NAMESPACE };

export interface PlatformDashboardProps {
  readonly envName: string;
  readonly region: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly services: readonly ServiceTarget[];
  readonly clusterName: string;
  readonly docdbInstanceIds: readonly string[];
  readonly cacheNodeIds: readonly string[];
  readonly webAclName: string;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** SLOs whose budget and burn rate open the dashboard. @default none */
  readonly slos?: readonly SloView[];
}

const MINUTE = Duration.minutes(1);

/** The plan's Grafana panels, then the infrastructure panels, on one CloudWatch dashboard. */
export class PlatformDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const app = (metricName: string, statistic: string, period = MINUTE) =>
      new cloudwatch.Metric({ namespace: APP_NAMESPACE, metricName, dimensionsMap: { Environment: props.envName }, statistic, period });
    const ci = (service: string, metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: { ClusterName: props.clusterName, ServiceName: service },
        statistic: 'Average',
        period: MINUTE,
        label: service,
      });
    const health = (check: string, metricName: string, statistic: string) =>
      new cloudwatch.Metric({ namespace: HEALTH_NAMESPACE, metricName, dimensionsMap: { Environment: props.envName, Check: check }, statistic, period: MINUTE, label: check });
    // Both target groups of each service: production traffic alternates between them with every native deployment.
    const perTg = (fn: (tg: elbv2.ApplicationTargetGroup) => cloudwatch.Metric, label: string, combine: 'sum' | 'max' = 'sum') =>
      props.services.map((target) => serviceTargetMetric(target, `${target.name}${label.replace(/\W/g, '')}`, fn, combine, `${target.name} ${label}`));
    const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: dashboardName(props.envName),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Flashcard LMS — ${props.envName}\nUsers and traffic first, then services, data tier, health checks and edge.`,
        width: 24,
        height: 2,
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 }),
      ...sloWidgets(props.slos ?? []),
      // The plan's panels
      graph(
        'Request rate (per minute)',
        perTg((tg) => tg.metrics.requestCount({ period: MINUTE, statistic: 'Sum' }), 'requests'),
      ),
      graph(
        'Response time p50 / p95 (s)',
        [
          ...perTg((tg) => tg.metrics.targetResponseTime({ period: MINUTE, statistic: 'p50' }), 'p50', 'max'),
          ...perTg((tg) => tg.metrics.targetResponseTime({ period: MINUTE, statistic: 'p95' }), 'p95', 'max'),
        ],
        { leftAnnotations: [{ value: 2, label: 'p95 alarm (2 s)' }] },
      ),
      graph('Active users', [app('ActiveUsers', 'Maximum')]),
      graph('Study sessions per hour', [app('StudySessionsStarted', 'Sum', Duration.hours(1))]),
      graph('5xx (per minute)', [
        ...perTg((tg) => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: MINUTE, statistic: 'Sum' }), 'target 5xx'),
        props.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: MINUTE, statistic: 'Sum', label: 'ALB 5xx' }),
      ]),
      graph('Healthy hosts', [
        ...perTg((tg) => tg.metrics.healthyHostCount({ period: MINUTE, statistic: 'Minimum' }), 'healthy'),
        ...perTg((tg) => tg.metrics.unhealthyHostCount({ period: MINUTE, statistic: 'Maximum' }), 'unhealthy', 'max'),
      ]),
      ...deploymentWidgets(props.services, props.clusterName),
      // ECS
      graph(
        'ECS CPU utilized (units)',
        props.services.map(({ name }) => ci(name, 'CpuUtilized')),
      ),
      graph(
        'ECS memory utilized (MiB)',
        props.services.map(({ name }) => ci(name, 'MemoryUtilized')),
      ),
      graph('ECS running / desired tasks', [
        ...props.services.map(({ name }) => ci(name, 'RunningTaskCount').with({ label: `${name} running` })),
        ...props.services.map(({ name }) => ci(name, 'DesiredTaskCount').with({ label: `${name} desired` })),
      ]),
      // Data tier
      graph(
        'DocumentDB CPU (%) and connections',
        props.docdbInstanceIds.map(
          (i) => new cloudwatch.Metric({ namespace: 'AWS/DocDB', metricName: 'CPUUtilization', dimensionsMap: { DBInstanceIdentifier: i }, period: MINUTE, label: i }),
        ),
        {
          right: props.docdbInstanceIds.map(
            (i) =>
              new cloudwatch.Metric({
                namespace: 'AWS/DocDB',
                metricName: 'DatabaseConnections',
                dimensionsMap: { DBInstanceIdentifier: i },
                period: MINUTE,
                label: `${i} connections`,
              }),
          ),
        },
      ),
      graph(
        'DocumentDB freeable memory and replica lag',
        props.docdbInstanceIds.map(
          (i) =>
            new cloudwatch.Metric({
              namespace: 'AWS/DocDB',
              metricName: 'FreeableMemory',
              dimensionsMap: { DBInstanceIdentifier: i },
              period: MINUTE,
              statistic: 'Minimum',
              label: i,
            }),
        ),
        {
          right: props.docdbInstanceIds.map(
            (i) =>
              new cloudwatch.Metric({
                namespace: 'AWS/DocDB',
                metricName: 'DBInstanceReplicaLag',
                dimensionsMap: { DBInstanceIdentifier: i },
                period: MINUTE,
                statistic: 'Maximum',
                label: `${i} lag (ms)`,
              }),
          ),
        },
      ),
      graph(
        'Redis CPU, memory (%) and evictions',
        props.cacheNodeIds.flatMap((n) => [
          new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'EngineCPUUtilization', dimensionsMap: { CacheClusterId: n }, period: MINUTE, label: `${n} cpu` }),
          new cloudwatch.Metric({
            namespace: 'AWS/ElastiCache',
            metricName: 'DatabaseMemoryUsagePercentage',
            dimensionsMap: { CacheClusterId: n },
            period: MINUTE,
            label: `${n} memory`,
          }),
        ]),
        {
          right: props.cacheNodeIds.map(
            (n) =>
              new cloudwatch.Metric({
                namespace: 'AWS/ElastiCache',
                metricName: 'Evictions',
                dimensionsMap: { CacheClusterId: n },
                period: MINUTE,
                statistic: 'Sum',
                label: `${n} evictions`,
              }),
          ),
        },
      ),
      // Health checks
      graph(
        'Health checks (1 = healthy)',
        [...HEALTH_CHECKS, 'overall'].map((c) => health(c, 'Healthy', 'Minimum')),
        { leftYAxis: { min: 0, max: 1 } },
      ),
      graph(
        'Health-check latency per dependency (ms)',
        [...HEALTH_CHECKS, 'overall'].map((c) => health(c, 'Latency', 'Maximum')),
      ),
      // Lambdas and edge
      graph(
        'Lambda errors',
        Object.entries(props.functions).map(([label, f]) => f.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label })),
      ),
      graph(
        'Lambda duration p95 (ms)',
        Object.entries(props.functions).map(([label, f]) => f.metricDuration({ period: Duration.minutes(5), statistic: 'p95', label })),
      ),
      graph(
        'WAF allowed / blocked',
        ['AllowedRequests', 'BlockedRequests'].map(
          (metricName) =>
            new cloudwatch.Metric({
              namespace: 'AWS/WAFV2',
              metricName,
              dimensionsMap: { WebACL: props.webAclName, Region: props.region, Rule: 'ALL' },
              period: Duration.minutes(5),
              statistic: 'Sum',
              label: metricName,
            }),
        ),
      ),
    );
  }
}

/**
 * Deployments in progress: ECS deployments per service (2 or more while a new revision rolls out,
 * Container Insights DeploymentCount) and requests per target group, where a blue/green, canary or
 * linear shift shows as traffic moving from one group to the other.
 */
function deploymentWidgets(services: readonly ServiceTarget[], clusterName: string): cloudwatch.IWidget[] {
  const deployments = services.map(
    ({ name }) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'DeploymentCount',
        dimensionsMap: { ClusterName: clusterName, ServiceName: name },
        statistic: 'Maximum',
        period: MINUTE,
        label: `${name} deployments`,
      }),
  );
  const split = services.flatMap(({ name, targetGroup, alternateTargetGroup }) =>
    [targetGroup, ...(alternateTargetGroup ? [alternateTargetGroup] : [])].map((tg, i) =>
      tg.metrics.requestCount({ period: MINUTE, statistic: 'Sum', label: `${name} ${i === 0 ? 'group A' : 'group B'}` }),
    ),
  );
  return [
    new cloudwatch.GraphWidget({
      title: 'Deployments in progress (2+ = rolling out)',
      left: deployments,
      leftAnnotations: [{ value: 2, label: 'deploying' }],
      width: 8,
      height: 6,
    }),
    new cloudwatch.GraphWidget({ title: 'Requests per target group (traffic shift)', left: split, stacked: true, width: 8, height: 6 }),
  ];
}
