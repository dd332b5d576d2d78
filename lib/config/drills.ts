import { z } from 'zod';

/** FIS action `duration`: "from one minute to 12 hours" (AWS FIS Actions reference); a drill stays well below. */
export const DRILL_DURATION_MINUTES = { min: 1, max: 30 } as const;

const between = (min: number, max: number, unit: string) => {
  const message = `must be ${min}-${max} ${unit}`;
  return z.number().int(`must be a whole number, ${min}-${max} ${unit}`).min(min, message).max(max, message);
};

/** Fault-injection drills (docs/drills.md). */
export const drillsSchema = z.strictObject({
  /** Create the FIS experiment templates. @default true outside production, false in production */
  enabled: z.boolean().optional(),
  /** Share of backend tasks the stop-task experiment stops (FIS `PERCENT(n)` selection). @default 50 */
  stopTaskPercent: between(1, 100, '(%)').optional(),
  /** Delay the latency experiment adds to backend traffic. @default 200 */
  latencyMs: between(1, 5000, 'milliseconds').optional(),
  /** Packets the packet-loss experiment drops. @default 10 */
  packetLossPercent: between(1, 100, '(%)').optional(),
  /** How long each timed fault lasts. @default 5 */
  durationMinutes: between(DRILL_DURATION_MINUTES.min, DRILL_DURATION_MINUTES.max, 'minutes').optional(),
});

export type DrillsConfig = z.infer<typeof drillsSchema>;

/** Drill settings with every default applied. */
export interface DrillSettings {
  readonly enabled: boolean;
  readonly stopTaskPercent: number;
  readonly latencyMs: number;
  readonly packetLossPercent: number;
  readonly durationMinutes: number;
}

/** Defaults of `drills`: on in every environment but production, where a drill must be chosen. */
export function drillSettings(config: { readonly production: boolean; readonly drills?: DrillsConfig }): DrillSettings {
  const d = config.drills ?? {};
  return {
    enabled: d.enabled ?? !config.production,
    stopTaskPercent: d.stopTaskPercent ?? 50,
    latencyMs: d.latencyMs ?? 200,
    packetLossPercent: d.packetLossPercent ?? 10,
    durationMinutes: d.durationMinutes ?? 5,
  };
}

/**
 * Network faults need the SSM sidecar in the backend tasks, and the FIS aws:ecs:task actions
 * refuse tasks with ECS Exec on ("If you enabled Amazon ECS Exec, you must disable it", FIS user guide).
 */
export function networkFaultsEnabled(config: {
  readonly production: boolean;
  readonly drills?: DrillsConfig;
  readonly services: { readonly enableExecuteCommand: boolean };
}): boolean {
  return drillSettings(config).enabled && !config.services.enableExecuteCommand;
}
