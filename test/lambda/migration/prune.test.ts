import { DeleteDBClusterSnapshotCommand, DescribeDBClusterSnapshotsCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { prunePremigrationSnapshots } from '../../../lambda/migration/prune';
import { parseMigrationSettings } from '../../../lambda/migration/settings';
import { captureLogs, PROPERTIES } from './fixtures';

const docdb = mockClient(DocDBClient);
const NOW = new Date(Date.UTC(2025, 5, 30, 12, 0, 0));
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);
const snap = (id: string, ageDays: number, Status = 'available') => ({
  DBClusterSnapshotIdentifier: id,
  DBClusterIdentifier: 'staging-flashcard-lms',
  SnapshotType: 'manual',
  Status,
  SnapshotCreateTime: daysAgo(ageDays),
});

// SnapshotRetentionDays 14, SnapshotsToKeep 3.
const settings = parseMigrationSettings(PROPERTIES);

beforeEach(() => {
  docdb.reset();
  captureLogs();
  docdb.on(DeleteDBClusterSnapshotCommand).resolves({});
});

const deletedIds = () => docdb.commandCalls(DeleteDBClusterSnapshotCommand).map((c) => c.args[0].input.DBClusterSnapshotIdentifier);

test('deletes only our expired snapshots beyond the newest 3; other manual snapshots are never touched', async () => {
  docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [
      snap('staging-premigration-v5-a', 0),
      snap('staging-premigration-v4-a', 20),
      snap('staging-premigration-v3-a', 30),
      snap('staging-premigration-v2-a', 40),
      snap('staging-premigration-v1-a', 50),
      snap('staging-premigration-v0-a', 1, 'creating'),
      snap('manual-before-upgrade', 400),
      snap('staging2-premigration-v1-a', 400),
      snap('production-premigration-v1-a', 400),
    ],
  });

  const deleted = await prunePremigrationSnapshots(docdb as never, settings, NOW, 'staging-premigration-v5-a');

  expect(deleted).toEqual(['staging-premigration-v2-a', 'staging-premigration-v1-a']);
  expect(deletedIds()).toEqual(['staging-premigration-v2-a', 'staging-premigration-v1-a']);
  expect(docdb.commandCalls(DescribeDBClusterSnapshotsCommand)[0].args[0].input).toEqual({
    DBClusterIdentifier: 'staging-flashcard-lms',
    SnapshotType: 'manual',
    Marker: undefined,
  });
});

test('keeps the newest N even when all are past the retention', async () => {
  docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [snap('staging-premigration-a', 100), snap('staging-premigration-b', 90), snap('staging-premigration-c', 80), snap('staging-premigration-d', 70)],
  });

  await prunePremigrationSnapshots(docdb as never, settings, NOW, 'staging-premigration-x');

  expect(deletedIds()).toEqual(['staging-premigration-a']);
});

test('keeps everything younger than the retention, however many', async () => {
  docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [1, 2, 3, 4, 5, 6, 13].map((age) => snap(`staging-premigration-${age}`, age)),
  });

  expect(await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x')).toEqual([]);
});

test('reads every page, and a failed deletion does not stop the others', async () => {
  docdb
    .on(DescribeDBClusterSnapshotsCommand)
    .resolvesOnce({ DBClusterSnapshots: [snap('staging-premigration-1', 1), snap('staging-premigration-2', 2), snap('staging-premigration-3', 3)], Marker: 'page2' })
    .resolvesOnce({ DBClusterSnapshots: [snap('staging-premigration-30', 30), snap('staging-premigration-31', 31)] });
  docdb.on(DeleteDBClusterSnapshotCommand, { DBClusterSnapshotIdentifier: 'staging-premigration-30' }).rejects(new Error('InvalidDBClusterSnapshotStateFault'));

  const deleted = await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x');

  expect(docdb.commandCalls(DescribeDBClusterSnapshotsCommand)[1].args[0].input.Marker).toBe('page2');
  expect(deletedIds()).toEqual(['staging-premigration-30', 'staging-premigration-31']);
  expect(deleted).toEqual(['staging-premigration-31']);
});

test('never deletes the snapshot of the current run, even past the retention and beyond the newest N', async () => {
  // Listed in no particular order: the newest are found by creation time, not by position.
  docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [
      snap('staging-premigration-c', 3),
      snap('staging-premigration-current', 20),
      snap('staging-premigration-a', 1),
      snap('staging-premigration-old', 30),
      snap('staging-premigration-b', 2),
    ],
  });

  const deleted = await prunePremigrationSnapshots(docdb as never, settings, NOW, 'staging-premigration-current');

  expect(deleted).toEqual(['staging-premigration-old']);
  expect(deletedIds()).toEqual(['staging-premigration-old']);
});
