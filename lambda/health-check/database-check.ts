import { errorMessage } from '../shared/error-message';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { redact, secretParts } from './redact';
import { SecretCache } from './secret-cache';
import { CheckOutcome } from './types';

/**
 * Connects to the database with TLS and runs `ping`. Kept this thin so that everything
 * around it can be tested without a DocumentDB cluster.
 */
export type MongoPing = (url: string, options: MongoPingOptions) => Promise<void>;

export interface MongoPingOptions {
  /** CA bundle that must sign the server certificate (the Amazon RDS CAs for DocumentDB). */
  readonly tlsCAFile: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface DatabaseCheckSettings {
  readonly clusterId: string;
  readonly urlSecretArn: string;
  readonly caFile: string;
  /** Budget for the driver's server selection and connection. */
  readonly timeoutMs: number;
}

export interface DatabaseCheckDeps {
  readonly docdb: Pick<DocDBClient, 'send'>;
  readonly secrets: SecretCache;
  readonly ping: MongoPing;
}

/**
 * Healthy when the cluster and each of its instances are `available` and the application's
 * credentials can open a TLS connection and run `ping`. The control-plane and the connection
 * are checked at once; both must pass.
 */
export async function checkDatabase(deps: DatabaseCheckDeps, settings: DatabaseCheckSettings, signal: AbortSignal): Promise<CheckOutcome> {
  const [control, connection] = await Promise.all([
    describeCluster(deps.docdb, settings.clusterId, signal).catch((err: unknown) => ({ problems: [`DescribeDBClusters/Instances failed: ${errorMessage(err)}`], details: {} })),
    pingWithSecret(deps, settings, signal),
  ]);
  const problems = [...control.problems, ...(connection === undefined ? [] : [connection])];
  const details = { ...control.details, connection: connection === undefined ? 'ok' : 'failed' };
  return problems.length === 0 ? { healthy: true, details } : { healthy: false, reason: problems.join('; '), details };
}

async function describeCluster(docdb: Pick<DocDBClient, 'send'>, clusterId: string, signal: AbortSignal) {
  const [clusters, instances] = await Promise.all([
    docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }), { abortSignal: signal }),
    docdb.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [clusterId] }] }), { abortSignal: signal }),
  ]);
  const problems: string[] = [];
  const cluster = clusters.DBClusters?.[0];
  if (cluster === undefined) problems.push(`cluster ${clusterId} not found`);
  else if (cluster.Status !== 'available') problems.push(`cluster ${clusterId} is ${cluster.Status ?? 'in an unknown state'}`);
  const list = instances.DBInstances ?? [];
  if (list.length === 0) problems.push(`cluster ${clusterId} has no instances`);
  for (const i of list) {
    if (i.DBInstanceStatus !== 'available') problems.push(`instance ${i.DBInstanceIdentifier ?? '?'} is ${i.DBInstanceStatus ?? 'in an unknown state'}`);
  }
  const details = {
    cluster: cluster?.Status ?? 'missing',
    instances: Object.fromEntries(list.map((i) => [i.DBInstanceIdentifier ?? '?', i.DBInstanceStatus ?? 'unknown'])),
  };
  return { problems, details };
}

/** Returns a problem, or undefined when ping answered. */
async function pingWithSecret(deps: DatabaseCheckDeps, settings: DatabaseCheckSettings, signal: AbortSignal): Promise<string | undefined> {
  let url: string;
  try {
    url = await deps.secrets.get(settings.urlSecretArn, signal);
  } catch (err) {
    return `database URL ${errorMessage(err)}`;
  }
  try {
    await deps.ping(url, { tlsCAFile: settings.caFile, timeoutMs: settings.timeoutMs, signal });
    return undefined;
  } catch (err) {
    // Credentials may have been rotated: read the secret again next time.
    deps.secrets.invalidate(settings.urlSecretArn);
    return `ping failed: ${redact(errorMessage(err), secretParts(url))}`;
  }
}

