import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AlarmWindow, ServiceDelivery } from '../../config/delivery-timing';

/** How a service's new revisions replace the old ones, and what checks them. */
export interface ServiceDeliveryOptions {
  /** Strategy and its parameters, from config. */
  readonly strategy: ServiceDelivery;
  /** p95 response time (s) above which a deployment rolls back (monitoring.latencyP95Seconds). */
  readonly latencyP95Seconds: number;
  /** Lifecycle hook that checks the new revision on test traffic; not used by rolling deployments. @default none */
  readonly hook?: ecs.IDeploymentLifecycleHookTarget;
}

/**
 * Periods of the deployment alarms (1-minute datapoints): 5xx for 2 minutes, unhealthy targets
 * for 3, p95 latency for 3. The rollback times of docs/progressive-delivery.md come from these.
 */
export const DEPLOYMENT_ALARM_WINDOWS = {
  errors: { periodMinutes: 1, evaluationPeriods: 2 },
  unhealthy: { periodMinutes: 1, evaluationPeriods: 3 },
  latency: { periodMinutes: 1, evaluationPeriods: 3 },
} as const satisfies Record<string, AlarmWindow>;

type StrategyProps = Pick<ecs.FargateServiceProps, 'deploymentStrategy' | 'bakeTime' | 'canaryConfiguration' | 'linearConfiguration' | 'circuitBreaker'>;

/**
 * The FargateService properties of a strategy. The deployment circuit breaker "only supports
 * rolling update and blue/green deployment types" ("Amazon ECS deployment failure detection"), so
 * canary and linear rely on the deployment alarms and the hook.
 */
export function strategyProps(delivery: ServiceDelivery): StrategyProps {
  const circuitBreaker = { enable: true, rollback: true };
  switch (delivery.strategy) {
    case 'rolling':
      return { deploymentStrategy: ecs.DeploymentStrategy.ROLLING, circuitBreaker };
    case 'blueGreen':
      // bakeTimeInMinutes is required with BLUE_GREEN (ECS API, DeploymentConfiguration).
      return { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: Duration.minutes(delivery.bakeTimeMinutes), circuitBreaker };
    case 'canary':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.CANARY,
        bakeTime: Duration.minutes(delivery.bakeTimeMinutes),
        canaryConfiguration: { stepPercent: delivery.canaryPercent, stepBakeTime: Duration.minutes(delivery.canaryIntervalMinutes) },
      };
    case 'linear':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
        bakeTime: Duration.minutes(delivery.bakeTimeMinutes),
        linearConfiguration: { stepPercent: delivery.stepPercent, stepBakeTime: Duration.minutes(delivery.stepIntervalMinutes) },
      };
  }
}

/** Rolling deployments have no test traffic to check; the others take the hook. */
export function usesTestTraffic(delivery: ServiceDelivery): boolean {
  return delivery.strategy !== 'rolling';
}
