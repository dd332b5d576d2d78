/**
 * How long a deployment shifts and bakes, and how long a bad one takes to roll back, from the
 * strategy's parameters and the deployment alarms' periods (docs/progressive-delivery.md).
 */

export type ServiceDelivery =
  | { readonly strategy: 'rolling' }
  | { readonly strategy: 'blueGreen'; readonly bakeTimeMinutes: number }
  | { readonly strategy: 'canary'; readonly canaryPercent: number; readonly canaryIntervalMinutes: number; readonly bakeTimeMinutes: number }
  | { readonly strategy: 'linear'; readonly stepPercent: number; readonly stepIntervalMinutes: number; readonly bakeTimeMinutes: number };

/** One deployment alarm as ECS watches it. */
export interface AlarmWindow {
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
}

/** ALB metrics reach CloudWatch about a minute after the requests. */
export const METRIC_DELAY_MINUTES = 1;
/**
 * Rolling back a rolling deployment starts tasks of the old revision: Fargate start and image
 * pull (~1 min), the 60 s health-check grace period, 2 healthy checks 10 s apart and 30 s slow
 * start, then 30 s deregistration of the bad tasks.
 */
export const TASK_REPLACE_MINUTES = 4;
/** Shifting traffic back to the blue revision is one listener-rule change after ECS sees the alarm. */
export const TRAFFIC_SWITCH_MINUTES = 1;

/**
 * Steps after the first shift of a linear deployment, as CloudFormation counts them
 * ("AWS::ECS::Service LinearConfiguration"): 100/step - 1 when step divides 100, else floor(100/step).
 */
export function linearSteps(stepPercent: number): number {
  const ratio = Math.round((100 / stepPercent) * 1e9) / 1e9;
  return Number.isInteger(ratio) ? ratio - 1 : Math.floor(ratio);
}

/** Minutes between the first production shift and the end of the bake time (0 for rolling). */
export function shiftMinutes(delivery: ServiceDelivery): number {
  switch (delivery.strategy) {
    case 'rolling':
    case 'blueGreen':
      return 0;
    case 'canary':
      return delivery.canaryIntervalMinutes;
    case 'linear':
      return linearSteps(delivery.stepPercent) * delivery.stepIntervalMinutes;
  }
}

/** Shift plus bake: what CloudFormation waits for after the new tasks are up. */
export function deploymentMinutes(delivery: ServiceDelivery): number {
  return delivery.strategy === 'rolling' ? 0 : shiftMinutes(delivery) + delivery.bakeTimeMinutes;
}

export interface RollbackEstimate {
  /** Until the fastest deployment alarm is in ALARM. */
  readonly detectMinutes: number;
  /** From the alarm until users are back on the old revision. */
  readonly restoreMinutes: number;
  readonly totalMinutes: number;
  /** Share of production traffic on the bad revision when the alarm fires (%). */
  readonly exposedPercent: number;
  /** How long after the shift starts ECS can still roll back by itself (alarms, StopServiceDeployment). */
  readonly nativeRollbackWindowMinutes: number;
}

/** Time to roll back a bad revision that fails from its first request, by the fastest alarm. */
export function rollbackEstimate(delivery: ServiceDelivery, alarms: readonly AlarmWindow[]): RollbackEstimate {
  if (alarms.length === 0) throw new Error('rollbackEstimate needs at least one deployment alarm');
  const detectMinutes = Math.min(...alarms.map((a) => a.periodMinutes * a.evaluationPeriods)) + METRIC_DELAY_MINUTES;
  const restoreMinutes = delivery.strategy === 'rolling' ? TASK_REPLACE_MINUTES : TRAFFIC_SWITCH_MINUTES;
  return {
    detectMinutes,
    restoreMinutes,
    totalMinutes: detectMinutes + restoreMinutes,
    exposedPercent: exposedPercent(delivery, detectMinutes),
    nativeRollbackWindowMinutes: delivery.strategy === 'rolling' ? TASK_REPLACE_MINUTES : deploymentMinutes(delivery),
  };
}

function exposedPercent(delivery: ServiceDelivery, detectMinutes: number): number {
  switch (delivery.strategy) {
    case 'canary':
      return detectMinutes <= delivery.canaryIntervalMinutes ? delivery.canaryPercent : 100;
    case 'linear': {
      // An interval of 0 shifts every step at once: the division gives Infinity shifts.
      const shifts = 1 + Math.floor(detectMinutes / delivery.stepIntervalMinutes);
      return Math.min(100, Math.round(shifts * delivery.stepPercent * 10) / 10);
    }
    default:
      // Rolling and blue/green move all traffic at once.
      return 100;
  }
}
