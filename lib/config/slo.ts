import { z } from 'zod';
import { KNOWN_REGIONS } from './regions';

/**
 * Burn-rate alert pairs of the Google SRE workbook ("Alerting on SLOs", multiwindow, multi-burn-rate):
 * 14.4x over 1 h confirmed by 5 min, 6x over 6 h confirmed by 30 min, 1x over 3 days.
 */
export const BURN_RATE_RULES = {
  fast: { factor: 14.4, longMinutes: 60, shortMinutes: 5 },
  slow: { factor: 6, longMinutes: 360, shortMinutes: 30 },
  budget: { factor: 1, longMinutes: 4320 },
} as const;

/**
 * A 14.4x burn is impossible when 14.4 x (100 - target) exceeds 100%: the fast-burn page could never
 * fire. 100 - 100 / 14.4 = 93.06, so targets start at 93.1%.
 */
const MIN_TARGET = 93.1;
const MAX_TARGET = 99.99;

const target = z
  .number()
  .min(MIN_TARGET, `must be ${MIN_TARGET}-${MAX_TARGET} (%): below ${MIN_TARGET} a 14.4x burn rate cannot happen and the fast-burn page never fires`)
  .max(MAX_TARGET, `must be ${MIN_TARGET}-${MAX_TARGET} (%): above ${MAX_TARGET} the error budget is too small to measure on per-minute metrics`);

// The workbook's factors are for a 30-day window; between 7 and 30 days they stay meaningful.
const windowDays = z.number().int('must be a whole number of days').min(7, 'must be 7-30 days').max(30, 'must be 7-30 days');

const objective = z.strictObject({
  /** Share of good requests (%) the objective promises, e.g. 99.9. */
  targetPercent: target,
  /** Rolling window the objective and its error budget cover. */
  windowDays,
});

/** Service level objectives per user-facing journey (docs/slos.md). */
export const sloSchema = z.strictObject({
  /** API requests that do not answer 5xx. */
  apiAvailability: objective,
  /** API requests answered within `thresholdSeconds`. */
  apiLatency: objective.extend({
    /** A request slower than this counts against the objective. */
    thresholdSeconds: z.number().min(0.05, 'must be 0.05-30 s').max(30, 'must be 0.05-30 s'),
  }),
  /** Web app requests that do not answer 5xx. */
  webAvailability: objective,
  /** What a 6x burn over 6 hours does: `page` (critical topic) or `warn` (warning topic). */
  slowBurn: z.enum(['page', 'warn'], { error: 'must be "page" or "warn"' }),
});

/** A CloudWatch Synthetics canary that walks the site's journey from outside (docs/slos.md#canary). */
export const canarySchema = z.strictObject({
  /** Minutes between runs. */
  everyMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be 1-60 minutes').max(60, 'must be 1-60 minutes'),
  /** A second region to run the same canary from (with its own alarm topic there); null runs it only in the environment's region. */
  secondRegion: z.enum(KNOWN_REGIONS as [string, ...string[]], { error: 'must be a commercial AWS region, e.g. eu-central-1' }).nullable(),
});

export type SloConfig = z.infer<typeof sloSchema>;
export type CanaryConfig = z.infer<typeof canarySchema>;
export type ObjectiveConfig = z.infer<typeof objective>;

/** 99.9% over 28 days for each journey, 95% of API requests under 1 s; a slow burn pages only in production. */
export function defaultSlos(production: boolean): SloConfig {
  return {
    apiAvailability: { targetPercent: 99.9, windowDays: 28 },
    apiLatency: { targetPercent: 99, windowDays: 28, thresholdSeconds: 1 },
    webAvailability: { targetPercent: 99.9, windowDays: 28 },
    slowBurn: production ? 'page' : 'warn',
  };
}

/** Every 5 minutes from the environment's region. */
export const DEFAULT_CANARY: CanaryConfig = { everyMinutes: 5, secondRegion: null };
