import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { errorMessage } from '../shared/error-message';
import { Logger } from '../shared/log';
import { checkCache } from './cache-check';
import { checkDatabase, MongoPing } from './database-check';
import { checkEcs } from './ecs-check';
import { checkApi, checkWeb, Fetch, safeUrl } from './http-check';
import { publishMetrics } from './publish-metrics';
import { RedisPing } from './redis-ping';
import { runChecks } from './run-checks';
import { SecretCache } from './secret-cache';
import { HealthCheckSettings } from './settings';
import { Check, CheckName, HealthReport } from './types';

export interface HealthCheckDeps {
  readonly ecs: Pick<ECSClient, 'send'>;
  readonly docdb: Pick<DocDBClient, 'send'>;
  readonly cloudwatch: Pick<CloudWatchClient, 'send'>;
  readonly secrets: SecretCache;
  readonly mongoPing: MongoPing;
  readonly redisPing: RedisPing;
  readonly fetch: Fetch;
  readonly log: Logger;
  /** Wall clock, for the metric timestamp. @default Date.now */
  readonly now?: () => number;
  /** Monotonic clock in milliseconds, for latencies. @default performance.now */
  readonly clock?: () => number;
}

/**
 * Checks every dependency at once, logs one line per check and a summary, and publishes the
 * results as one batch of metrics. Unhealthy dependencies are results, not errors: this
 * rejects only when the metrics cannot be published.
 */
export async function runHealthCheck(settings: HealthCheckSettings, deps: HealthCheckDeps): Promise<HealthReport> {
  const timestamp = new Date((deps.now ?? Date.now)()).toISOString();
  const clock = deps.clock ?? (() => performance.now());
  const started = clock();
  const checks = new Map<CheckName, Check>([
    ['ecs', (signal) => checkEcs(deps.ecs, { cluster: settings.ecsCluster, services: settings.ecsServices }, signal)],
    [
      'database',
      (signal) =>
        checkDatabase(
          { docdb: deps.docdb, secrets: deps.secrets, ping: deps.mongoPing },
          { clusterId: settings.docdbClusterId, credentialsSecretArn: settings.databaseSecretArn, caFile: settings.docdbCaFile, timeoutMs: settings.checkTimeoutMs },
          signal,
        ),
    ],
    ['cache', (signal) => checkCache({ secrets: deps.secrets, ping: deps.redisPing }, settings.redisUrlSecretArn, signal)],
    ['api', (signal) => checkApi(deps.fetch, settings.apiHealthUrl, signal)],
    ['web', (signal) => checkWeb(deps.fetch, settings.webHealthUrl, signal)],
  ]);

  const results = await runChecks(checks, { checkTimeoutMs: settings.checkTimeoutMs, deadlineMs: settings.deadlineMs, now: clock });
  const report: HealthReport = {
    environment: settings.envName,
    timestamp,
    healthy: results.every((r) => r.healthy),
    latencyMs: Math.round(clock() - started),
    checks: results,
  };

  for (const r of results) {
    deps.log(r.healthy ? 'info' : 'warn', 'health check result', { environment: settings.envName, ...r, target: target(settings, r.check) });
  }
  const unhealthy = results.filter((r) => !r.healthy).map((r) => r.check);
  deps.log(report.healthy ? 'info' : 'warn', 'health check summary', { environment: settings.envName, healthy: report.healthy, latencyMs: report.latencyMs, unhealthy });

  try {
    await publishMetrics(deps.cloudwatch, settings.metricNamespace, report);
  } catch (err) {
    deps.log('error', 'could not publish health metrics', { namespace: settings.metricNamespace, error: errorMessage(err) });
    throw new Error(`Publishing health metrics to ${settings.metricNamespace} failed: ${errorMessage(err)}`, { cause: err });
  }
  return report;
}

/** What was checked, for the log line; never a URL with credentials. */
function target(settings: HealthCheckSettings, check: CheckName): string {
  switch (check) {
    case 'ecs':
      return `${settings.ecsCluster}: ${settings.ecsServices.join(', ')}`;
    case 'database':
      return settings.docdbClusterId;
    case 'cache':
      return 'Redis (URL from Secrets Manager)';
    case 'api':
      return safeUrl(settings.apiHealthUrl);
    case 'web':
      return safeUrl(settings.webHealthUrl);
  }
}
