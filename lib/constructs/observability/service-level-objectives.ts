import { Duration } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { BURN_RATE_RULES, ObjectiveConfig, SloConfig } from '../../config/slo';
import { AlarmFactory, Suppression } from './alarm-factory';
import { ServiceTargetGroups } from './service-target-metrics';

/** Namespace of the SLO metrics Application Signals publishes (CloudWatch, "Service level objectives (SLOs)"). */
export const SLO_NAMESPACE = 'AWS/ApplicationSignals';
const MINUTE = Duration.minutes(1);
const { NOT_BREACHING } = cloudwatch.TreatMissingData;

/**
 * Look-back windows of the burn-rate metrics each SLO publishes; at most 10080 minutes
 * (AWS::ApplicationSignals::ServiceLevelObjective BurnRateConfiguration, LookBackWindowMinutes).
 */
export const BURN_RATE_WINDOWS = [
  BURN_RATE_RULES.fast.shortMinutes,
  BURN_RATE_RULES.slow.shortMinutes,
  BURN_RATE_RULES.fast.longMinutes,
  BURN_RATE_RULES.slow.longMinutes,
  BURN_RATE_RULES.budget.longMinutes,
] as const;

/**
 * A page waits this long for the alarm that already pages for the same failure (site down, 5xx rate):
 * those fire within 3 minutes of a sustained failure (test/stacks/monitoring.test.ts).
 */
export const SUPPRESSOR_WAIT = Duration.minutes(3);
/** After that alarm recovers, the 5-minute burn window needs 5 minutes plus one alarm period to fall back. */
export const SUPPRESSOR_EXTENSION = Duration.minutes(10);

/** One user-facing journey measured as good requests out of all requests. */
export interface Journey {
  /** Kebab-case key: names the SLO `<env>-<key>` and its alarms `slo-<key>-...`. */
  readonly key: string;
  /** For people, e.g. "API availability". */
  readonly title: string;
  /** What counts as a bad request, for the descriptions. */
  readonly badRequest: string;
  readonly objective: ObjectiveConfig;
  /** Requests that count against the objective, per target group; set this or `good`. @default none: `good` is counted */
  readonly bad?: readonly MetricQuery[];
  /** Requests that meet the objective, when bad ones cannot be counted. @default none: `bad` is counted */
  readonly good?: readonly MetricQuery[];
  /** Every request of the journey, per target group. */
  readonly total: readonly MetricQuery[];
}

/** A metric and the statistic that turns it into a request count per minute. */
export interface MetricQuery {
  /** Namespace, name and dimensions; its own statistic and period are not used. */
  readonly metric: cloudwatch.Metric;
  /** CloudWatch statistic, e.g. `Sum` or `TC(:1)`, over one-minute periods. */
  readonly stat: string;
}

export interface ServiceLevelObjectivesProps {
  /** Environment name: prefixes the SLO and alarm names. */
  readonly envName: string;
  /** Objectives and the slow-burn severity, from config. */
  /** The objectives; null: none (the suppressor still serves the canary page). */
  readonly objectives: SloConfig | null;
  /** Target groups whose requests the journeys measure (both of a native deployment: traffic alternates between them). */
  readonly backend: ServiceTargetGroups;
  readonly frontend: ServiceTargetGroups;
  /** Makes every alarm here. */
  readonly alarms: AlarmFactory;
  /** Alarms that already page for an outage (site down, 5xx rate); a burn page waits for them and stays quiet while they fire. */
  readonly alreadyPaging: readonly cloudwatch.IAlarm[];
}

/** What the dashboard shows per SLO. */
export interface SloView {
  /** What the SLO measures and promises. */
  readonly journey: Journey;
  /** Name of the Application Signals SLO (the `SloName` dimension of its metrics). */
  readonly sloName: string;
  /** Share of the window's error budget still unspent (%), from the SLO's attainment. */
  readonly budgetRemaining: cloudwatch.IMetric;
  /** Burn rate per look-back window in minutes. */
  readonly burnRate: (windowMinutes: number) => cloudwatch.Metric;
}

/** ALB metrics as request counts: target 5xx and all requests per target group, responses within a threshold. */
export function journeys(props: Pick<ServiceLevelObjectivesProps, 'objectives' | 'backend' | 'frontend'>): Journey[] {
  const { objectives: o, backend, frontend } = props;
  if (o === null) return [];
  const groups = (s: ServiceTargetGroups) => [s.targetGroup, ...(s.alternateTargetGroup ? [s.alternateTargetGroup] : [])];
  const fivexx = (s: ServiceTargetGroups): MetricQuery[] => groups(s).map((tg) => ({ metric: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), stat: 'Sum' }));
  const requests = (s: ServiceTargetGroups): MetricQuery[] => groups(s).map((tg) => ({ metric: tg.metrics.requestCount(), stat: 'Sum' }));
  const responseTimes = (stat: string): MetricQuery[] => groups(backend).map((tg) => ({ metric: tg.metrics.targetResponseTime(), stat }));
  return [
    {
      key: 'api-availability',
      title: 'API availability',
      badRequest: 'an API request answered 5xx by a task',
      objective: o.apiAvailability,
      bad: fivexx(backend),
      total: requests(backend),
    },
    {
      key: 'api-latency',
      title: 'API latency',
      badRequest: `an API request slower than ${o.apiLatency.thresholdSeconds} s`,
      objective: o.apiLatency,
      // TC(:t) counts the responses at or under t; SampleCount counts every response
      // (CloudWatch statistics definitions: trimmed count, percentile rank).
      good: responseTimes(`TC(:${o.apiLatency.thresholdSeconds})`),
      total: responseTimes('SampleCount'),
    },
    {
      key: 'web-availability',
      title: 'Web availability',
      badRequest: 'a web app request answered 5xx by a task',
      objective: o.webAvailability,
      bad: fivexx(frontend),
      total: requests(frontend),
    },
  ];
}

/**
 * The queries of one count: the metric itself, or, over two target groups, each group's metric and their
 * sum (an idle group reports nothing, FILL counts it as 0). Exactly one query returns data; ids start
 * lowercase (Application Signals API Reference, MetricDataQuery).
 */
function queries(id: string, parts: readonly MetricQuery[]): applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty[] {
  if (parts.length === 1) return [query(id, parts[0], true)];
  const ids = parts.map((_, i) => `${id}${i}`);
  return [...parts.map((p, i) => query(ids[i], p, false)), { id, returnData: true, expression: ids.map((i) => `FILL(${i}, 0)`).join(' + ') }];
}

function query(id: string, { metric, stat }: MetricQuery, returnData: boolean): applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty {
  return {
    id,
    returnData,
    metricStat: {
      period: MINUTE.toSeconds(),
      stat,
      metric: {
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: Object.entries(metric.dimensions ?? {}).map(([name, value]) => ({ name, value: value as string })),
      },
    },
  };
}

const pascal = (key: string) => key.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
const window = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} days` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * Request-based SLOs in CloudWatch Application Signals, one per journey, and multi-window,
 * multi-burn-rate alerting on the burn-rate metrics they publish (docs/slos.md).
 */
export class ServiceLevelObjectives extends Construct {
  public readonly views: SloView[] = [];
  /** The composite alarm every SLO page waits for: any alarm that already pages for an outage. */
  public readonly alreadyPaging: cloudwatch.CompositeAlarm;
  /** How every page outside the site-down logic waits for, and stays quiet under, `alreadyPaging`. */
  public readonly suppression: Suppression;

  constructor(scope: Construct, id: string, props: ServiceLevelObjectivesProps) {
    super(scope, id);
    const { alarms, envName, objectives } = props;
    this.alreadyPaging = alarms.suppressor('already-paging', cloudwatch.AlarmRule.anyOf(...props.alreadyPaging), {
      what: 'Some alarm that pages for an outage (site down, 5xx rate, database) is in ALARM.',
      impact: 'None by itself: while it fires, SLO and canary pages stay quiet so one outage pages once.',
      checks: ['the paging alarm that is in ALARM', 'its runbook', 'the SLO burn rates on the dashboard once it recovers'],
      runbook: 'slo-fast-burn',
    });
    const suppression: Suppression = (this.suppression = { suppressor: this.alreadyPaging, waitPeriod: SUPPRESSOR_WAIT, extensionPeriod: SUPPRESSOR_EXTENSION });

    for (const journey of journeys(props)) {
      const { key, title, objective } = journey;
      // Name: [0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z] (Application Signals API, ServiceLevelObjective).
      const sloName = `${envName}-${key}`;
      new applicationsignals.CfnServiceLevelObjective(this, `${pascal(key)}Slo`, {
        name: sloName,
        description: `${title}: ${objective.targetPercent}% of requests good over ${objective.windowDays} days; bad = ${journey.badRequest}.`,
        requestBasedSli: {
          requestBasedSliMetric: {
            totalRequestCountMetric: queries('total', journey.total),
            monitoredRequestCountMetric: journey.bad ? { badCountMetric: queries('bad', journey.bad) } : { goodCountMetric: queries('good', journey.good!) },
          },
        },
        goal: {
          attainmentGoal: objective.targetPercent,
          // The SLO shows WARNING once half of the budget is spent.
          warningThreshold: 50,
          // DurationUnit: MINUTE | HOUR | DAY | MONTH (RollingInterval).
          interval: { rollingInterval: { duration: objective.windowDays, durationUnit: 'DAY' } },
        },
        burnRateConfigurations: BURN_RATE_WINDOWS.map((lookBackWindowMinutes) => ({ lookBackWindowMinutes })),
      });

      const burnRate = (windowMinutes: number) =>
        new cloudwatch.Metric({
          namespace: SLO_NAMESPACE,
          metricName: 'BurnRate',
          dimensionsMap: { SloName: sloName, BurnRateWindowMinutes: String(windowMinutes) },
          statistic: 'Maximum',
          period: MINUTE,
          label: `${title} burn rate (${window(windowMinutes)})`,
        });
      // Rounded: 100 - 99.9 is 0.09999999999999432 in floating point.
      const budget = Math.round((100 - objective.targetPercent) * 1e6) / 1e6;
      const budgetRemaining = new cloudwatch.MathExpression({
        expression: `100 * (attainment - ${objective.targetPercent}) / ${budget}`,
        usingMetrics: {
          attainment: new cloudwatch.Metric({
            namespace: SLO_NAMESPACE,
            metricName: 'AttainmentRate',
            dimensionsMap: { SloName: sloName },
            statistic: 'Minimum',
            period: Duration.minutes(5),
          }),
        },
        period: Duration.minutes(5),
        label: `${title} error budget left (%)`,
      });
      this.views.push({ journey, sloName, budgetRemaining, burnRate });

      const checks: [string, string, string] = [
        `the "${title}" SLO on the dashboard: which window burns, since when`,
        key === 'api-latency'
          ? 'backend p95 latency, DocumentDB CPU and slow operations in the profiler log'
          : `5xx per target group and the ${key.startsWith('api') ? 'backend' : 'frontend'} log group for ERROR lines`,
        'a deployment in the last hours (roll back with rollback.yml)',
      ];
      const burnInput = (minutes: number, factor: number) =>
        alarms.input({
          name: `slo-${key}-burn-${window(minutes).replace(' days', 'd').replace(' h', 'h').replace(' min', 'm')}`,
          runbook: factor === BURN_RATE_RULES.fast.factor ? 'slo-fast-burn' : 'slo-slow-burn',
          metric: burnRate(minutes),
          threshold: factor,
          evaluationPeriods: 1,
          // No requests burn no budget.
          treatMissingData: NOT_BREACHING,
          what: `${title} burns its error budget faster than ${factor}x over ${window(minutes)}.`,
          impact: `Part of the ${title} burn-rate pair; notifies only through its composite.`,
          checks,
        });

      const { fast, slow, budget: long } = BURN_RATE_RULES;
      alarms.composite(
        `slo-${key}-fast-burn`,
        'critical',
        cloudwatch.AlarmRule.allOf(burnInput(fast.longMinutes, fast.factor), burnInput(fast.shortMinutes, fast.factor)),
        {
          what: `${title} burns its ${objective.windowDays}-day error budget over ${fast.factor}x: 1 h and 5 min windows agree (${budgetShare(fast.factor, fast.longMinutes, objective.windowDays)}% of it gone in an hour).`,
          impact: `Users are hurt now: ${journey.badRequest} at ${fast.factor} times the rate the ${objective.targetPercent}% objective allows; the budget is gone in ${daysLeft(fast.factor, objective.windowDays)}.`,
          checks,
          runbook: 'slo-fast-burn',
        },
        suppression,
      );
      const slowSeverity = objectives?.slowBurn === 'page' ? 'critical' : 'warning';
      alarms.composite(
        `slo-${key}-slow-burn`,
        slowSeverity,
        cloudwatch.AlarmRule.allOf(burnInput(slow.longMinutes, slow.factor), burnInput(slow.shortMinutes, slow.factor)),
        {
          what: `${title} burns its ${objective.windowDays}-day error budget over ${slow.factor}x: 6 h and 30 min windows agree (${budgetShare(slow.factor, slow.longMinutes, objective.windowDays)}% of it gone in 6 hours).`,
          impact: `A steady leak: ${journey.badRequest} at ${slow.factor} times the allowed rate; the budget is gone in ${daysLeft(slow.factor, objective.windowDays)}.`,
          checks,
          runbook: 'slo-slow-burn',
        },
        slowSeverity === 'critical' ? suppression : undefined,
      );
      alarms.alarm({
        name: `slo-${key}-budget-burn`,
        runbook: 'slo-budget-burn',
        severity: 'warning',
        metric: burnRate(long.longMinutes),
        threshold: long.factor,
        evaluationPeriods: 1,
        treatMissingData: NOT_BREACHING,
        what: `${title} has spent its error budget faster than ${long.factor}x over 3 days.`,
        impact: `At this pace the ${objective.targetPercent}% objective over ${objective.windowDays} days is missed; no user-visible outage now.`,
        checks: [
          `the "${title}" SLO attainment and budget on the dashboard`,
          'the changes of the last 3 days (releases, config, traffic)',
          'plan the fix as a ticket; hold risky releases until the budget recovers',
        ],
      });
    }
  }
}

/** Share of the window's budget a burn rate spends in the look-back window (%), e.g. 14.4x over 1 h of 28 days: 2.1. */
export function budgetShare(factor: number, minutes: number, windowDays: number): number {
  return Math.round((1000 * factor * minutes) / (windowDays * 1440)) / 10;
}

function daysLeft(factor: number, windowDays: number): string {
  const hours = (windowDays * 24) / factor;
  return hours < 48 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}
