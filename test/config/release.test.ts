import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadEnvironments } from '../../lib/config';
import { loadRelease, parseRelease, RELEASE_FILE, releaseFor, releaseImages } from '../../lib/config/release';

const TAG_RULE = 'must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-"';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('release.json', () => {
  test('the committed release is valid and pins production to commit SHAs', () => {
    const release = loadRelease(RELEASE_FILE);
    expect(Object.keys(release).sort()).toEqual(['production', 'staging']);
    expect(release.production.backend).toMatch(/^[0-9a-f]{40}$/);
    expect(release.production.frontend).toMatch(/^[0-9a-f]{40}$/);
  });

  test('the built-in environments take their image tags from it', () => {
    const release = loadRelease(RELEASE_FILE);
    for (const env of loadEnvironments()) {
      expect(env.images).toEqual({ backendTag: release[env.name].backend, frontendTag: release[env.name].frontend });
    }
  });
});

describe('parseRelease', () => {
  test('accepts tags, SHAs and notes', () => {
    expect(parseRelease({ staging: { backend: '1.4.2', frontend: 'v1.4.2_rc-1', notes: 'spaced repetition fix' } })).toEqual({
      staging: { backend: '1.4.2', frontend: 'v1.4.2_rc-1', notes: 'spaced repetition fix' },
    });
  });

  test('names the environment, service and value of a bad tag', () => {
    expect(problemsOf(() => parseRelease({ production: { backend: 'bad tag', frontend: '-x' } }))).toEqual([
      `release.json: production.backend: ${TAG_RULE} (got "bad tag")`,
      `release.json: production.frontend: ${TAG_RULE} (got "-x")`,
    ]);
  });

  test('reports a missing service, an unknown field and a bad environment name at once', () => {
    expect(problemsOf(() => parseRelease({ staging: { backend: 'abc', worker: 'abc' }, Prod: { backend: 'a', frontend: 'b' } }))).toEqual([
      'release.json: staging.frontend: is missing; set it to the frontend image tag this environment runs (got missing)',
      'release.json: staging.worker: is not a known field; allowed: backend, frontend, notes (got "abc")',
      'release.json: Prod: is not an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter',
    ]);
  });

  test('rejects a tag longer than 128 characters and an entry that is not an object', () => {
    const long = 'a'.repeat(129);
    expect(problemsOf(() => parseRelease({ staging: { backend: long, frontend: 'b' }, production: 'abc' }))).toEqual([
      `release.json: staging.backend: ${TAG_RULE} (got "${'a'.repeat(76)}...)`,
      'release.json: production: must be an object {"backend": "<tag>", "frontend": "<tag>", "notes"?: "..."} (got "abc")',
    ]);
  });

  test('rejects a file that is not an object', () => {
    expect(problemsOf(() => parseRelease(['staging']))).toEqual([
      'release.json: (root): must be an object of environments, e.g. {"staging": {"backend": "<tag>", "frontend": "<tag>"}} (got ["staging"])',
    ]);
  });

  test('the error message lists every problem', () => {
    expect(() => parseRelease({ staging: { backend: 'a b', frontend: 'ok' } })).toThrow(
      `Invalid configuration (1 problem):\n  - release.json: staging.backend: ${TAG_RULE} (got "a b")`,
    );
  });
});

describe('loadRelease and releaseFor', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file that is not JSON is named', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{"staging": ');
    expect(problemsOf(() => loadRelease(file))[0]).toMatch(/^broken\.json: cannot be read as JSON: /);
  });

  test('an environment without a release names those the file has', () => {
    const release = parseRelease({ staging: { backend: 'a', frontend: 'b' } });
    expect(problemsOf(() => releaseFor('production', release))).toEqual([
      'release.json: production: has no release; add "production": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: staging)',
    ]);
    expect(releaseImages('staging', release)).toEqual({ backendTag: 'a', frontendTag: 'b' });
  });
});

describe('the loader reads the release file', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-loader-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, body: unknown): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
    return file;
  };
  const loadProblems = (options: Parameters<typeof loadEnvironments>[0]): readonly string[] => problemsOf(() => loadEnvironments(options));

  test('its problems are reported with the config problems, in one error', () => {
    const releaseFile = write('release.json', { staging: { backend: 'a b', frontend: 'ok' }, production: { backend: 'v1', frontend: 'v1' } });
    const configFile = write('envs.json', { environments: { qa: { extends: 'staging', account: 'nope' } } });
    const problems = loadProblems({ releaseFile, configFile });
    expect(problems).toContain(`release.json: staging.backend: ${TAG_RULE} (got "a b")`);
    expect(problems).toContain('qa: account: must be a 12-digit AWS account id (got "nope")');
    // The release file's own problem already names staging's tags; no second "has no release".
    expect(problems.filter((p) => p.includes('has no release'))).toEqual([]);
  });

  test('an environment the file lacks is named, instead of a missing images block', () => {
    const releaseFile = write('only-staging.json', { staging: { backend: 'v1', frontend: 'v1' } });
    expect(loadProblems({ releaseFile, only: ['production'] })).toEqual([
      'only-staging.json: production: has no release; add "production": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: staging)',
    ]);
    expect(loadEnvironments({ releaseFile, only: ['staging'] })[0].images).toEqual({ backendTag: 'v1', frontendTag: 'v1' });
  });

  test('-c imageTag stands in for a missing entry', () => {
    const releaseFile = write('only-staging-2.json', { staging: { backend: 'v1', frontend: 'v1' } });
    expect(loadEnvironments({ releaseFile, only: ['production'], imageTag: 'abc1234' })[0].images).toEqual({ backendTag: 'abc1234', frontendTag: 'abc1234' });
  });

  test("an environment extending a built-in takes its own entry first, else its parent's", () => {
    const releaseFile = write('with-qa.json', { staging: { backend: 's', frontend: 's' }, production: { backend: 'p', frontend: 'p' }, qa: { backend: 'q', frontend: 'q' } });
    const configFile = write('qa-uat.json', { environments: { qa: { extends: 'staging' }, uat: { extends: 'staging' } } });
    const byName = Object.fromEntries(loadEnvironments({ releaseFile, configFile, only: ['qa', 'uat'] }).map((e) => [e.name, e.images.backendTag]));
    expect(byName).toEqual({ qa: 'q', uat: 's' });
  });

  test('an unreadable release file is one problem', () => {
    expect(loadProblems({ releaseFile: path.join(dir, 'absent.json'), only: ['staging'] })).toEqual([expect.stringMatching(/^absent\.json: cannot be read: ENOENT/)]);
  });
});
