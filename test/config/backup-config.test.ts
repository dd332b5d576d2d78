import { backupProblems } from '../../lib/config/invariants';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { validateEnvironment } from '../../lib/config';
import { problemsWith } from '../helpers/configs';

describe('built-in backup config', () => {
  test('staging and production are valid', () => {
    expect(problemsWith('staging', {})).toEqual([]);
    expect(problemsWith('production', {})).toEqual([]);
  });
});

describe('schema', () => {
  test('backup is required', () => {
    const { backup: _omitted, ...withoutBackup } = STAGING;
    expect(validateEnvironment(withoutBackup, 'staging').problems).toEqual(['staging: backup: must be an object (got missing)']);
  });

  test('backup is strict, with clear field messages', () => {
    expect(problemsWith('staging', { backup: { scheduleWindow: { startHourUtc: 24, startWindowHours: 0, completionWindowHours: 4 }, dailyRetentionDays: 0, extra: 1 } })).toEqual([
      'staging: backup.scheduleWindow.startHourUtc: must be an hour from 0 to 23 (UTC) (got 24)',
      'staging: backup.scheduleWindow.startWindowHours: backup start window must be between 1 and 24 hours (got 0)',
      'staging: backup.dailyRetentionDays: daily backup retention must be between 1 and 36500 days (got 0)',
      'staging: backup.extra: is not a known field; remove it or check its spelling (got 1)',
      'staging: backup.dailyRetentionDays: daily recovery points must be kept at least 30 days (got 0)',
    ]);
  });

  test('vault lock, copy region and restore testing fields', () => {
    expect(
      problemsWith('staging', {
        backup: {
          vaultLock: { mode: 'strict', minRetentionDays: 1, maxRetentionDays: 100, changeableForDays: 1 },
          copyToRegion: 'mars-north-1',
          restoreTesting: { scheduleExpression: 'rate(30 days)', validationWindowHours: 200 },
        },
      }),
    ).toEqual([
      'staging: backup.vaultLock.mode: must be "governance" or "compliance" (got "strict")',
      'staging: backup.vaultLock.changeableForDays: AWS Backup needs at least 3 days of grace before a compliance lock sets (got 1)',
      'staging: backup.copyToRegion: must be a commercial AWS region, e.g. eu-west-1 (got "mars-north-1")',
      'staging: backup.restoreTesting.scheduleExpression: must be a six-field UTC cron expression, e.g. "cron(0 6 1 * ? *)" (got "rate(30 days)")',
      'staging: backup.restoreTesting.validationWindowHours: restore test validation window must be between 1 and 168 hours (got 200)',
    ]);
  });
});

describe('cross-field rules', () => {
  test('retention must fit the vault lock bounds and grow from daily to monthly', () => {
    expect(
      problemsWith('production', {
        backup: { dailyRetentionDays: 31, weeklyRetentionDays: 30, monthlyRetentionDays: 500, vaultLock: { minRetentionDays: 35, maxRetentionDays: 400 } },
      }),
    ).toEqual([
      'production: backup.weeklyRetentionDays: must be longer than dailyRetentionDays (31), or null to skip weekly backups (got 30)',
      'production: backup.dailyRetentionDays: is shorter than backup.vaultLock.minRetentionDays (35); the locked vault would refuse these recovery points (got 31)',
      'production: backup.weeklyRetentionDays: is shorter than backup.vaultLock.minRetentionDays (35); the locked vault would refuse these recovery points (got 30)',
      'production: backup.monthlyRetentionDays: is longer than backup.vaultLock.maxRetentionDays (400); the locked vault would refuse these recovery points (got 500)',
    ]);
  });

  test('lock bounds, grace period per mode, copy region, windows', () => {
    expect(
      problemsWith('staging', {
        region: 'eu-west-1',
        backup: {
          scheduleWindow: { startHourUtc: 2, startWindowHours: 4, completionWindowHours: 4 },
          vaultLock: { mode: 'governance', minRetentionDays: 60, maxRetentionDays: 10, changeableForDays: 3 },
          copyToRegion: 'eu-west-1',
        },
      }),
    ).toEqual([
      'staging: backup.scheduleWindow.completionWindowHours: must be at least startWindowHours + 1 (5); AWS Backup refuses shorter completion windows (got 4)',
      'staging: backup.scheduleWindow.startHourUtc: must not fall in documentDb.preferredBackupWindow (02:00-03:00): DocumentDB refuses snapshots while its automated backup runs (got 2)',
      'staging: backup.vaultLock.minRetentionDays: must not exceed maxRetentionDays (10) (got 60)',
      'staging: backup.dailyRetentionDays: is shorter than backup.vaultLock.minRetentionDays (60); the locked vault would refuse these recovery points (got 30)',
      'staging: backup.dailyRetentionDays: is longer than backup.vaultLock.maxRetentionDays (10); the locked vault would refuse these recovery points (got 30)',
      'staging: backup.vaultLock.changeableForDays: applies to compliance mode only; set null for governance mode (got 3)',
      'staging: backup.copyToRegion: must differ from region (eu-west-1); a copy in the same region does not survive losing the region (got "eu-west-1")',
    ]);
  });

  test('production needs a lock, a DR region, weekly and monthly points and a monthly restore test', () => {
    expect(
      problemsWith('production', {
        backup: { vaultLock: null, copyToRegion: null, weeklyRetentionDays: null, monthlyRetentionDays: null, restoreTesting: { scheduleExpression: 'cron(0 7 1 1 ? *)' } },
      }),
    ).toEqual([
      'production: backup.vaultLock: production needs a vault lock (mode "governance" or "compliance") so recovery points cannot be deleted early (got null)',
      'production: backup.copyToRegion: production needs a disaster-recovery region to copy recovery points to, e.g. "eu-central-1" (got null)',
      'production: backup.weeklyRetentionDays: production needs weekly recovery points (got null)',
      'production: backup.monthlyRetentionDays: production needs monthly recovery points (got null)',
      'production: backup.restoreTesting.scheduleExpression: production must test restores at least monthly: the month field must be "*", e.g. "cron(0 7 1 * ? *)" (got "cron(0 7 1 1 ? *)")',
    ]);
  });

  test('compliance mode needs a grace period; restore tests must pick points the vault still keeps', () => {
    expect(
      problemsWith('staging', {
        backup: { vaultLock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 60, changeableForDays: null }, restoreTesting: { selectionWindowDays: 31 } },
      }),
    ).toEqual([
      'staging: backup.vaultLock.changeableForDays: compliance mode needs a grace period of at least 3 days (the lock cannot be undone after it) (got null)',
      'staging: backup.restoreTesting.selectionWindowDays: must not exceed dailyRetentionDays (30) (got 31)',
    ]);
  });
});

describe('restore', () => {
  test('a snapshot name, a snapshot ARN of this account and region, or a past point in time are accepted', () => {
    expect(problemsWith('staging', { backup: { restore: { generation: 1, fromSnapshot: 'pre-migration-2026-01-10' } } })).toEqual([]);
    expect(problemsWith('staging', { backup: { restore: { generation: 1, fromSnapshot: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:pre-migration' } } })).toEqual([]);
    expect(problemsWith('production', { backup: { restore: { generation: 2, pointInTime: '2025-01-10T08:30:00Z', sourceClusterId: 'production-flashcard-lms' } } })).toEqual([]);
    expect(
      problemsWith('production', { backup: { restore: { generation: 1, pointInTime: 'latest', sourceClusterId: 'production-flashcard-lms', restoreType: 'copy-on-write' } } }),
    ).toEqual([]);
  });

  test('needs exactly one source', () => {
    expect(problemsWith('staging', { backup: { restore: { generation: 1 } } })).toEqual([
      'staging: backup.restore: set exactly one of fromSnapshot (a cluster snapshot) or pointInTime (with sourceClusterId) (got {"generation":1})',
    ]);
    expect(problemsWith('staging', { backup: { restore: { generation: 1, fromSnapshot: 'snap', pointInTime: 'latest', sourceClusterId: 'staging-flashcard-lms' } } })).toEqual([
      'staging: backup.restore: set exactly one of fromSnapshot (a cluster snapshot) or pointInTime (with sourceClusterId) (got {"generation":1,"fromSnapshot":"snap","pointInTime":"latest","sourceClusterId...)',
      'staging: backup.restore.sourceClusterId: applies to pointInTime only; a snapshot already names its cluster (got "staging-flashcard-lms")',
    ]);
  });

  test('refuses malformed values', () => {
    expect(problemsWith('staging', { backup: { restore: { generation: 0, fromSnapshot: 'arn:aws:s3:::bucket', restoreType: 'clone' } } })).toEqual([
      'staging: backup.restore.generation: must be a whole number from 1 to 99 (got 0)',
      'staging: backup.restore.fromSnapshot: must be a DocumentDB cluster snapshot name or an arn:aws:rds:<region>:<account>:cluster-snapshot:<name> ARN (got "arn:aws:s3:::bucket")',
      'staging: backup.restore.restoreType: must be "full-copy" or "copy-on-write" (got "clone")',
      'staging: backup.restore.restoreType: applies to pointInTime only (got "clone")',
    ]);
    expect(problemsWith('staging', { backup: { restore: { generation: 1, pointInTime: 'yesterday', sourceClusterId: 'bad--id' } } })).toEqual([
      'staging: backup.restore.pointInTime: must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ" (got "yesterday")',
      'staging: backup.restore.sourceClusterId: must be a DocumentDB cluster identifier (a letter, then letters, digits and single hyphens, at most 63, not ending with "-") (got "bad--id")',
    ]);
  });

  test('refuses unsafe combinations', () => {
    expect(problemsWith('staging', { backup: { restore: { generation: 1, pointInTime: 'latest' } } })).toEqual([
      'staging: backup.restore.sourceClusterId: pointInTime needs the cluster to restore from, e.g. "staging-flashcard-lms" (got missing)',
    ]);
    expect(problemsWith('staging', { backup: { restore: { generation: 3, pointInTime: 'latest', sourceClusterId: 'staging-flashcard-lms-restored-3' } } })).toEqual([
      'staging: backup.restore.sourceClusterId: is the cluster this restore creates; raise generation (3) or restore from the current cluster (got "staging-flashcard-lms-restored-3")',
    ]);
    expect(problemsWith('staging', { backup: { restore: { generation: 1, fromSnapshot: 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:prod-copy' } } })).toEqual([
      'staging: backup.restore.fromSnapshot: must be a snapshot in this environment\'s account and region (111111111111, eu-west-1); copy it here first (aws docdb copy-db-cluster-snapshot) (got "arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:prod-copy")',
    ]);
    expect(problemsWith('production', { documentDb: { deletionProtection: false }, backup: { restore: { generation: 1, fromSnapshot: 'snap' } } })).toEqual([
      'production: documentDb.deletionProtection: production must turn on deletion protection (true) (got false)',
      'production: documentDb.deletionProtection: a production restore needs deletion protection (true) so neither the old nor the restored cluster can be deleted by a deploy (got false)',
    ]);
  });

  test('a point in time in the future is refused', () => {
    const env = { ...STAGING, backup: { ...STAGING.backup, restore: { generation: 1, pointInTime: '2030-01-01T00:00:00Z', sourceClusterId: 'staging-flashcard-lms' } } };
    expect(backupProblems(env, new Date('2029-06-01T12:00:00Z'))).toEqual([
      {
        path: 'backup.restore.pointInTime',
        value: '2030-01-01T00:00:00Z',
        message: 'is in the future (now 2029-06-01T12:00:00Z); use a past time or "latest"',
      },
    ]);
    expect(backupProblems(env, new Date('2030-01-02T00:00:00Z'))).toEqual([]);
    expect(backupProblems(PRODUCTION)).toEqual([]);
  });
});
