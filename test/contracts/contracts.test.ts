import { execFileSync } from 'child_process';
import {
  alarmTopicName,
  contentSecurityPolicy,
  DOCDB_CLUSTER_ID,
  ecsClusterName,
  ENV_NAME,
  HEALTH_NAMESPACE,
  IMAGE_TAG,
  keyAlias,
  LOG_METRICS_NAMESPACE,
  logGroupName,
  MIGRATION_NAMESPACE,
  migrationClusterName,
  migrationStackName,
  restoredClusterName,
  secretName,
  siteHosts,
} from '../../lib/contracts';
import { parseMigrateArgs } from '../../scripts/migrate/args';

describe('patterns', () => {
  test('an environment name is 2-20 of a-z, 0-9 and "-", starting with a letter', () => {
    for (const ok of ['qa', 'staging', 'a'.repeat(20), 'eu-2']) expect(ENV_NAME.test(ok)).toBe(true);
    for (const bad of ['a', 'a'.repeat(21), 'Staging', '2nd', 'st_ag', '']) expect(ENV_NAME.test(bad)).toBe(false);
  });

  test('the migrate CLI accepts exactly the environment names config allows', () => {
    expect(parseMigrateArgs(['--env', 'a'.repeat(20)]).env).toBe('a'.repeat(20));
    expect(() => parseMigrateArgs(['--env', 'a'.repeat(21)])).toThrow(
      `--env must be an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter (got "${'a'.repeat(21)}")`,
    );
  });

  test('an image tag is 1-128 of A-Z a-z 0-9 _ . -, not starting with "." or "-"', () => {
    for (const ok of ['v1.2.3', '0123abc', '_x', 'A'.repeat(128)]) expect(IMAGE_TAG.test(ok)).toBe(true);
    for (const bad of ['', '.x', '-x', 'A'.repeat(129), 'a/b', 'a:b']) expect(IMAGE_TAG.test(bad)).toBe(false);
  });

  test('a DocumentDB cluster id starts with a letter, has no double or trailing hyphen, at most 63', () => {
    for (const ok of ['a', 'staging-flashcard-lms', 'a'.repeat(63)]) expect(DOCDB_CLUSTER_ID.test(ok)).toBe(true);
    for (const bad of ['1a', 'a--b', 'a-', 'a'.repeat(64), 'a_b']) expect(DOCDB_CLUSTER_ID.test(bad)).toBe(false);
  });
});

describe('names', () => {
  test('resources of an environment', () => {
    expect(ecsClusterName('staging')).toBe('staging-flashcard-lms');
    expect(migrationClusterName('staging')).toBe('staging-flashcard-lms-migrations');
    expect(migrationStackName('staging')).toBe('flashcard-lms-staging-migration');
    expect(restoredClusterName('staging', 2)).toBe('staging-flashcard-lms-restored-2');
    expect(alarmTopicName('production', 'critical')).toBe('production-flashcard-lms-critical');
    expect(secretName('production', 'jwt-secret')).toBe('flashcard-lms/production/jwt-secret');
    expect(logGroupName('production', 'backend')).toBe('/flashcard-lms/production/backend');
    expect(keyAlias('production', 'data')).toBe('alias/flashcard-lms/production/data');
  });

  test('the longest environment name still fits the longest function name (64 characters)', () => {
    // Lambda FunctionName: 1-64 characters (AWS Lambda API Reference, CreateFunction).
    expect(`${'a'.repeat(20)}-flashcard-lms-restore-validation`.length).toBeLessThanOrEqual(64);
  });

  test('metric namespaces', () => {
    expect([HEALTH_NAMESPACE, LOG_METRICS_NAMESPACE, MIGRATION_NAMESPACE]).toEqual(['FlashcardLMS/Health', 'FlashcardLMS/Logs', 'FlashcardLMS/Migrations']);
  });
});

describe('hosts', () => {
  test('host names follow the configured labels', () => {
    expect(siteHosts({ name: 'example.org', apiSubdomain: 'backend', statusSubdomain: 'health', includeWww: true })).toEqual({
      site: 'example.org',
      api: 'backend.example.org',
      status: 'health.example.org',
      www: 'www.example.org',
    });
    expect(siteHosts({ name: 'example.org', apiSubdomain: 'api', statusSubdomain: 'status', includeWww: false }).www).toBeUndefined();
  });

  test('the content security policy lets the app call the configured API host', () => {
    expect(contentSecurityPolicy('backend.example.org')).toMatch(/; connect-src 'self' https:\/\/backend\.example\.org$/);
  });
});

describe('one home', () => {
  // A copy of a shared pattern or namespace elsewhere drifts from this module; the grep finds one.
  test.each([
    ['the environment-name pattern', '[a-z][a-z0-9-]{1,'],
    ['the image-tag pattern', '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}'],
    ['the image-tag pattern', '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}'],
    ['a metric namespace', "'FlashcardLMS/"],
    ['the app metric namespace', "'FlashcardLMS'"],
    ['the CA bundle path', "'/app/certs/global-bundle.pem'"],
  ])('%s (%s) is written only in lib/contracts', (_what, literal) => {
    let out: string;
    try {
      out = execFileSync('grep', ['-rlF', '--include=*.ts', literal, 'lib', 'lambda', 'scripts', 'bin'], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
    }
    expect(out.split('\n').filter((f) => f && !f.startsWith('lib/contracts/'))).toEqual([]);
  });
});
