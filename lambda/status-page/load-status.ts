import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { dailyBars, historyWindow, uptimeOverDays } from './daily-history';
import { readHealthMetrics } from './health-metrics';
import { pairIncidents, readAlarmHistory } from './incidents';
import { LoadedStatus, overallStatus, SERVICES, ServiceId, ServiceReport } from './model';
import { StatusPageSettings } from './settings';
import { statusFromLatest, uptimePercent } from './uptime';

/** Reads metrics and alarm history at once and builds what the page and the JSON show. */
export async function loadStatus(cloudwatch: Pick<CloudWatchClient, 'send'>, settings: StatusPageSettings, now: Date): Promise<LoadedStatus> {
  const [metrics, history] = await Promise.all([
    readHealthMetrics(cloudwatch, settings, now),
    readAlarmHistory(cloudwatch, settings.alarmPrefix, Object.keys(settings.publicIncidents), now),
  ]);
  const { dates } = historyWindow(now);
  const services = {} as Record<ServiceId, ServiceReport>;
  for (const { id, name } of SERVICES) {
    const m = metrics[id];
    services[id] = {
      name,
      status: statusFromLatest(m.latest, now),
      last_checked: m.latest?.timestamp.toISOString() ?? null,
      uptime: { '24h': uptimePercent(m.day), '30d': uptimeOverDays(dates, m.daily, 30), '90d': uptimeOverDays(dates, m.daily, dates.length) },
      history: dailyBars(dates, m.daily),
    };
  }
  return {
    site: settings.siteName,
    environment: settings.envName,
    status: overallStatus(services),
    services,
    incidents: pairIncidents(history, settings.publicIncidents, now),
    last_updated: now.toISOString(),
  };
}
