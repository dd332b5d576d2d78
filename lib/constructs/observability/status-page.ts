import { Duration, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { MAX_PUBLIC_ALARMS, MAX_TEXT, MAX_TITLE } from '../../../lambda/status-page/public-incidents';
import { acknowledge } from '../../nag';
import { AppFunction } from '../service/app-function';
import { HEALTH_NAMESPACE } from './health-check';
import { PublicNotice } from './public-incidents';

export interface StatusPageProps {
  readonly envName: string;
  /** status.<domain> */
  readonly hostName: string;
  readonly listener: elbv2.ApplicationListener;
  readonly listenerPriority: number;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
  /**
   * Reserved concurrency: an unauthenticated flood is throttled here instead of taking the
   * account's concurrency from the other functions (each instance serves a 30 s cached snapshot).
   * The account must keep 100 unreserved ("Configuring reserved concurrency for a function", AWS Lambda).
   * @default 10
   */
  readonly reservedConcurrency?: number;
}

/** Alarms this page may read: the environment's own (`<env>-...`). */
export const statusPageAlarmPrefix = (envName: string): string => `${envName}-`;

/**
 * The public status page at status.<domain>: a Lambda behind the ALB serving HTML, JSON and an
 * Atom feed of incidents computed from the health metrics (90 days of daily bars) and alarm
 * history, cached for 30 s in the function.
 */
export class StatusPage extends Construct {
  public readonly function: AppFunction;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  private readonly envName: string;

  constructor(scope: Construct, id: string, props: StatusPageProps) {
    super(scope, id);
    this.envName = props.envName;
    const reserved = props.reservedConcurrency ?? 10;
    if (!Number.isInteger(reserved) || reserved < 1 || reserved > 100) {
      throw new Error(`StatusPage ${props.envName}: reservedConcurrency is ${reserved} (expected a whole number from 1 to 100)`);
    }
    this.function = new AppFunction(this, 'Function', {
      source: 'status-page',
      functionName: `${props.envName}-flashcard-lms-status-page`,
      description: 'Public status page (HTML and /status.json) from health metrics and alarm history',
      timeout: Duration.seconds(10),
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      environment: {
        ENV_NAME: props.envName,
        METRIC_NAMESPACE: HEALTH_NAMESPACE,
        ALARM_PREFIX: statusPageAlarmPrefix(props.envName),
        SITE_NAME: 'Flashcard LMS',
        CACHE_SECONDS: '30',
        // Absolute links and ids in the Atom feed.
        PAGE_URL: `https://${props.hostName}`,
      },
    });
    (this.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = reserved;

    const { partition, region, account } = Stack.of(this);
    // GetMetricData has no resource-level permission.
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadHealthMetrics', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    // DescribeAlarmHistory takes alarm ARNs (Service Authorization Reference, Amazon CloudWatch); the code also filters by name.
    const ownAlarms = `arn:${partition}:cloudwatch:${region}:${account}:alarm:${statusPageAlarmPrefix(props.envName)}*`;
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadOwnAlarmHistory', actions: ['cloudwatch:DescribeAlarmHistory'], resources: [ownAlarms] }));
    const policy = this.function.role!.node.tryFindChild('DefaultPolicy')!;
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', 'cloudwatch:GetMetricData supports no resource-level permission; it only reads metrics.');
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::${ownAlarms}]`,
      "Alarm history of this environment's alarms only (named <env>-...); the function asks for its public alarms by name.",
    );

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      targetType: elbv2.TargetType.LAMBDA,
      targets: [new elbTargets.LambdaTarget(this.function)],
      healthCheck: { enabled: true, path: '/health', interval: Duration.seconds(60), healthyHttpCodes: '200' },
    });
    // Only this account's load balancers may invoke (Lambda AddPermission SourceAccount); the target
    // group's ARN would be tighter but the group depends on this permission.
    this.function.node
      .findAll()
      .filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission)
      .forEach((p) => (p.sourceAccount = Stack.of(this).account));
    // The rule lives here, not under the listener, so the services stack never depends on this one.
    new elbv2.ApplicationListenerRule(this, 'StatusRoute', {
      listener: props.listener,
      priority: props.listenerPriority,
      conditions: [elbv2.ListenerCondition.hostHeaders([props.hostName])],
      targetGroups: [this.targetGroup],
    });
  }

  /**
   * The alarms shown as public incidents, with the title and text users read; validated here so
   * a bad notice fails the synthesis, not the page.
   */
  public showIncidents(notices: Readonly<Record<string, PublicNotice>>): void {
    const prefix = statusPageAlarmPrefix(this.envName);
    const problems: string[] = [];
    const names = Object.keys(notices);
    if (names.length > MAX_PUBLIC_ALARMS) problems.push(`${names.length} public alarms (at most ${MAX_PUBLIC_ALARMS})`);
    for (const [name, n] of Object.entries(notices)) {
      if (!name.startsWith(prefix)) problems.push(`alarm "${name}" does not start with "${prefix}": the page may read only this environment's alarms`);
      if (n.title.trim() === '' || n.title.length > MAX_TITLE) problems.push(`title of "${name}" is ${n.title.length} characters (expected 1 to ${MAX_TITLE})`);
      if (n.text.trim() === '' || n.text.length > MAX_TEXT) problems.push(`text of "${name}" is ${n.text.length} characters (expected 1 to ${MAX_TEXT})`);
    }
    if (problems.length > 0) throw new Error(`StatusPage ${this.envName} incidents:\n - ${problems.join('\n - ')}`);
    this.function.addEnvironment('PUBLIC_INCIDENTS', JSON.stringify(notices));
  }
}
