import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { OFF_HOURS_STEPS, OffHoursWindow, stepTime } from '../../config/off-hours';

export interface OffHoursScheduleProps {
  /** Environment name, the prefix of the schedule names. */
  readonly envName: string;
  /** Working hours; the services scale on the same window (FargateAppService `offHours`). */
  readonly window: OffHoursWindow;
  /** Identifier of the DocumentDB cluster that stops outside working hours. */
  readonly docdbClusterId: string;
  /** Alarms whose actions pause while the environment is off. */
  readonly silenced: readonly cloudwatch.AlarmBase[];
  /**
   * Alarms the stop puts in ALARM: set back to OK after the start, so one that is still broken
   * notifies again (resumed actions alone never fire for an alarm already in ALARM).
   */
  readonly reevaluated: readonly cloudwatch.AlarmBase[];
  /** Synthetics canary that runs only in working hours (it would fail, and cost, while the site is off). @default none */
  readonly canaryName?: string;
}

/** DisableAlarmActions / EnableAlarmActions take at most 100 names (CloudWatch API Reference, "AlarmNames"). */
export const ALARM_NAMES_PER_CALL = 100;

/** Name of an alarm made here: the literal name of its CloudFormation resource. */
export function alarmNameOf(alarm: cloudwatch.AlarmBase): string {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm;
  if (typeof cfn.alarmName !== 'string') throw new Error(`Alarm ${alarm.node.path} needs an explicit name for the off-hours schedule`);
  return cfn.alarmName;
}

/**
 * EventBridge Scheduler schedules with universal targets ("Using universal targets":
 * arn:aws:scheduler:::aws-sdk:<service>:<apiAction>, Input = the API's request) that, on the
 * working days in the window's time zone: silence the alarms before the services scale to zero,
 * stop DocumentDB after them, start it before them, resume the alarms once everything runs and
 * re-check the alarms the stop tripped. A stopped cluster starts by itself after seven days
 * ("Stopping and starting an Amazon DocumentDB cluster"): at least one working day a week starts
 * it earlier.
 */
export class OffHoursSchedule extends Construct {
  /** Role every schedule assumes. */
  public readonly role: iam.Role;
  /** The schedules, by step. */
  public readonly schedules: scheduler.CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: OffHoursScheduleProps) {
    super(scope, id);
    const { partition, region, account } = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: `Flashcard LMS ${props.envName}: off-hours schedule (DocumentDB stop/start, alarm actions)`,
      // Confused deputy: only this account's schedules ("Set up the execution role", EventBridge Scheduler).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
    });
    const alarmArn = (name: string) => `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name}`;
    const silenced = props.silenced.map(alarmNameOf);
    const reevaluated = props.reevaluated.map(alarmNameOf);
    // DocumentDB's control plane is the RDS API: its IAM actions are rds:*.
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['rds:StartDBCluster', 'rds:StopDBCluster'], resources: [`arn:${partition}:rds:${region}:${account}:cluster:${props.docdbClusterId}`] }),
    );
    if (silenced.length > 0) {
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions'], resources: silenced.map(alarmArn) }));
    }
    if (reevaluated.length > 0) this.role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:SetAlarmState'], resources: reevaluated.map(alarmArn) }));

    if (props.canaryName !== undefined) {
      // StopCanary / StartCanary take the canary's name (CloudWatch Synthetics API Reference); a stopped canary keeps its schedule.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['synthetics:StartCanary', 'synthetics:StopCanary'],
          resources: [`arn:${partition}:synthetics:${region}:${account}:canary:${props.canaryName}`],
        }),
      );
      const canary = { Name: props.canaryName };
      this.schedule(props, 'StopCanary', 'stop-canary', 'stopCanary', 'synthetics', 'stopCanary', canary);
      this.schedule(props, 'StartCanary', 'start-canary', 'startCanary', 'synthetics', 'startCanary', canary);
    }

    const database = { DBClusterIdentifier: props.docdbClusterId };
    this.schedule(props, 'StopDatabase', 'stop-database', 'stopDatabase', 'docdb', 'stopDBCluster', database);
    this.schedule(props, 'StartDatabase', 'start-database', 'startDatabase', 'docdb', 'startDBCluster', database);
    chunks(silenced, ALARM_NAMES_PER_CALL).forEach((names, i) => {
      this.schedule(props, `SilenceAlarms${i + 1}`, `silence-alarms-${i + 1}`, 'silenceAlarms', 'cloudwatch', 'disableAlarmActions', { AlarmNames: names });
      this.schedule(props, `ResumeAlarms${i + 1}`, `resume-alarms-${i + 1}`, 'resumeAlarms', 'cloudwatch', 'enableAlarmActions', { AlarmNames: names });
    });
    reevaluated.forEach((name, i) =>
      this.schedule(props, `Recheck${i + 1}`, `recheck-${i + 1}`, 'reevaluateAlarms', 'cloudwatch', 'setAlarmState', {
        AlarmName: name,
        StateValue: 'OK',
        StateReason: 'Off-hours schedule: the environment has started; the alarm evaluates afresh',
      }),
    );
  }

  private schedule(props: OffHoursScheduleProps, id: string, name: string, step: keyof typeof OFF_HOURS_STEPS, service: string, action: string, input: object): void {
    const { hour, minute } = stepTime(props.window, step);
    this.schedules.push(
      new scheduler.CfnSchedule(this, id, {
        name: `${props.envName}-off-hours-${name}`,
        description: `Flashcard LMS ${props.envName}: ${action} (off-hours schedule, docs/off-hours.md)`,
        // Exactly on time: alarms are silenced just before the services stop and resumed just after they start.
        flexibleTimeWindow: { mode: 'OFF' },
        scheduleExpression: `cron(${minute} ${hour} ? * ${props.window.days.join(',')} *)`,
        scheduleExpressionTimezone: props.window.timezone,
        target: {
          arn: `arn:${Stack.of(this).partition}:scheduler:::aws-sdk:${service}:${action}`,
          roleArn: this.role.roleArn,
          input: JSON.stringify(input),
          retryPolicy: { maximumEventAgeInSeconds: 900, maximumRetryAttempts: 5 },
        },
      }),
    );
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
