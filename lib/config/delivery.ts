import { z } from 'zod';
import { deploymentMinutes, ServiceDelivery } from './delivery-timing';

// Ranges ECS accepts (ECS API reference, "CanaryConfiguration" and "LinearConfiguration"):
// canaryPercent 0.1-100 and linear stepPercent 3.0-100, both multiples of 0.1; the bake time
// between steps 0-1440 whole minutes.
export const CANARY_PERCENT = { min: 0.1, max: 100 } as const;
export const LINEAR_STEP_PERCENT = { min: 3, max: 100 } as const;
export const STEP_INTERVAL_MINUTES = { min: 0, max: 1440 } as const;
/** Bake time after the full shift; the ECS step limit (1440) is the bound kept here. */
export const BAKE_TIME_MINUTES = { min: 0, max: 1440 } as const;
/**
 * A deploy waits for every shift and bake inside `cdk deploy`, whose credentials come from the CI
 * deploy role's one-hour session (lib/stacks/github-oidc-stack.ts, maxSessionDuration): the shift
 * and bake of one service must end well inside it.
 */
export const MAX_DEPLOYMENT_MINUTES = 45;

const tenths = (bounds: { min: number; max: number }, what: string) =>
  z
    .number()
    .min(bounds.min, `${what} must be between ${bounds.min} and ${bounds.max} (%)`)
    .max(bounds.max, `${what} must be between ${bounds.min} and ${bounds.max} (%)`)
    .refine((v) => Number.isInteger(Math.round(v * 1000) / 100), { message: `${what} must be a multiple of 0.1 (%)` });

const minutes = (bounds: { min: number; max: number }, what: string) =>
  z
    .number()
    .int(`${what} must be a whole number of minutes`)
    .min(bounds.min, `${what} must be between ${bounds.min} and ${bounds.max} minutes`)
    .max(bounds.max, `${what} must be between ${bounds.min} and ${bounds.max} minutes`);

const bakeTimeMinutes = minutes(BAKE_TIME_MINUTES, 'bake time');

/** How one service's new revision replaces the old one (docs/progressive-delivery.md). */
export const serviceDeliverySchema = z.discriminatedUnion(
  'strategy',
  [
    z.strictObject({
      /** Replace tasks in place (circuit breaker and alarms roll back); no test traffic, no bake. */
      strategy: z.literal('rolling'),
    }),
    z.strictObject({
      /** Start the whole new revision, send it test traffic, then shift all production traffic at once. */
      strategy: z.literal('blueGreen'),
      bakeTimeMinutes,
    }),
    z.strictObject({
      /** Shift `canaryPercent` of production traffic, wait `canaryIntervalMinutes`, then the rest. */
      strategy: z.literal('canary'),
      canaryPercent: tenths(CANARY_PERCENT, 'canary percentage'),
      canaryIntervalMinutes: minutes(STEP_INTERVAL_MINUTES, 'canary interval'),
      bakeTimeMinutes,
    }),
    z.strictObject({
      /** Shift `stepPercent` of production traffic every `stepIntervalMinutes` until all of it has moved. */
      strategy: z.literal('linear'),
      stepPercent: tenths(LINEAR_STEP_PERCENT, 'linear step'),
      stepIntervalMinutes: minutes(STEP_INTERVAL_MINUTES, 'linear step interval'),
      bakeTimeMinutes,
    }),
  ],
  { error: 'must be {"strategy": "rolling" | "blueGreen" | "canary" | "linear", ...}' },
);

const withinDeployBudget = (delivery: ServiceDelivery, ctx: z.RefinementCtx) => {
  // A step out of range is reported on its own field; its duration would only repeat it.
  if (delivery.strategy === 'linear' && !(delivery.stepPercent >= LINEAR_STEP_PERCENT.min)) return;
  const total = deploymentMinutes(delivery);
  if (total > MAX_DEPLOYMENT_MINUTES) {
    ctx.addIssue(
      `traffic shift and bake take ${total} minutes; at most ${MAX_DEPLOYMENT_MINUTES} so the deploy ends inside the CI deploy role's 1-hour session (shorten the intervals or the bake time)`,
    );
  }
};

/** Deployment strategy per service. */
export const deliverySchema = z.strictObject({
  backend: serviceDeliverySchema.superRefine(withinDeployBudget),
  frontend: serviceDeliverySchema.superRefine(withinDeployBudget),
});

export type DeliveryConfig = z.infer<typeof deliverySchema>;
export type { ServiceDelivery };
