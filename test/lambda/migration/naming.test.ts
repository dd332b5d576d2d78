import { compactTimestamp, newRunId, premigrationPrefix, sanitizeIdentifierPart, snapshotIdentifier, startedByToken } from '../../../lambda/migration/naming';
import { logStreamConsoleUrl, taskLogStream } from '../../../lambda/migration/links';

const AT = new Date(Date.UTC(2025, 0, 9, 3, 4, 5));
// DocumentDB: letters, digits, hyphens; first a letter; at most 255; no "--", no trailing "-".
const VALID_SNAPSHOT_ID = /^(?!.*--)(?!.*-$)[a-z][a-z0-9-]{0,254}$/;

describe('snapshot identifiers', () => {
  test.each([
    ['v1.4.0', 'staging-premigration-v1-4-0-20250109030405'],
    ['sha-3f2a9c1', 'staging-premigration-sha-3f2a9c1-20250109030405'],
    ['Release_2025..01--RC', 'staging-premigration-release-2025-01-rc-20250109030405'],
    ['-leading.and.trailing-', 'staging-premigration-leading-and-trailing-20250109030405'],
    ['___', 'staging-premigration-untagged-20250109030405'],
  ])('tag %s -> %s', (tag, expected) => {
    expect(snapshotIdentifier('staging', tag, AT)).toBe(expected);
    expect(expected).toMatch(VALID_SNAPSHOT_ID);
  });

  test('a 128-character tag is cut so the id stays within 255 characters, without a trailing hyphen', () => {
    const tag = `${'a'.repeat(100)}.${'b'.repeat(27)}`;
    const id = snapshotIdentifier(`prod${'-x'.repeat(17)}`, `${tag}${tag}`, AT);
    expect(id.length).toBeLessThanOrEqual(255);
    expect(id).toMatch(VALID_SNAPSHOT_ID);
    expect(id.endsWith('-20250109030405')).toBe(true);
  });

  test('a cut that ends on a separator drops it, and only it', () => {
    // 'staging-premigration-' (21) + '-' + stamp (14) leaves 219 characters for the tag.
    const tag = `${'a'.repeat(218)}.bcd`;
    expect(snapshotIdentifier('staging', tag, AT)).toBe(`staging-premigration-${'a'.repeat(218)}-20250109030405`);
  });

  test('the environment part follows the same rules and matches the pruning prefix', () => {
    expect(snapshotIdentifier('Prod--EU', 'v1', AT)).toBe('prod-eu-premigration-v1-20250109030405');
    expect(premigrationPrefix('Prod--EU')).toBe('prod-eu-premigration-');
    expect(premigrationPrefix('9lives')).toBe('env-9lives-premigration-');
    expect(snapshotIdentifier('9lives', 'v1', AT)).toMatch(VALID_SNAPSHOT_ID);
  });

  test('an environment name with nothing usable still gives a prefix that starts with a letter', () => {
    expect(premigrationPrefix('')).toBe('env-premigration-');
    expect(premigrationPrefix('--')).toBe('env-premigration-');
  });

  test('a name that leaves no room for the tag gives "untagged"', () => {
    expect(snapshotIdentifier('e'.repeat(300), 'v1.4.0', AT)).toBe(`${'e'.repeat(300)}-premigration-untagged-20250109030405`);
  });

  test('sanitizing keeps only lower-case letters, digits and single inner hyphens', () => {
    expect(sanitizeIdentifierPart(' A/b:c@d ')).toBe('a-b-c-d');
  });
});

describe('run identity', () => {
  test('run id and startedBy tokens fit ECS (at most 36 characters here)', () => {
    const runId = newRunId(AT, 'ABCDEF0123');
    expect(runId).toBe('20250109030405-abcdef');
    expect(compactTimestamp(AT)).toBe('20250109030405');
    for (const step of ['migrate', 'verify'] as const) {
      const token = startedByToken(step, runId);
      expect(token.length).toBeLessThanOrEqual(36);
      expect(token).toMatch(/^[a-zA-Z0-9_-]+$/);
    }
    expect(startedByToken('migrate', runId)).not.toBe(startedByToken('verify', runId));
  });
});

describe('log links', () => {
  test('stream name and console link of a task', () => {
    const stream = taskLogStream('migration', 'backend', 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/0123abcd');
    expect(stream).toBe('migration/backend/0123abcd');
    expect(logStreamConsoleUrl('eu-west-1', '/flashcard-lms/staging/migrations', stream)).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fflashcard-lms$252Fstaging$252Fmigrations/log-events/migration$252Fbackend$252F0123abcd',
    );
  });
});
