import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { log } from '../shared/log';
import { loadStatus } from './load-status';
import { loadSettings } from './settings';
import { SnapshotCache } from './snapshot-cache';
import { handleRequest } from './status-page';

// Read once per cold start: bad settings fail the init with every problem named.
const settings = loadSettings(process.env);
const cloudwatch = new CloudWatchClient({});
const now = (): number => Date.now();

// Module scope: one snapshot serves every request this instance handles for CACHE_SECONDS.
const cache = new SnapshotCache(() => loadStatus(cloudwatch, settings, new Date(now())), settings.cacheMs, now);

/** ALB Lambda target for https://status.<domain>. */
export const handler = async (event: ALBEvent): Promise<ALBResult> => handleRequest(event, { snapshot: () => cache.get(), log, now, pageUrl: settings.pageUrl });
