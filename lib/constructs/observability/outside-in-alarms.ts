import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { AlarmFactory, Suppression } from './alarm-factory';
import { serviceTargetMetric, ServiceTargetGroups } from './service-target-metrics';

const FIVE_MINUTES = Duration.minutes(5);
const { LESS_THAN_LOWER_THRESHOLD, GREATER_THAN_UPPER_THRESHOLD, LESS_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;

/** Band width of the anomaly alarms: 3 standard deviations keeps daily and weekly rhythm out of the alarm. */
export const ANOMALY_STD_DEVS = 3;
/** Periods of 5 minutes outside the band before an anomaly alarm fires (15 minutes). */
export const ANOMALY_PERIODS = 3;
/** Failed canary runs in a row before the canary pages. */
export const CANARY_FAILED_RUNS = 2;

export interface OutsideInAlarmsProps {
  /** Makes every alarm here. */
  readonly alarms: AlarmFactory;
  /** The public load balancer, whose request count should follow its usual rhythm. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The API's target group, whose latency drift is watched. */
  /** The backend's target groups (both of a native deployment). */
  readonly backend: ServiceTargetGroups;
  /** SuccessPercent of the site canary, one datapoint per run. */
  readonly canarySuccess: cloudwatch.IMetric;
  /** Minutes between canary runs (the period of `canarySuccess`). */
  readonly canaryEveryMinutes: number;
  /** Host name of the site, named in the runbook text. */
  readonly site: string;
  /** The canary page stays quiet while another alarm already pages for the same outage. */
  readonly suppression: Suppression;
}

/** What users see from outside: the canary's journey, and what thresholds cannot catch (anomaly detection). */
export class OutsideInAlarms extends Construct {
  public readonly canaryFailing: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: OutsideInAlarmsProps) {
    super(scope, id);
    const { alarms } = props;

    alarms.anomaly({
      name: 'requests-drop',
      runbook: 'requests-drop',
      severity: 'warning',
      metric: props.loadBalancer.metrics.requestCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      stdDevs: ANOMALY_STD_DEVS,
      comparisonOperator: LESS_THAN_LOWER_THRESHOLD,
      evaluationPeriods: ANOMALY_PERIODS,
      // No requests at all is the strongest drop there is.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      what: 'Requests to the load balancer fell far below what this hour of this weekday usually sees, for 15 minutes.',
      impact: 'Users may not reach the site at all (DNS, certificate, WAF, a broken client release) although every component reports healthy.',
      checks: [
        `the canary's last runs and screenshots (it loads https://${props.site} from outside)`,
        'WAF blocked requests and the Route 53 records of the site',
        'a frontend release that stopped calling the API; then whether it is simply a holiday',
      ],
    });
    alarms.anomaly({
      name: 'latency-drift',
      runbook: 'latency-drift',
      severity: 'warning',
      // The slower of both target groups: traffic alternates between them with each native deployment.
      metric: serviceTargetMetric(props.backend, 'apiP90', (tg) => tg.metrics.targetResponseTime({ period: FIVE_MINUTES, statistic: 'p90' }), 'max'),
      stdDevs: ANOMALY_STD_DEVS,
      comparisonOperator: GREATER_THAN_UPPER_THRESHOLD,
      evaluationPeriods: ANOMALY_PERIODS,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      what: 'API p90 response time rose far above its usual level for this time, for 15 minutes, though it may still be under the p95 threshold.',
      impact: 'The API is getting slower than usual: an early sign before the latency SLO burns.',
      checks: [
        'the last deployment and its changes to queries',
        'DocumentDB CPU and the profiler log for slow operations',
        'Redis evictions and hit rate (cache misses push load to DocumentDB)',
      ],
    });

    const canaryInput = alarms.input({
      name: 'canary-journey-failing',
      runbook: 'canary-failing',
      metric: props.canarySuccess,
      threshold: 100,
      comparisonOperator: LESS_THAN_THRESHOLD,
      evaluationPeriods: CANARY_FAILED_RUNS,
      // A canary that stopped running checks nothing.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      what: `The site canary failed ${CANARY_FAILED_RUNS} runs in a row.`,
      impact: 'Input of canary-failing; notifies only through it.',
      checks: ['the failed step in the canary run', 'its screenshot and HAR file', 'the site from a browser'],
    });
    this.canaryFailing = alarms.composite(
      'canary-failing',
      'critical',
      cloudwatch.AlarmRule.anyOf(canaryInput),
      {
        what: `The outside-in canary failed ${CANARY_FAILED_RUNS} runs in a row (${CANARY_FAILED_RUNS * props.canaryEveryMinutes} minutes): loading https://${props.site}, its assets, the API health endpoint or the status page.`,
        impact: 'Users outside AWS cannot use the site the way the canary does; the inside health checks may still be green.',
        checks: [
          'which step failed: the canary run in the Synthetics console, its screenshot and HAR file',
          'certificate, DNS and WAF for the site (blocked requests spike?)',
          'a frontend release that broke the page or its assets (roll back with rollback.yml)',
        ],
        runbook: 'canary-failing',
      },
      props.suppression,
    );
  }
}
