import { DayBar } from './daily-history';

/** Overall state, as in the plan's status endpoint. */
export type OverallStatus = 'operational' | 'degraded' | 'major_outage';

/**
 * Per service: from the latest `Healthy` datapoint. `unknown` means no datapoint in the
 * last few minutes (the health check itself is not reporting).
 */
export type ServiceStatus = 'operational' | 'degraded' | 'outage' | 'unknown';

export type ServiceId = 'api' | 'web' | 'database' | 'cache';

/** The services shown, in order; `id` is also the health-check `Check` dimension value. */
export const SERVICES: readonly { readonly id: ServiceId; readonly name: string }[] = [
  { id: 'api', name: 'API' },
  { id: 'web', name: 'Web app' },
  { id: 'database', name: 'Database' },
  { id: 'cache', name: 'Cache' },
];

export interface ServiceReport {
  readonly name: string;
  readonly status: ServiceStatus;
  /** Time of the latest datapoint, or null when there is none in the last 24 hours. */
  readonly last_checked: string | null;
  /** Percent of health checks that passed; null without data. 30 and 90 days are whole UTC days, today included. */
  readonly uptime: { readonly '24h': number | null; readonly '30d': number | null; readonly '90d': number | null };
  /** One bar per UTC day of the last 90, oldest first, today last. */
  readonly history: readonly DayBar[];
}

/** A public incident: the configured title and text of its alarm, never the alarm's name or reason. */
export interface Incident {
  /** Stable across refreshes (the feed's entry id and the page anchor); reveals no alarm name. */
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly start: string;
  /** null while the alarm is still in ALARM. */
  readonly end: string | null;
  readonly ongoing: boolean;
  /** The alarm went off before the 7-day window; `start` is then the window's start. */
  readonly started_before_window: boolean;
}

export interface StatusSnapshot {
  readonly site: string;
  readonly environment: string;
  readonly status: OverallStatus;
  readonly services: Readonly<Record<ServiceId, ServiceReport>>;
  /** Newest first, from the last 7 days. */
  readonly incidents: readonly Incident[];
  readonly last_updated: string;
  /** True when CloudWatch could not be read and this is the last good snapshot. */
  readonly stale: boolean;
}

/** What one CloudWatch read builds; whether it is stale is the cache's to say. */
export type LoadedStatus = Omit<StatusSnapshot, 'stale'>;

/**
 * major_outage when the API or the web app is down (users cannot study); degraded when any
 * service is down, flapping or not reporting; otherwise operational. Missing data never
 * counts as an outage: it more likely means the health check itself stopped.
 */
export function overallStatus(services: Readonly<Record<ServiceId, { readonly status: ServiceStatus }>>): OverallStatus {
  if (services.api.status === 'outage' || services.web.status === 'outage') return 'major_outage';
  return Object.values(services).every((s) => s.status === 'operational') ? 'operational' : 'degraded';
}
