import { DeleteDBClusterSnapshotCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { errorMessage, log } from '../shared/log';
import { premigrationPrefix } from './naming';
import { MigrationSettings } from './settings';
import { listManualSnapshots } from './snapshot';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes this environment's pre-migration snapshots older than the retention, always keeping
 * the newest `snapshotsToKeep` available ones and `protectedId` (the current run's). Other
 * manual snapshots of the cluster are never touched. A failed deletion is logged, not fatal:
 * the migration itself succeeded.
 */
export async function prunePremigrationSnapshots(docdb: DocDBClient, s: MigrationSettings, now: Date, protectedId: string): Promise<string[]> {
  const prefix = premigrationPrefix(s.envName);
  const ours = (await listManualSnapshots(docdb, s.clusterId))
    .filter((snap) => snap.DBClusterSnapshotIdentifier?.startsWith(prefix) === true && snap.Status === 'available')
    .sort((a, b) => (b.SnapshotCreateTime?.getTime() ?? 0) - (a.SnapshotCreateTime?.getTime() ?? 0));
  const cutoff = now.getTime() - s.snapshotRetentionDays * DAY_MS;
  const expired = ours
    .slice(s.snapshotsToKeep)
    .filter((snap) => snap.SnapshotCreateTime !== undefined && snap.SnapshotCreateTime.getTime() < cutoff)
    .map((snap) => snap.DBClusterSnapshotIdentifier as string)
    .filter((id) => id !== protectedId);

  const deleted: string[] = [];
  for (const id of expired) {
    try {
      await docdb.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: id }));
      deleted.push(id);
    } catch (error) {
      log('warn', 'could not delete an old pre-migration snapshot', { snapshotId: id, error: errorMessage(error) });
    }
  }
  log('info', 'pre-migration snapshots pruned', { deleted, kept: ours.length - deleted.length, retentionDays: s.snapshotRetentionDays, keepNewest: s.snapshotsToKeep });
  return deleted;
}
