import { CreateDBInstanceCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { idFromArn } from '../report';

/** Every temporary instance is named with this prefix; its IAM permissions are scoped to it. */
export const PROBE_INSTANCE_PREFIX = 'restore-probe-';
/** DocumentDB instance identifiers: at most 63 characters. */
const MAX_INSTANCE_ID = 63;

export interface InstanceSettings {
  /** Class of the temporary instance, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /** Tags of the temporary instance. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Result of the prepare step: the instance was created, or why it was not. */
export interface Prepared {
  readonly clusterId: string;
  readonly instanceId: string;
  readonly created: boolean;
  /** Why no instance was created (the restore test fails with it). */
  readonly problem?: string;
}

/** Where an instance is, as the wait loops see it. */
export type InstancePhase = 'available' | 'pending' | 'failed' | 'gone';

export interface InstanceState {
  readonly instanceId: string;
  /** DocumentDB status, or `not-found`. */
  readonly status: string;
  readonly phase: InstancePhase;
}

/** Statuses an instance passes through on its way to `available`. */
const PENDING = new Set([
  'creating',
  'backing-up',
  'configuring-enhanced-monitoring',
  'configuring-log-exports',
  'modifying',
  'rebooting',
  'starting',
  'upgrading',
  'maintenance',
  'renaming',
]);

export function clusterIdOf(clusterArn: string): string | undefined {
  return idFromArn(clusterArn, ':cluster:');
}

/**
 * The temporary instance of a restored cluster: the prefix plus the end of the cluster id (the
 * unique part), so retries and the cleanup find the same instance from the cluster ARN alone.
 */
export function probeInstanceId(clusterId: string): string {
  const tail = clusterId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(-(MAX_INSTANCE_ID - PROBE_INSTANCE_PREFIX.length))
    .replace(/^-+|-+$/g, '');
  return `${PROBE_INSTANCE_PREFIX}${tail === '' ? 'cluster' : tail}`;
}

function errorName(e: unknown): string | undefined {
  return (e as { name?: string }).name;
}

/** Checks the restored cluster is available and encrypted, then adds the temporary instance. */
export async function prepareProbeInstance(docdb: DocDBClient, clusterArn: string, settings: InstanceSettings): Promise<Prepared> {
  const clusterId = clusterIdOf(clusterArn);
  if (clusterId === undefined) return { clusterId: '', instanceId: '', created: false, problem: `${clusterArn} is not a DocumentDB cluster ARN` };
  const instanceId = probeInstanceId(clusterId);
  const notCreated = (problem: string): Prepared => ({ clusterId, instanceId, created: false, problem });

  const { DBClusters: clusters = [] } = await docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  const cluster = clusters[0];
  if (!cluster) return notCreated(`restored cluster ${clusterId} was not found`);
  if (cluster.Status !== 'available') return notCreated(`restored cluster ${clusterId} is "${cluster.Status}", expected "available"`);
  if (cluster.StorageEncrypted !== true) return notCreated(`restored cluster ${clusterId} is not encrypted at rest`);

  try {
    await docdb.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: instanceId,
        DBClusterIdentifier: clusterId,
        DBInstanceClass: settings.instanceClass,
        Engine: 'docdb',
        Tags: Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  } catch (e) {
    // A retried step finds the instance it created the first time.
    if (errorName(e) !== 'DBInstanceAlreadyExistsFault') throw e;
  }
  return { clusterId, instanceId, created: true };
}

/** Status of the temporary instance while it is being created. */
export async function describeProbeInstance(docdb: DocDBClient, instanceId: string): Promise<InstanceState> {
  // An empty identifier would describe every instance of the account; another one is not ours.
  if (!instanceId?.startsWith(PROBE_INSTANCE_PREFIX)) throw new Error(`"${instanceId}" is not a restore probe instance identifier (expected ${PROBE_INSTANCE_PREFIX}...)`);
  try {
    const { DBInstances: instances = [] } = await docdb.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }));
    const status = instances[0]?.DBInstanceStatus;
    if (status === undefined) return { instanceId, status: 'not-found', phase: 'gone' };
    const phase: InstancePhase = status === 'available' ? 'available' : PENDING.has(status) ? 'pending' : 'failed';
    return { instanceId, status, phase };
  } catch (e) {
    if (errorName(e) === 'DBInstanceNotFoundFault') return { instanceId, status: 'not-found', phase: 'gone' };
    throw e;
  }
}

/**
 * Deletes the temporary instance of a restored cluster if it exists; called again on every poll
 * until it is gone. An instance that cannot be deleted yet (still creating, modifying) is
 * `pending` and the delete is retried on the next call.
 */
export async function ensureProbeInstanceDeleted(docdb: DocDBClient, clusterArn: string): Promise<InstanceState> {
  const clusterId = clusterIdOf(clusterArn);
  if (clusterId === undefined) return { instanceId: '', status: 'not-found', phase: 'gone' };
  const instanceId = probeInstanceId(clusterId);
  const current = await describeProbeInstance(docdb, instanceId);
  if (current.phase === 'gone') return current;
  if (current.status === 'deleting') return { ...current, phase: 'pending' };
  try {
    await docdb.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instanceId }));
    return { instanceId, status: 'deleting', phase: 'pending' };
  } catch (e) {
    if (errorName(e) === 'DBInstanceNotFoundFault') return { instanceId, status: 'not-found', phase: 'gone' };
    if (errorName(e) === 'InvalidDBInstanceStateFault') return { ...current, phase: 'pending' };
    throw e;
  }
}
