import { backupProblems } from '../../lib/config/invariants';

const NOW = new Date('2030-06-01T12:00:00.000Z');
type Raw = Record<string, any>;
const base = (backup: Raw, env: Raw = {}): Raw => ({
  name: 'qa',
  account: '111111111111',
  region: 'eu-west-1',
  ...env,
  backup: { dailyRetentionDays: 35, weeklyRetentionDays: null, monthlyRetentionDays: null, vaultLock: null, copyToRegion: null, ...backup },
});
const found = (backup: Raw, env: Raw = {}): string[] => backupProblems(base(backup, env), NOW).map((p) => `${p.path}=${JSON.stringify(p.value)}: ${p.message}`);

describe('retention', () => {
  test('daily points are kept at least 30 days', () => {
    expect(found({ dailyRetentionDays: 30 })).toEqual([]);
    expect(found({ dailyRetentionDays: 29 })).toEqual(['backup.dailyRetentionDays=29: daily recovery points must be kept at least 30 days']);
  });

  test('weekly outlives daily, monthly outlives weekly (or daily without weekly)', () => {
    expect(found({ dailyRetentionDays: 30, weeklyRetentionDays: 31, monthlyRetentionDays: 32 })).toEqual([]);
    expect(found({ dailyRetentionDays: 30, weeklyRetentionDays: 30 })).toEqual([
      'backup.weeklyRetentionDays=30: must be longer than dailyRetentionDays (30), or null to skip weekly backups',
    ]);
    expect(found({ dailyRetentionDays: 30, weeklyRetentionDays: 60, monthlyRetentionDays: 60 })).toEqual([
      'backup.monthlyRetentionDays=60: must be longer than the weekly and daily retention (60), or null to skip monthly backups',
    ]);
    expect(found({ dailyRetentionDays: 40, monthlyRetentionDays: 40 })).toEqual([
      'backup.monthlyRetentionDays=40: must be longer than the weekly and daily retention (40), or null to skip monthly backups',
    ]);
    expect(found({ dailyRetentionDays: 40, monthlyRetentionDays: 41 })).toEqual([]);
  });

  test('a backup that is not an object is the schema’s to report', () => {
    expect(backupProblems({ backup: null })).toEqual([]);
    expect(backupProblems({})).toEqual([]);
  });
});

describe('schedule windows', () => {
  test('the completion window is at least the start window plus an hour', () => {
    expect(found({ scheduleWindow: { startWindowHours: 2, completionWindowHours: 3 } })).toEqual([]);
    // Values the schema refuses are not compared: null would count as 0.
    expect(found({ scheduleWindow: { startWindowHours: null, completionWindowHours: 0 } })).toEqual([]);
    expect(found({ scheduleWindow: { startWindowHours: 2, completionWindowHours: 2 } })).toEqual([
      'backup.scheduleWindow.completionWindowHours=2: must be at least startWindowHours + 1 (3); AWS Backup refuses shorter completion windows',
    ]);
  });

  test('the start hour must not fall inside the DocumentDB backup window, also across midnight', () => {
    const at = (startHourUtc: number, preferredBackupWindow: string) => found({ scheduleWindow: { startHourUtc } }, { documentDb: { preferredBackupWindow } });
    const inside = (hour: number, window: string) => [
      `backup.scheduleWindow.startHourUtc=${hour}: must not fall in documentDb.preferredBackupWindow (${window}): DocumentDB refuses snapshots while its automated backup runs`,
    ];
    expect(at(3, '03:00-04:00')).toEqual(inside(3, '03:00-04:00'));
    expect(at(4, '03:00-04:00')).toEqual([]);
    expect(at(2, '02:01-04:00')).toEqual([]);
    expect(at(3, '02:59-03:01')).toEqual(inside(3, '02:59-03:01'));
    expect(at(0, '23:30-00:30')).toEqual(inside(0, '23:30-00:30'));
    expect(at(23, '23:00-00:30')).toEqual(inside(23, '23:00-00:30'));
    expect(at(22, '23:00-00:30')).toEqual([]);
    expect(at(1, '23:00-00:30')).toEqual([]);
    expect(at(3, '3:00-4:00')).toEqual([]);
    expect(at(3, 'x03:00-04:00')).toEqual([]);
    expect(at(3, '03:00-04:00x')).toEqual([]);
    // An empty window holds no hour; a wrapping one ends before its end hour.
    expect(at(3, '03:00-03:00')).toEqual([]);
    expect(at(2, '23:00-02:00')).toEqual([]);
    expect(found({ scheduleWindow: { startHourUtc: null } }, { documentDb: { preferredBackupWindow: '00:00-01:00' } })).toEqual([]);
    expect(found({ scheduleWindow: { startHourUtc: 3 } }, { documentDb: { preferredBackupWindow: ['03:00-04:00'] } })).toEqual([]);
  });
});

describe('vault lock', () => {
  const lock = (l: Raw, backup: Raw = {}) => found({ vaultLock: { mode: 'governance', changeableForDays: null, ...l }, ...backup });

  test('bounds in order, and every retention inside them', () => {
    expect(lock({ minRetentionDays: 35, maxRetentionDays: 35 })).toEqual([]);
    expect(lock({ minRetentionDays: '40', maxRetentionDays: 35 })).toEqual([]);
    expect(lock({ minRetentionDays: 36, maxRetentionDays: 35 })).toEqual([
      'backup.vaultLock.minRetentionDays=36: must not exceed maxRetentionDays (35)',
      'backup.dailyRetentionDays=35: is shorter than backup.vaultLock.minRetentionDays (36); the locked vault would refuse these recovery points',
    ]);
    expect(lock({ minRetentionDays: 1, maxRetentionDays: 34 })).toEqual([
      'backup.dailyRetentionDays=35: is longer than backup.vaultLock.maxRetentionDays (34); the locked vault would refuse these recovery points',
    ]);
    expect(lock({ minRetentionDays: 40 }, { weeklyRetentionDays: 50, monthlyRetentionDays: 39 })).toEqual([
      'backup.monthlyRetentionDays=39: must be longer than the weekly and daily retention (50), or null to skip monthly backups',
      'backup.dailyRetentionDays=35: is shorter than backup.vaultLock.minRetentionDays (40); the locked vault would refuse these recovery points',
      'backup.monthlyRetentionDays=39: is shorter than backup.vaultLock.minRetentionDays (40); the locked vault would refuse these recovery points',
    ]);
  });

  test('grace period: compliance needs one, governance takes none', () => {
    expect(lock({ mode: 'compliance', changeableForDays: 3 })).toEqual([]);
    expect(lock({ mode: 'compliance', changeableForDays: null })).toEqual([
      'backup.vaultLock.changeableForDays=null: compliance mode needs a grace period of at least 3 days (the lock cannot be undone after it)',
    ]);
    expect(lock({ mode: 'compliance', changeableForDays: undefined })).toEqual([]);
    expect(lock({ changeableForDays: undefined })).toEqual([]);
    expect(lock({ changeableForDays: 3 })).toEqual(['backup.vaultLock.changeableForDays=3: applies to compliance mode only; set null for governance mode']);
  });
});

describe('copies', () => {
  test('the copy region differs from the region', () => {
    expect(found({ copyToRegion: 'eu-west-1' })).toEqual([
      'backup.copyToRegion="eu-west-1": must differ from region (eu-west-1); a copy in the same region does not survive losing the region',
    ]);
    expect(found({ copyToRegion: 'eu-central-1' })).toEqual([]);
    expect(found({ copyToRegion: undefined }, { region: undefined })).toEqual([]);
  });

  test('an air-gapped vault: bounds in order, every retention inside them', () => {
    const gap = (min: unknown, max: unknown, backup: Raw = {}) => found({ isolation: { kind: 'logically-air-gapped', minRetentionDays: min, maxRetentionDays: max }, ...backup });
    expect(gap(35, 35)).toEqual([]);
    expect(gap('40', 36)).toEqual([]);
    expect(gap(36, 40)).toEqual(["backup.dailyRetentionDays=35: is outside backup.isolation's retention bounds (36-40 days); the air-gapped vault would refuse these copies"]);
    expect(gap(7, 34)).toEqual(["backup.dailyRetentionDays=35: is outside backup.isolation's retention bounds (7-34 days); the air-gapped vault would refuse these copies"]);
    expect(gap(40, 30)).toEqual([
      'backup.isolation.minRetentionDays=40: must not exceed maxRetentionDays (30)',
      "backup.dailyRetentionDays=35: is outside backup.isolation's retention bounds (40-30 days); the air-gapped vault would refuse these copies",
    ]);
    expect(gap(7, undefined, { weeklyRetentionDays: 6 })).toEqual([
      'backup.weeklyRetentionDays=6: must be longer than dailyRetentionDays (35), or null to skip weekly backups',
      "backup.weeklyRetentionDays=6: is outside backup.isolation's retention bounds (7-undefined days); the air-gapped vault would refuse these copies",
    ]);
    expect(found({ isolation: { kind: 'separate-account', minRetentionDays: 40, maxRetentionDays: 30 } })).toEqual([]);
  });

  test('a vault of another account', () => {
    const arn = (account: string) => `arn:aws:backup:eu-west-1:${account}:backup-vault:dr`;
    expect(found({ isolation: { kind: 'separate-account', vaultArn: arn('111111111111') } })).toEqual([
      `backup.isolation.vaultArn="${arn('111111111111')}": must be a vault of another account than 111111111111; a copy in the same account falls with it`,
    ]);
    expect(found({ isolation: { kind: 'separate-account', vaultArn: arn('222222222222') } })).toEqual([]);
    expect(found({ isolation: { kind: 'logically-air-gapped', vaultArn: arn('111111111111') } })).toEqual([]);
  });
});

describe('restore testing', () => {
  test('the selection window fits in the daily retention', () => {
    expect(found({ restoreTesting: { selectionWindowDays: 35 } })).toEqual([]);
    expect(found({ restoreTesting: { selectionWindowDays: 36 } })).toEqual(['backup.restoreTesting.selectionWindowDays=36: must not exceed dailyRetentionDays (35)']);
    // A daily retention under a day is the schema's to report.
    expect(found({ dailyRetentionDays: 1, restoreTesting: { selectionWindowDays: 2 } })).toContain(
      'backup.restoreTesting.selectionWindowDays=2: must not exceed dailyRetentionDays (1)',
    );
    expect(found({ dailyRetentionDays: 0, restoreTesting: { selectionWindowDays: 1 } })).toEqual([
      'backup.dailyRetentionDays=0: daily recovery points must be kept at least 30 days',
    ]);
  });
});

describe('production', () => {
  const prod = (backup: Raw) => found(backup, { production: true, documentDb: { deletionProtection: true } });
  const complete = { weeklyRetentionDays: 90, monthlyRetentionDays: 365, vaultLock: { mode: 'governance', changeableForDays: null }, copyToRegion: 'eu-central-1' };

  test('a lock, a copy region, weekly and monthly points', () => {
    expect(prod(complete)).toEqual([]);
    expect(prod({})).toEqual([
      'backup.vaultLock=null: production needs a vault lock (mode "governance" or "compliance") so recovery points cannot be deleted early',
      'backup.copyToRegion=null: production needs a disaster-recovery region to copy recovery points to, e.g. "eu-central-1"',
      'backup.weeklyRetentionDays=null: production needs weekly recovery points',
      'backup.monthlyRetentionDays=null: production needs monthly recovery points',
    ]);
    expect(prod({ ...complete, dailyRetentionDays: 'x', weeklyRetentionDays: null, monthlyRetentionDays: null })).toEqual([]);
  });

  test('restore tests at least monthly: the month field of the cron is "*"', () => {
    expect(prod({ ...complete, restoreTesting: { scheduleExpression: 'cron(0 7 1 * ? *)' } })).toEqual([]);
    expect(prod({ ...complete, restoreTesting: { scheduleExpression: 'cron(0 7 1 1,7 ? *)' } })).toEqual([
      'backup.restoreTesting.scheduleExpression="cron(0 7 1 1,7 ? *)": production must test restores at least monthly: the month field must be "*", e.g. "cron(0 7 1 * ? *)"',
    ]);
    expect(prod({ ...complete, restoreTesting: { scheduleExpression: 'cron(0 7 1 1,7 ?)' } })).toEqual([]);
    expect(found({ restoreTesting: { scheduleExpression: 'cron(0 7 1 1,7 ? *)' } })).toEqual([]);
  });
});
