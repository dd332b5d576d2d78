import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { GITHUB } from '../../config/github';
import { PUBLIC_NOTICES, PublicNotice } from './public-incidents';

export type Severity = 'critical' | 'warning';

/** What an on-call engineer needs from the page alone. */
export interface Runbook {
  /** What broke, in one sentence. */
  readonly what: string;
  /** Who or what is affected, and how badly. */
  readonly impact: string;
  /** The first three things to check, in order. */
  readonly checks: readonly [string, string, string];
  /** File of the full runbook, `docs/runbooks/<runbook>.md`; its URL ends the description. */
  readonly runbook: string;
}

/** Where runbooks are read: the default branch on GitHub, so the link in a page never depends on config. */
export const RUNBOOK_BASE_URL = `https://github.com/${GITHUB.repository}/blob/main/docs/runbooks`;

/** Stable URL of a runbook file under docs/runbooks/. */
export function runbookUrl(runbook: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(runbook)) throw new Error(`Runbook "${runbook}" must be a kebab-case file name under docs/runbooks/, without .md`);
  return `${RUNBOOK_BASE_URL}/${runbook}.md`;
}

/** AlarmDescription: "Length Constraints: Minimum length of 0. Maximum length of 1024" (CloudWatch API Reference, MetricAlarm; PutCompositeAlarm the same). */
export const ALARM_DESCRIPTION_MAX = 1024;

export interface AlarmSpec extends Runbook {
  /** Stable suffix; the alarm is named `<env>-<name>`. */
  readonly name: string;
  readonly severity: Severity;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** @default GREATER_THAN_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** Chosen per alarm: what silence means for this signal. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** An alarm that fires when a metric leaves the band CloudWatch anomaly detection learned for it. */
export interface AnomalyAlarmSpec extends Runbook {
  /** Stable suffix; the alarm is named `<env>-<name>`. */
  readonly name: string;
  readonly severity: Severity;
  /** The metric whose band CloudWatch learns. */
  readonly metric: cloudwatch.IMetric;
  /** Width of the band in standard deviations. */
  readonly stdDevs: number;
  /** LESS_THAN_LOWER_THRESHOLD for drops, GREATER_THAN_UPPER_THRESHOLD for rises. */
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** Periods outside the band, all of them, before it fires. */
  readonly evaluationPeriods: number;
  /** Chosen per alarm: what silence means for this signal. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** A composite page held back while another alarm already pages for the same failure. */
export interface Suppression {
  /** While this alarm is in ALARM the composite sends nothing. */
  readonly suppressor: cloudwatch.IAlarm;
  /** How long the composite waits for the suppressor to fire before it pages. */
  readonly waitPeriod: Duration;
  /** How long it keeps quiet after the suppressor recovered. */
  readonly extensionPeriod: Duration;
}

export interface AlarmFactoryProps {
  /** Environment name, the prefix of every alarm name. */
  readonly envName: string;
  /** Topic of the alarms that page. */
  readonly critical: sns.ITopic;
  /** Topic of the alarms that wait for working hours. */
  readonly warning: sns.ITopic;
  /** Console URL of the environment's dashboard, quoted in every description. */
  readonly dashboardUrl: string;
}

/** Formats the runbook text every alarm carries, ending with the link to its runbook file. */
export function runbookText(runbook: Runbook, severity: Severity, dashboardUrl: string): string {
  const text = [
    `[${severity.toUpperCase()}] ${runbook.what}`,
    `Impact: ${runbook.impact}`,
    `First checks: 1) ${runbook.checks[0]} 2) ${runbook.checks[1]} 3) ${runbook.checks[2]}`,
    `Dashboard: ${dashboardUrl}`,
    `Runbook: ${runbookUrl(runbook.runbook)}`,
  ].join('\n');
  if (text.length > ALARM_DESCRIPTION_MAX) throw new Error(`Alarm description is ${text.length} characters; CloudWatch allows ${ALARM_DESCRIPTION_MAX}: ${runbook.what}`);
  return text;
}

/**
 * Makes alarms the same way everywhere: named `<env>-<name>`, a runbook description, alarm
 * and OK actions on the topic of their severity.
 */
export class AlarmFactory extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly compositeAlarms: cloudwatch.CompositeAlarm[] = [];
  /** Every alarm that pages (critical topic), in creation order. */
  public readonly paging: cloudwatch.AlarmBase[] = [];
  /** Alarm name to what the public status page says about it (PUBLIC_NOTICES, by purpose). */
  public readonly publicNotices: Record<string, PublicNotice> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AlarmFactoryProps,
  ) {
    super(scope, id);
  }

  public topicFor(severity: Severity): sns.ITopic {
    return severity === 'critical' ? this.props.critical : this.props.warning;
  }

  public alarm(spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = this.metricAlarm(spec, runbookText(spec, spec.severity, this.props.dashboardUrl));
    this.addActions(alarm, spec.severity);
    this.alarms.push(alarm);
    if (PUBLIC_NOTICES[spec.name] !== undefined) this.publicNotices[`${this.props.envName}-${spec.name}`] = PUBLIC_NOTICES[spec.name];
    return alarm;
  }

  /** An alarm without actions, as an input of a composite alarm; it never notifies by itself. */
  public input(spec: Omit<AlarmSpec, 'severity'>): cloudwatch.Alarm {
    return this.metricAlarm(spec, runbookText(spec, 'warning', this.props.dashboardUrl).replace(/^\[WARNING\]/, '[INPUT, never notifies]'));
  }

  private metricAlarm(spec: Omit<AlarmSpec, 'severity'>, alarmDescription: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, spec.name, {
      alarmName: `${this.props.envName}-${spec.name}`,
      alarmDescription,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
    });
  }

  public composite(name: string, severity: Severity, rule: cloudwatch.IAlarmRule, runbook: Runbook, suppression?: Suppression): cloudwatch.CompositeAlarm {
    const alarm = new cloudwatch.CompositeAlarm(this, name, {
      compositeAlarmName: `${this.props.envName}-${name}`,
      alarmDescription: runbookText(runbook, severity, this.props.dashboardUrl),
      alarmRule: rule,
      actionsSuppressor: suppression?.suppressor,
      actionsSuppressorWaitPeriod: suppression?.waitPeriod,
      actionsSuppressorExtensionPeriod: suppression?.extensionPeriod,
    });
    this.addActions(alarm, severity);
    this.compositeAlarms.push(alarm);
    return alarm;
  }

  /** A composite without actions that only suppresses the actions of others (Suppression). */
  public suppressor(name: string, rule: cloudwatch.IAlarmRule, runbook: Runbook): cloudwatch.CompositeAlarm {
    return new cloudwatch.CompositeAlarm(this, name, {
      compositeAlarmName: `${this.props.envName}-${name}`,
      alarmDescription: runbookText(runbook, 'warning', this.props.dashboardUrl).replace(/^\[WARNING\]/, '[INPUT, never notifies]'),
      alarmRule: rule,
    });
  }

  /** An anomaly-detection alarm ("Using CloudWatch anomaly detection": a band of stdDevs around the learned model). */
  public anomaly(spec: AnomalyAlarmSpec): cloudwatch.AnomalyDetectionAlarm {
    const alarm = new cloudwatch.AnomalyDetectionAlarm(this, spec.name, {
      alarmName: `${this.props.envName}-${spec.name}`,
      alarmDescription: runbookText(spec, spec.severity, this.props.dashboardUrl),
      metric: spec.metric,
      stdDevs: spec.stdDevs,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
    });
    this.addActions(alarm, spec.severity);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Adds alarm and OK actions to an alarm made elsewhere (e.g. deployment alarms). */
  public adopt(alarm: cloudwatch.Alarm, severity: Severity): void {
    this.addActions(alarm, severity);
  }

  private addActions(alarm: cloudwatch.AlarmBase, severity: Severity): void {
    const action = new actions.SnsAction(this.topicFor(severity));
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    if (severity === 'critical') this.paging.push(alarm);
  }
}
