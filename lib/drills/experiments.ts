/**
 * The FIS experiment templates of an environment: the contract between the templates the
 * drills stack creates and the runner that starts them (it finds a template by its tags).
 */
export const EXPERIMENTS = ['stop-backend-tasks', 'backend-network-latency', 'backend-packet-loss', 'cache-az-power', 'az-power-interruption'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** Tag naming the experiment on its template; with `Environment` it identifies one template. */
export const DRILL_TAG = 'Drill';

/** Alarm names (`<env>-<suffix>`) whose ALARM state stops every experiment of the environment. */
export const SITE_STOP_ALARMS = ['site-down', 'alb-5xx-rate'] as const;

/** Further stop alarms of the experiments that impair the backend. */
export const BACKEND_STOP_ALARMS = ['backend-5xx-rate'] as const;

/** The FIS log group of an environment. */
export function experimentLogGroupName(envName: string): string {
  return `/flashcard-lms/${envName}/fis-experiments`;
}
