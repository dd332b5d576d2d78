import { DeleteDBClusterSnapshotCommand, DescribeDBClusterSnapshotsCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { prunePremigrationSnapshots } from '../../../lambda/migration/prune';
import { MigrationSettings, parseMigrationSettings } from '../../../lambda/migration/settings';
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
// Parsed in a hook, not at import: a mutant that breaks parsing fails the tests, not the file.
let settings: MigrationSettings;
beforeAll(() => {
  settings = parseMigrationSettings(PROPERTIES);
});

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

describe('the retention cut-off, at and around its boundaries', () => {
  const DAY = 24 * 3600 * 1000;
  // Three newer snapshots fill the newest-N, so only age decides for the fourth.
  const newest = [snap('staging-premigration-n1', 1), snap('staging-premigration-n2', 2), snap('staging-premigration-n3', 3)];
  const aged = (ms: number) => ({ ...snap('staging-premigration-old', 0), SnapshotCreateTime: new Date(NOW.getTime() - ms) });

  test.each([
    ['one millisecond younger than 14 days: kept', 14 * DAY - 1, []],
    ['exactly 14 days old: kept', 14 * DAY, []],
    ['one millisecond older than 14 days: deleted', 14 * DAY + 1, ['staging-premigration-old']],
  ])('%s', async (_label, ageMs, expected) => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [...newest, aged(ageMs)] });
    expect(await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x')).toEqual(expected);
  });

  test('the cut-off moves with the injected clock', async () => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [...newest, aged(14 * DAY)] });
    expect(await prunePremigrationSnapshots(docdb as never, settings, new Date(NOW.getTime() + 1), 'x')).toEqual(['staging-premigration-old']);
  });

  test('the retention is the configured one', async () => {
    const week = parseMigrationSettings({ ...PROPERTIES, SnapshotRetentionDays: '7' });
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [...newest, aged(7 * DAY + 1)] });
    expect(await prunePremigrationSnapshots(docdb as never, week, NOW, 'x')).toEqual(['staging-premigration-old']);
  });
});

describe('the newest N, at and around the count', () => {
  const expired = (n: number) => Array.from({ length: n }, (_, i) => snap(`staging-premigration-${i}`, 100 + i));

  test.each([
    [2, []],
    [3, []],
    [4, ['staging-premigration-3']],
  ])('%i expired snapshots with SnapshotsToKeep 3: deleted %j', async (count, expected) => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: expired(count) });
    expect(await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x')).toEqual(expected);
  });

  test('the count is the configured one', async () => {
    const one = parseMigrationSettings({ ...PROPERTIES, SnapshotsToKeep: '1' });
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: expired(3) });
    expect(await prunePremigrationSnapshots(docdb as never, one, NOW, 'x')).toEqual(['staging-premigration-1', 'staging-premigration-2']);
  });

  test('only available snapshots count towards the newest N, and only they are pruned', async () => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [
        snap('staging-premigration-failed1', 90, 'failed'),
        snap('staging-premigration-failed2', 91, 'failed'),
        snap('staging-premigration-failed3', 92, 'failed'),
        snap('staging-premigration-a', 100),
        snap('staging-premigration-b', 101),
        snap('staging-premigration-failed-old', 300, 'failed'),
      ],
    });
    expect(await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x')).toEqual([]);
  });

  test('a snapshot without a creation time or an identifier is never deleted, and breaks nothing', async () => {
    docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [
        { ...snap('staging-premigration-undated', 0), SnapshotCreateTime: undefined },
        { ...snap('staging-premigration-undated2', 0), SnapshotCreateTime: undefined },
        snap('staging-premigration-n1', 1),
        snap('staging-premigration-n2', 2),
        snap('staging-premigration-n3', 3),
        { ...snap('unnamed', 200), DBClusterSnapshotIdentifier: undefined },
        snap('staging-premigration-old', 100),
      ],
    });
    expect(await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x')).toEqual(['staging-premigration-old']);
  });
});

test('what pruning logs: each failed deletion, then what was deleted and kept', async () => {
  const logs = captureLogs();
  docdb.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [1, 2, 3, 100, 101].map((age) => snap(`staging-premigration-${age}`, age)),
  });
  docdb.on(DeleteDBClusterSnapshotCommand, { DBClusterSnapshotIdentifier: 'staging-premigration-101' }).rejects(new Error('InvalidDBClusterSnapshotStateFault'));

  await prunePremigrationSnapshots(docdb as never, settings, NOW, 'x');

  expect(logs.map((l) => JSON.parse(l))).toEqual([
    { level: 'warn', message: 'could not delete an old pre-migration snapshot', snapshotId: 'staging-premigration-101', error: 'InvalidDBClusterSnapshotStateFault' },
    { level: 'info', message: 'pre-migration snapshots pruned', deleted: ['staging-premigration-100'], kept: 4, retentionDays: 14, keepNewest: 3 },
  ]);
});
