import { Env, EnvReader } from '../shared/env-reader';

/** Settings of the status page, read once at cold start. */
export interface StatusPageSettings {
  /** `Environment` dimension of the health metrics, e.g. `production`. */
  readonly envName: string;
  readonly metricNamespace: string;
  /** Alarms whose names start with this are the incidents shown. */
  readonly alarmPrefix: string;
  /** When set, only these alarms (user-facing ones) become public incidents. @default every alarm with the prefix */
  readonly publicAlarms?: readonly string[];
  /** Name shown in the page title and heading. */
  readonly siteName: string;
  /** How long one CloudWatch snapshot serves every request. */
  readonly cacheMs: number;
}

export function loadSettings(env: Env): StatusPageSettings {
  const r = new EnvReader(env);
  const envName = r.required('ENV_NAME', 'the environment name, e.g. production');
  const settings: StatusPageSettings = {
    envName,
    metricNamespace: r.optional('METRIC_NAMESPACE', 'FlashcardLMS/Health'),
    // Alarm names start with the environment, so that is the natural default.
    alarmPrefix: r.optional('ALARM_PREFIX', `${envName}-`),
    siteName: r.optional('SITE_NAME', 'Flashcard LMS'),
    ...(env.PUBLIC_ALARMS === undefined ? {} : { publicAlarms: r.list('PUBLIC_ALARMS', 'a comma-separated list of alarm names') }),
    cacheMs: r.integer('CACHE_SECONDS', 30, { min: 0, max: 3600 }, 'seconds') * 1000,
  };
  r.finish('status-page');
  return settings;
}
