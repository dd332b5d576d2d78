import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../../config';
import { AlarmFactory } from './alarm-factory';
import { SiteNames } from '../network/public-load-balancer';
import { DataTierAlarms, DataTierAlarmsProps } from './data-tier-alarms';
import { HEALTH_NAMESPACE, HealthCheckName } from './health-check';
import { logGroupName } from '../../contracts';
import { ServiceTargetGroups, serviceTargetMetric } from './service-target-metrics';

const { LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING, MISSING } = cloudwatch.TreatMissingData;
const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

export interface ServiceTarget extends ServiceTargetGroups {
  /** Service name; names its alarms. */
  readonly name: string;
}

export interface PlatformAlarmsProps {
  /** Environment name: the health metrics' dimension, named in the runbooks. */
  readonly envName: string;
  /** Region of the web ACL's metrics. */
  readonly region: string;
  /** Alarm thresholds of the environment. */
  readonly thresholds: EnvironmentConfig['monitoring'];
  /** Host names of the site and the API, named in the runbooks of their health checks. */
  readonly names: Pick<SiteNames, 'site' | 'api'>;
  readonly alarms: AlarmFactory;
  /** The public load balancer, whose own metrics are watched. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** Services behind the load balancer, each with alarms of its own. */
  readonly services: readonly ServiceTarget[];
  /** ECS cluster of the services (Container Insights dimension). */
  readonly clusterName: string;
  /** The DocumentDB instances and cache nodes the data-tier alarms watch. */
  readonly dataTier: Omit<DataTierAlarmsProps, 'alarms' | 'thresholds'>;
  /** Certificate whose days to expiry are watched. */
  readonly certificateArn: string;
  /** Metric name of the web ACL (the `WebACL` dimension of its metrics). */
  readonly webAclName: string;
  /** ERROR lines of the application logs, from a log metric filter. */
  readonly appErrorsMetric: cloudwatch.IMetric;
  /** Lambdas of this app by a stable label (names their alarms). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
}

/** Every rule of the plan's alert_rules.yml and the platform alarms beyond them. */
export class PlatformAlarms extends Construct {
  public readonly siteDown: cloudwatch.CompositeAlarm;
  public readonly databaseDown: cloudwatch.Alarm;
  /** Alarms a stopped environment trips (ALB 503s, failed health checks, no targets): re-checked after an off-hours start. */
  public readonly trippedWhenStopped: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const { alarms, envName, thresholds: m } = props;
    const health = (check: HealthCheckName, metricName = 'Healthy') =>
      new cloudwatch.Metric({ namespace: HEALTH_NAMESPACE, metricName, dimensionsMap: { Environment: envName, Check: check }, period: MINUTE, statistic: 'Minimum' });

    // --- the plan: HighErrorRate (critical), per target group and ALB-generated
    for (const target of props.services) {
      const { name } = target;
      alarms.alarm({
        name: `${name}-5xx-rate`,
        runbook: 'service-5xx-rate',
        severity: 'critical',
        metric: new cloudwatch.MathExpression({
          expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
          usingMetrics: {
            errors: serviceTargetMetric(target, 'errors', (tg) => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: MINUTE, statistic: 'Sum' }), 'sum'),
            requests: serviceTargetMetric(target, 'requests', (tg) => tg.metrics.requestCount({ period: MINUTE, statistic: 'Sum' }), 'sum'),
          },
          period: MINUTE,
          label: `${name} 5xx (% of requests)`,
        }),
        threshold: m.errorRatePercent,
        evaluationPeriods: m.errorRateMinutes,
        treatMissingData: NOT_BREACHING,
        what: `More than ${m.errorRatePercent}% of ${name} requests answer 5xx for ${m.errorRateMinutes} minutes.`,
        impact: `Users see errors from the ${name === 'backend' ? 'API (logins, reviews, uploads fail)' : 'web app'}.`,
        checks: [
          `the ${name} log group ${logGroupName(envName, name)} for ERROR lines and tracebacks`,
          'a deployment in progress or just finished (ECS service events; roll back with rollback.yml)',
          'DocumentDB and Redis health on the dashboard (health-check panels)',
        ],
      });
    }
    const lb = props.loadBalancer.metrics;
    const albErrors = alarms.alarm({
      name: 'alb-5xx-rate',
      runbook: 'alb-5xx-rate',
      severity: 'critical',
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
        usingMetrics: {
          errors: lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: MINUTE, statistic: 'Sum' }),
          requests: lb.requestCount({ period: MINUTE, statistic: 'Sum' }),
        },
        period: MINUTE,
        label: 'ALB-generated 5xx (% of requests)',
      }),
      threshold: m.errorRatePercent,
      evaluationPeriods: m.errorRateMinutes,
      treatMissingData: NOT_BREACHING,
      what: `The load balancer itself answers 502/503/504 to more than ${m.errorRatePercent}% of requests for ${m.errorRateMinutes} minutes.`,
      impact: 'Requests never reach a healthy task: the site or API is down or timing out for many users.',
      checks: [
        'healthy hosts per target group on the dashboard (0 means every task fails readiness)',
        'ECS running vs desired tasks and stopped-task reasons in the service events',
        'target response time: 504s mean the backend is too slow (DocumentDB CPU, slow queries in the profiler log)',
      ],
    });

    // --- the plan: HighResponseTime (warning), p95 over 2 s for 5 minutes
    for (const target of props.services) {
      const { name } = target;
      alarms.alarm({
        name: `${name}-p95-latency`,
        runbook: 'p95-latency',
        severity: 'warning',
        metric: serviceTargetMetric(target, 'latency', (tg) => tg.metrics.targetResponseTime({ period: MINUTE, statistic: 'p95' }), 'max'),
        threshold: m.latencyP95Seconds,
        evaluationPeriods: m.latencyMinutes,
        treatMissingData: NOT_BREACHING,
        what: `${name} p95 response time is above ${m.latencyP95Seconds} s for ${m.latencyMinutes} minutes.`,
        impact: 'The app feels slow; timeouts follow if it keeps rising.',
        checks: [
          'ECS CPU and memory of the service (scale-out at its limit?)',
          'DocumentDB CPU and the profiler log for slow operations',
          'Redis CPU and evictions (cache misses push load to DocumentDB)',
        ],
      });
    }

    // --- the plan: DatabaseConnectionDown (critical, within 1 minute), from the health check
    this.databaseDown = alarms.alarm({
      name: 'database-connection-down',
      runbook: 'database-connection-down',
      severity: 'critical',
      metric: health('database'),
      threshold: 1,
      comparisonOperator: BELOW,
      evaluationPeriods: 1,
      treatMissingData: BREACHING,
      what: 'The health check cannot connect to DocumentDB with the application credentials (or has stopped reporting).',
      impact: 'Every API call that reads or writes data fails; the site is effectively down.',
      checks: [
        'DocumentDB cluster and instance status in the console (failover, maintenance, storage)',
        'the health-check log group for the connection error (auth, TLS, timeout)',
        'the database-url secret and the last DatabaseBootstrap run (a rotated password?)',
      ],
    });

    // --- site down: one page for the outage that matters most
    const siteChecks = [
      alarms.alarm({
        name: 'api-health-check-failing',
        runbook: 'health-check-failing',
        severity: 'warning',
        metric: health('api'),
        threshold: 1,
        comparisonOperator: BELOW,
        evaluationPeriods: 2,
        treatMissingData: BREACHING,
        what: `https://${props.names.api}/health/detailed fails from inside the VPC for 2 minutes.`,
        impact: 'The API is down or degraded for users.',
        checks: ['the api check reason in the health-check log group', 'backend healthy hosts and 5xx on the dashboard', 'DocumentDB and Redis health checks'],
      }),
      alarms.alarm({
        name: 'web-health-check-failing',
        runbook: 'health-check-failing',
        severity: 'warning',
        metric: health('web'),
        threshold: 1,
        comparisonOperator: BELOW,
        evaluationPeriods: 2,
        treatMissingData: BREACHING,
        what: `https://${props.names.site}/health fails for 2 minutes.`,
        impact: 'The web app does not load for users.',
        checks: ['frontend healthy hosts on the dashboard', 'the web check reason in the health-check log group', 'certificate, DNS and WAF (blocked requests spike?)'],
      }),
      ...props.services.map(({ name, ...target }) =>
        alarms.alarm({
          name: `${name}-no-healthy-targets`,
          runbook: 'no-healthy-targets',
          severity: 'warning',
          metric: serviceTargetMetric(target, 'healthy', (tg) => tg.metrics.healthyHostCount({ period: MINUTE, statistic: 'Minimum' }), 'sum'),
          threshold: 1,
          comparisonOperator: BELOW,
          evaluationPeriods: 2,
          treatMissingData: BREACHING,
          what: `No ${name} task passes the load balancer's readiness check for 2 minutes.`,
          impact: `All ${name} requests fail with 503.`,
          checks: [`stopped-task reasons in the ${name} service events`, `the ${name} log group for start-up errors`, 'the readiness endpoint dependencies (DocumentDB, Redis)'],
        }),
      ),
    ];
    this.trippedWhenStopped = [albErrors, this.databaseDown, ...siteChecks];
    this.siteDown = alarms.composite('site-down', 'critical', cloudwatch.AlarmRule.anyOf(...siteChecks), {
      what: `Flashcard LMS ${envName} is down: the API or web app fails its health check, or a service has no healthy task.`,
      impact: 'Users cannot use the site. This is the one page for the outage; the member alarms only notify.',
      runbook: 'site-down',
      checks: [
        'which member alarm is in ALARM (alarm status widget on the dashboard)',
        'ECS service events of backend and frontend (deploy in progress? circuit breaker?)',
        'DocumentDB / Redis health panels, then the status page for what users see',
      ],
    });

    // --- running tasks below desired, memory, disk (Container Insights)
    for (const { name } of props.services) {
      const ci = (metricName: string, statistic = 'Average') =>
        new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName, dimensionsMap: { ClusterName: props.clusterName, ServiceName: name }, period: MINUTE, statistic });
      alarms.alarm({
        name: `${name}-tasks-below-desired`,
        runbook: 'tasks-below-desired',
        severity: 'warning',
        metric: new cloudwatch.MathExpression({
          expression: 'desired - running',
          usingMetrics: { desired: ci('DesiredTaskCount', 'Maximum'), running: ci('RunningTaskCount', 'Minimum') },
          period: MINUTE,
        }),
        threshold: 0,
        evaluationPeriods: 5,
        treatMissingData: MISSING,
        what: `${name} runs fewer tasks than desired for 5 minutes.`,
        impact: 'Less capacity and less redundancy; the next failure may take the service down.',
        checks: [
          'stopped-task reasons in the service events (OOM, failed health check, image pull)',
          'Fargate capacity or Spot interruptions',
          'ECR image tag and secrets access of the task definition',
        ],
      });
      alarms.alarm({
        name: `${name}-memory-high`,
        runbook: 'task-memory-high',
        severity: 'warning',
        metric: new cloudwatch.MathExpression({
          expression: '100 * used / reserved',
          usingMetrics: { used: ci('MemoryUtilized', 'Maximum'), reserved: ci('MemoryReserved', 'Maximum') },
          period: MINUTE,
        }),
        threshold: m.memoryPercent,
        evaluationPeriods: 5,
        treatMissingData: MISSING,
        what: `${name} tasks use more than ${m.memoryPercent}% of their memory for 5 minutes.`,
        impact: 'Tasks near their limit get OOM-killed and restarted.',
        checks: ['memory per task on the dashboard (leak or load?)', 'request rate and autoscaling activity', 'raise memoryMiB in config if the working set grew'],
      });
      alarms.alarm({
        name: `${name}-disk-low`,
        runbook: 'task-disk-low',
        severity: 'warning',
        metric: new cloudwatch.MathExpression({
          expression: '100 - 100 * used / reserved',
          usingMetrics: { used: ci('EphemeralStorageUtilized', 'Maximum'), reserved: ci('EphemeralStorageReserved', 'Maximum') },
          period: MINUTE,
        }),
        threshold: m.diskFreePercent,
        comparisonOperator: BELOW,
        evaluationPeriods: 5,
        treatMissingData: MISSING,
        what: `${name} tasks have less than ${m.diskFreePercent}% of their ephemeral storage free for 5 minutes.`,
        impact: 'Writes to /tmp and /app/logs start failing; uploads being processed fail.',
        checks: ['files piling up in /tmp or /app/logs (ECS Exec where enabled)', 'log rotation of the backend', 'upload sizes against MAX_FILE_SIZE'],
      });
    }

    new DataTierAlarms(this, 'DataTier', { ...props.dataTier, alarms, thresholds: m });

    // --- certificate, WAF, application errors, Lambda errors
    alarms.alarm({
      name: 'certificate-expiring',
      runbook: 'certificate-expiring',
      severity: 'warning',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/CertificateManager',
        metricName: 'DaysToExpiry',
        dimensionsMap: { CertificateArn: props.certificateArn },
        period: Duration.days(1),
        statistic: 'Minimum',
      }),
      threshold: m.certificateExpiryDays,
      comparisonOperator: BELOW,
      evaluationPeriods: 1,
      treatMissingData: NOT_BREACHING,
      what: `The site certificate expires in less than ${m.certificateExpiryDays} days: ACM's automatic renewal has not happened.`,
      impact: 'When it expires every browser refuses the site.',
      checks: [
        'the certificate status and renewal eligibility in ACM',
        'the DNS validation CNAME records in the hosted zone',
        'that every name on the certificate still resolves to the ALB',
      ],
    });
    alarms.alarm({
      name: 'waf-blocked-spike',
      runbook: 'waf-blocked-spike',
      severity: 'warning',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: props.webAclName, Region: props.region, Rule: 'ALL' },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      threshold: m.wafBlockedPer5Minutes,
      evaluationPeriods: 1,
      treatMissingData: NOT_BREACHING,
      what: `WAF blocked more than ${m.wafBlockedPer5Minutes} requests in 5 minutes.`,
      impact: 'An attack or scraping burst, or legitimate users hitting a rule or rate limit.',
      checks: [
        'which rule blocks (WAF sampled requests or the aws-waf-logs- log group)',
        'top client IPs: one abuser or many users behind one NAT?',
        'a recent frontend release that sends more requests',
      ],
    });
    alarms.alarm({
      name: 'backend-error-logs',
      runbook: 'backend-error-logs',
      severity: 'warning',
      metric: props.appErrorsMetric,
      threshold: m.appErrorsPer5Minutes,
      evaluationPeriods: 1,
      treatMissingData: NOT_BREACHING,
      what: `The backend logged more than ${m.appErrorsPer5Minutes} ERROR/CRITICAL lines in 5 minutes.`,
      impact: 'Some requests or background jobs fail even if the 5xx rate is still low.',
      checks: ['the "errors by logger" saved Logs Insights query', 'Sentry, if a DSN is configured', 'the last deployment and migration'],
    });
    Object.entries(props.functions).forEach(([label, fn]) => {
      alarms.alarm({
        name: `lambda-${label}-errors`,
        runbook: 'lambda-errors',
        severity: 'warning',
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: NOT_BREACHING,
        what: `Lambda ${fn.functionName} failed (errors or timeouts) in the last 5 minutes.`,
        impact: 'Health checks, the status page, migrations or backup validation may not be doing their job.',
        checks: [`the /aws/lambda/${fn.functionName} log group`, 'its IAM permissions and VPC reachability', 'the last deployment of the function'],
      });
    });
  }
}
