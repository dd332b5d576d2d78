import { HEALTH_NAMESPACE } from '../../lib/contracts';
import { Env, EnvReader } from '../shared/env-reader';
import { PublicNotice, readPublicIncidents } from './public-incidents';

/** Settings of the status page, read once at cold start. */
export interface StatusPageSettings {
  /** `Environment` dimension of the health metrics, e.g. `production`. */
  readonly envName: string;
  readonly metricNamespace: string;
  /** Every public alarm's name starts with this: the environment's alarms, the only ones the function may read. */
  readonly alarmPrefix: string;
  /** The alarms shown as incidents, with the title and text users see. @default none */
  readonly publicIncidents: Readonly<Record<string, PublicNotice>>;
  /** Name shown in the page title and heading. */
  readonly siteName: string;
  /** How long one CloudWatch snapshot serves every request. */
  readonly cacheMs: number;
  /** Public address of the page, e.g. `https://status.example.com`: the feed's links and ids are absolute. */
  readonly pageUrl: string;
}

export function loadSettings(env: Env): StatusPageSettings {
  const r = new EnvReader(env);
  const envName = r.required('ENV_NAME', 'the environment name, e.g. production');
  // Alarm names start with the environment, so that is the natural default.
  const alarmPrefix = r.optional('ALARM_PREFIX', `${envName}-`);
  if (env.PUBLIC_ALARMS !== undefined) r.problem('PUBLIC_ALARMS is no longer read (expected PUBLIC_INCIDENTS: alarm name to the title and text users see)');
  const settings: StatusPageSettings = {
    envName,
    metricNamespace: r.optional('METRIC_NAMESPACE', HEALTH_NAMESPACE),
    alarmPrefix,
    publicIncidents: readPublicIncidents(env, r, alarmPrefix),
    siteName: r.optional('SITE_NAME', 'Flashcard LMS'),
    cacheMs: r.integer('CACHE_SECONDS', 30, { min: 0, max: 3600 }, 'seconds') * 1000,
    pageUrl: r.url('PAGE_URL', ['https:'], 'the public https address of this page, e.g. https://status.example.com').replace(/\/+$/, ''),
  };
  r.finish('status-page');
  return settings;
}
