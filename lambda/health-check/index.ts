import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { log } from '../shared/log';
import { runHealthCheck } from './health-check';
import { mongoPing } from './mongo-ping';
import { redisPing } from './redis-ping';
import { SecretCache } from './secret-cache';
import { loadSettings } from './settings';
import { HealthReport } from './types';

// Read once per cold start: bad settings fail the init with every problem named.
const settings = loadSettings(process.env);

// Module scope so that clients and cached secrets outlive one invocation.
const deps = {
  ecs: new ECSClient({}),
  docdb: new DocDBClient({}),
  cloudwatch: new CloudWatchClient({}),
  secrets: new SecretCache(new SecretsManagerClient({}), settings.secretCacheMs),
  mongoPing,
  redisPing,
  fetch: globalThis.fetch,
  log,
};

/** Scheduled every minute by EventBridge; the event carries nothing the checks need. */
export const handler = async (): Promise<HealthReport> => runHealthCheck(settings, deps);
