import { CreateDBClusterSnapshotCommand, DescribeDBClusterSnapshotsCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { errorName } from '../shared/log';

/** Starts a manual cluster snapshot; tags say why it exists and which image it preceded. */
export async function createSnapshot(docdb: DocDBClient, clusterId: string, snapshotId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  await docdb.send(
    new CreateDBClusterSnapshotCommand({
      DBClusterIdentifier: clusterId,
      DBClusterSnapshotIdentifier: snapshotId,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

/** `creating`, `available`, `failed`, ... or `missing`. */
export async function snapshotStatus(docdb: DocDBClient, snapshotId: string): Promise<string> {
  try {
    const out = await docdb.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: snapshotId }));
    return out.DBClusterSnapshots?.[0]?.Status ?? 'missing';
  } catch (error) {
    if (errorName(error) === 'DBClusterSnapshotNotFoundFault') return 'missing';
    throw error;
  }
}

/** A bound on an endless Marker, not an AWS limit: 100 pages of up to 100 snapshots (the default page size). */
export const MAX_SNAPSHOT_PAGES = 100;

/** The manual snapshots of `clusterId`, every page. */
export async function listManualSnapshots(docdb: DocDBClient, clusterId: string) {
  const all = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
    const out = await docdb.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: clusterId, SnapshotType: 'manual', Marker: marker }));
    all.push(...(out.DBClusterSnapshots ?? []));
    marker = out.Marker;
    if (marker === undefined || marker === '') return all;
  }
  throw new Error(`DescribeDBClusterSnapshots for ${clusterId} still returned a Marker after ${MAX_SNAPSHOT_PAGES} pages; stopped rather than loop`);
}
