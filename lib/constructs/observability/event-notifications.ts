import { Stack } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AccountPinnedSnsTarget } from './account-pinned-sns-target';

export interface EventNotificationsProps {
  readonly envName: string;
  readonly ecsClusterName: string;
  readonly docdbClusterId: string;
  readonly warning: sns.ITopic;
}

/**
 * Events that are not metrics: ECS deployments that failed or were rolled back by the circuit
 * breaker, and DocumentDB cluster events such as failovers. They notify the warning topic
 * (ECS has already rolled back; DocumentDB fails over by itself).
 */
export class EventNotifications extends Construct {
  public readonly deploymentFailures: events.Rule;
  /** Rollbacks of any strategy (docs/progressive-delivery.md). */
  public readonly deploymentRollbacks: events.Rule;

  constructor(scope: Construct, id: string, props: EventNotificationsProps) {
    super(scope, id);
    const { partition, region, account } = Stack.of(this);
    this.deploymentFailures = new events.Rule(this, 'EcsDeploymentFailed', {
      ruleName: `${props.envName}-ecs-deployment-failed`,
      description: `ECS deployments of ${props.envName} that failed or were rolled back by the circuit breaker`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Deployment State Change'],
        resources: events.Match.prefix(`arn:${partition}:ecs:${region}:${account}:service/${props.ecsClusterName}/`),
        detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
      },
      targets: [
        new AccountPinnedSnsTarget(props.warning, {
          message: events.RuleTargetInput.fromMultilineText(
            [
              `[WARNING] ECS deployment failed in ${props.envName}: ${events.EventField.fromPath('$.resources[0]')}`,
              `Reason: ${events.EventField.fromPath('$.detail.reason')}`,
              'Impact: the new version is not serving; ECS rolled back to the previous task definition (circuit breaker).',
              'First checks: 1) stopped-task reasons in the service events 2) the service log group for start-up errors 3) the deployment alarms (5xx, unhealthy targets).',
            ].join('\n'),
          ),
        }),
      ],
    });

    // SERVICE_DEPLOYMENT_FAILED comes only with the circuit breaker, which canary and linear
    // deployments do not have; every rollback starts a deployment whose reason says it rolls back
    // ("Amazon ECS service deployment state change events").
    this.deploymentRollbacks = new events.Rule(this, 'EcsDeploymentRolledBack', {
      ruleName: `${props.envName}-ecs-deployment-rolled-back`,
      description: `ECS deployments of ${props.envName} rolled back by an alarm, a lifecycle hook or by hand, every strategy`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Deployment State Change'],
        resources: events.Match.prefix(`arn:${partition}:ecs:${region}:${account}:service/${props.ecsClusterName}/`),
        detail: { eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: events.Match.wildcard('*olling back*') },
      },
      targets: [
        new AccountPinnedSnsTarget(props.warning, {
          message: events.RuleTargetInput.fromMultilineText(
            [
              `[WARNING] ECS deployment rolling back in ${props.envName}: ${events.EventField.fromPath('$.resources[0]')}`,
              `Reason: ${events.EventField.fromPath('$.detail.reason')}`,
              'Impact: the new version failed a deployment alarm or the smoke-check hook; users go back to the previous revision.',
              'First checks: 1) the deployment alarms (5xx, unhealthy targets, p95) 2) the deploy-hook log group 3) the service log group of the new revision.',
            ].join('\n'),
          ),
        }),
      ],
    });

    new docdb.CfnEventSubscription(this, 'DocumentDbClusterEvents', {
      subscriptionName: `${props.envName}-docdb-cluster-events`,
      snsTopicArn: props.warning.topicArn,
      sourceType: 'db-cluster',
      sourceIds: [props.docdbClusterId],
      eventCategories: ['failover', 'failure', 'maintenance', 'notification'],
      enabled: true,
    });
  }
}
