import { validateEnvironment } from '../../lib/config';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { problemsWith } from '../helpers/configs';

describe('built-in migration config', () => {
  test('staging and production are valid and use the documented commands', () => {
    expect(problemsWith('staging', {})).toEqual([]);
    expect(problemsWith('production', {})).toEqual([]);
    for (const env of [STAGING, PRODUCTION]) {
      expect(env.migration.migrateCommand).toBe('python -m app.migrations.run_migrations');
      expect(env.migration.verifyCommand).toBe('python -m app.migrations.verify_migrations');
      expect(env.migration.timeoutMinutes).toBeLessThan(60);
    }
  });
});

describe('schema', () => {
  test('migration is required', () => {
    const { migration: _omitted, ...withoutMigration } = STAGING;
    expect(validateEnvironment(withoutMigration, 'staging').problems).toEqual(['staging: migration: must be an object (got missing)']);
  });

  test('migration is strict, with clear field messages', () => {
    expect(
      problemsWith('staging', {
        migration: { snapshotRetentionDays: 0, snapshotsToKeep: 101, appUserRotationDays: 0, timeoutMinutes: 2.5, extra: true },
      }),
    ).toEqual([
      'staging: migration.snapshotRetentionDays: pre-migration snapshot retention (days) must be between 1 and 3650 (got 0)',
      'staging: migration.snapshotsToKeep: pre-migration snapshots to keep must be between 1 and 100 (got 101)',
      'staging: migration.timeoutMinutes: must be a whole number of minutes (got 2.5)',
      'staging: migration.appUserRotationDays: rotation interval (days) must be between 1 and 1000 (got 0)',
      'staging: migration.extra: is not a known field; remove it or check its spelling (got true)',
    ]);
  });

  test('the timeout stays below the 60 minutes CloudFormation waits for a custom resource', () => {
    expect(problemsWith('production', { migration: { timeoutMinutes: 110 } })).toEqual([
      'production: migration.timeoutMinutes: migration timeout must be between 5 and 55 minutes (CloudFormation waits at most 60 for the migration) (got 110)',
    ]);
    expect(problemsWith('production', { migration: { timeoutMinutes: 4 } })).toEqual([
      'production: migration.timeoutMinutes: migration timeout must be between 5 and 55 minutes (CloudFormation waits at most 60 for the migration) (got 4)',
    ]);
    expect(problemsWith('production', { migration: { timeoutMinutes: 55 } })).toEqual([]);
  });

  test("commands are checked with the migration Lambda's own parser", () => {
    expect(
      problemsWith('staging', {
        migration: { migrateCommand: 'python -m app.migrations.run_migrations && echo done', verifyCommand: '  ' },
      }),
    ).toEqual([
      'staging: migration.migrateCommand: contains shell syntax (quotes, $, |, &, ;, <, >, ...); give a JSON array instead, e.g. ["sh","-c","<command>"]; e.g. "python -m app.migrations.run_migrations" (got "python -m app.migrations.run_migrations && echo done")',
      'staging: migration.verifyCommand: is empty; e.g. "python -m app.migrations.verify_migrations" (got "  ")',
    ]);
    expect(problemsWith('staging', { migration: { migrateCommand: '["python"' } })).toEqual([
      'staging: migration.migrateCommand: starts with "[" but is not a JSON array of strings; e.g. "python -m app.migrations.run_migrations" (got "[\\"python\\"")',
    ]);
  });

  test('a JSON array command, e.g. with a shell, is accepted', () => {
    expect(problemsWith('staging', { migration: { migrateCommand: '["sh","-c","python -m app.migrations.run_migrations && echo done"]' } })).toEqual([]);
  });
});
