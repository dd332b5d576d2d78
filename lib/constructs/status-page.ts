import { Duration, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { AppFunction } from './app-function';
import { HEALTH_NAMESPACE } from './health-check';

export interface StatusPageProps {
  readonly envName: string;
  /** status.<domain> */
  readonly hostName: string;
  readonly listener: elbv2.ApplicationListener;
  readonly listenerPriority: number;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The public status page at status.<domain>: a Lambda behind the ALB serving HTML and JSON
 * computed from the health metrics and alarm history, cached for 30 s in the function.
 */
export class StatusPage extends Construct {
  public readonly function: AppFunction;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: StatusPageProps) {
    super(scope, id);
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
        ALARM_PREFIX: `${props.envName}-`,
        SITE_NAME: 'Flashcard LMS',
        CACHE_SECONDS: '30',
      },
    });
    // Neither action supports resource-level permissions.
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData', 'cloudwatch:DescribeAlarmHistory'], resources: ['*'] }));
    acknowledge(
      this.function.role!.node.tryFindChild('DefaultPolicy')!,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:GetMetricData and DescribeAlarmHistory support no resource-level permission; both only read metrics and alarm history.',
    );

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      targetType: elbv2.TargetType.LAMBDA,
      targets: [new elbTargets.LambdaTarget(this.function)],
      healthCheck: { enabled: true, path: '/health', interval: Duration.seconds(60), healthyHttpCodes: '200' },
    });
    // Only this account's load balancers may invoke (Lambda AddPermission SourceAccount); the target
    // group's ARN would be tighter but the group depends on this permission.
    this.function.node.findAll().filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission).forEach((p) => (p.sourceAccount = Stack.of(this).account));
    // The rule lives here, not under the listener, so the services stack never depends on this one.
    new elbv2.ApplicationListenerRule(this, 'StatusRoute', {
      listener: props.listener,
      priority: props.listenerPriority,
      conditions: [elbv2.ListenerCondition.hostHeaders([props.hostName])],
      targetGroups: [this.targetGroup],
    });
  }
}
