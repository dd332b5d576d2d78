import { errorMessage } from '../shared/error-message';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { classifyMongoError } from './mongo-error';
import { redact } from './redact';
import { SecretCache } from './secret-cache';
import { CheckOutcome } from './types';

/**
 * Connects to the database with TLS and runs `ping`. Kept this thin so that everything
 * around it can be tested without a DocumentDB cluster.
 */
export type MongoPing = (target: MongoTarget, options: MongoPingOptions) => Promise<void>;

/** Where and as whom to connect: the health check's read-only user. */
export interface MongoTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

export interface MongoPingOptions {
  /** CA bundle that must sign the server certificate (the Amazon RDS CAs for DocumentDB). */
  readonly tlsCAFile: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface DatabaseCheckSettings {
  readonly clusterId: string;
  /** JSON `{username, password, host, port}` of the read-only user. */
  readonly credentialsSecretArn: string;
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
 * Healthy when the cluster and each of its instances are `available` and the health check's
 * read-only user can open a TLS connection and run `ping`. The control-plane and the connection
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
  let target: MongoTarget;
  try {
    target = parseTarget(await deps.secrets.get(settings.credentialsSecretArn, signal));
  } catch (err) {
    return `database credentials ${errorMessage(err)}`;
  }
  try {
    await deps.ping(target, { tlsCAFile: settings.caFile, timeoutMs: settings.timeoutMs, signal });
    return undefined;
  } catch (err) {
    // Credentials may have been rotated: read the secret again next time.
    deps.secrets.invalidate(settings.credentialsSecretArn);
    return `ping failed: ${redact(classifyMongoError(err).reason, [target.password, encodeURIComponent(target.password)])}`;
  }
}

/** The fields of the user's secret (as Secrets Manager's DocumentDB rotation keeps them); names the missing ones, never a value. */
export function parseTarget(secret: string): MongoTarget {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('secret is not a JSON object (expected {"username", "password", "host", "port"})');
  }
  const r = parsed as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? r[k] : undefined);
  const port = typeof r.port === 'number' ? r.port : typeof r.port === 'string' && /^\d+$/.test(r.port) ? Number(r.port) : undefined;
  const missing = [...['username', 'password', 'host'].filter((k) => text(k) === undefined), ...(port === undefined || port < 1 || port > 65535 ? ['port'] : [])];
  if (missing.length > 0) throw new Error(`secret lacks ${missing.map((k) => `"${k}"`).join(', ')} (expected {"username", "password", "host", "port"})`);
  return { host: text('host')!, port: port!, username: text('username')!, password: text('password')! };
}
