import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, deepMerge, environmentProblems, loadEnvironments, validateEnvironment } from '../../lib/config/load-config';
import { STAGING } from '../../lib/config/environments';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-'));
const write = (name: string, body: unknown): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};
const releaseFile = write('release.json', {
  staging: { backend: 'stg', frontend: 'stg' },
  production: { backend: 'prd', frontend: 'prd' },
  qa: { backend: 'qa1', frontend: 'qa2' },
});
function problemsOf(options: Parameters<typeof loadEnvironments>[0]): readonly string[] {
  try {
    loadEnvironments({ releaseFile, ...options });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}
const FORMAT = 'expected {"environments": {"<name>": {"extends"?: "<built-in>", ...fields}}}';

describe('deepMerge', () => {
  test('objects merge key by key; arrays, scalars and null replace; undefined keeps the base', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1, e: { f: 1 } }, { a: { c: [3] }, d: undefined, e: null, g: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: null, g: 2 });
    expect(deepMerge([1], { a: 1 })).toEqual({ a: 1 });
    expect(deepMerge({ a: 1 }, [2])).toEqual([2]);
    expect(deepMerge(1, undefined)).toBe(1);
    const base = { a: { b: 1 } };
    deepMerge(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});

describe('one environment', () => {
  test('a valid environment comes back as config, with no problems', () => {
    const { config, problems } = validateEnvironment(STAGING, 'staging');
    expect(problems).toEqual([]);
    expect(config?.name).toBe('staging');
  });

  test('unknown fields at the root and nested are named with their values, with the environment', () => {
    const raw = deepMerge(STAGING, { colour: 'blue', domain: { zone: 'Z1' } });
    expect(environmentProblems(raw, 'qa')).toEqual({
      problems: [
        { environment: 'qa', path: 'domain.zone', value: 'Z1', message: 'is not a known field; remove it or check its spelling' },
        { environment: 'qa', path: 'colour', value: 'blue', message: 'is not a known field; remove it or check its spelling' },
      ],
    });
  });

  test('a rule problem alone withholds the config', () => {
    const result = environmentProblems(deepMerge(STAGING, { domain: { apiSubdomain: 'status', statusSubdomain: 'status' } }), 'staging');
    expect(result.config).toBeUndefined();
    expect(result.problems.map((p) => p.path)).toEqual(['domain.statusSubdomain']);
  });

  test('input that is not an object gets the schema problem only', () => {
    expect(validateEnvironment('staging', 'qa').problems).toEqual(['qa: (root): must be an object (got "staging")']);
    expect(validateEnvironment(null, 'qa').problems).toEqual(['qa: (root): must be an object (got null)']);
    expect(validateEnvironment([], 'qa').problems).toEqual(['qa: (root): must be an object (got [])']);
  });
});

describe('the config file', () => {
  test('a path that cannot be read, and files of the wrong shape', () => {
    expect(problemsOf({ configFile: tmp, only: ['staging'] })).toEqual([`configFile ${tmp}: cannot be read: EISDIR: illegal operation on a directory, read`]);
    for (const [name, body] of [
      ['array.json', []],
      ['no-envs.json', { staging: {} }],
      ['envs-array.json', { environments: [] }],
      ['extra.json', { environments: {}, defaults: {} }],
    ] as const) {
      const file = write(name, body);
      expect(problemsOf({ configFile: file, only: ['staging'] })).toEqual([`configFile ${file}: ${FORMAT}`]);
    }
    expect(loadEnvironments({ releaseFile, configFile: write('empty.json', { environments: {} }) }).map((e) => e.name)).toEqual(['staging', 'production']);
  });

  test('an entry that is not an object, and one extending no built-in', () => {
    const file = write('bad-entries.json', { environments: { qa: 'staging', uat: { extends: 'qa' }, perf: { extends: 7 } } });
    expect(problemsOf({ configFile: file })).toEqual([
      'qa: (root): must be an object of environment fields (got "staging")',
      'uat: extends: must name a built-in environment: staging, production (got "qa")',
      'perf: extends: must name a built-in environment: staging, production (got 7)',
    ]);
  });

  test('an entry named like a built-in overrides it without "extends"', () => {
    const file = write('override.json', { environments: { staging: { debug: true } } });
    const [staging] = loadEnvironments({ releaseFile, configFile: file, only: ['staging'] });
    expect(staging.debug).toBe(true);
    expect(staging.images).toEqual({ backendTag: 'stg', frontendTag: 'stg' });
  });

  test('an environment of its own takes its tags from its release entry, and its name from its key', () => {
    const file = write('own.json', { environments: { qa: { name: 'qa' } } });
    const problems = problemsOf({ configFile: file, only: ['qa'] });
    // Every other field is missing, each named once; images and name are not among them.
    expect(problems).toEqual([
      'qa: production: must be a boolean (got missing)',
      'qa: account: must be a string (got missing)',
      'qa: region: must be a commercial AWS region, e.g. eu-west-1 (got missing)',
      'qa: availabilityZones: must be an array (got missing)',
      'qa: domain: must be an object (got missing)',
      'qa: debug: must be a boolean (got missing)',
      'qa: logRetentionDays: must be a number (got missing)',
      ...['network', 'documentDb', 'cache', 'uploads', 'alarms', 'monitoring', 'services', 'edge', 'delivery', 'backup', 'migration'].map(
        (f) => `qa: ${f}: must be an object (got missing)`,
      ),
    ]);
    const withoutRelease = write('own-2.json', { environments: { uat: {} } });
    expect(problemsOf({ configFile: withoutRelease, only: ['uat'] })).toContain('uat: images: must be an object (got missing)');
  });
});

describe('selection', () => {
  test('an empty selection means every environment; unknown names are listed with the known ones', () => {
    expect(loadEnvironments({ releaseFile, only: [] }).map((e) => e.name)).toEqual(['staging', 'production']);
    expect(loadEnvironments({ releaseFile, only: ['production'] }).map((e) => e.name)).toEqual(['production']);
    expect(problemsOf({ only: ['qa', 'staging', 'uat'] })).toEqual([
      'env: "qa" is not a configured environment; known: staging, production',
      'env: "uat" is not a configured environment; known: staging, production',
    ]);
  });

  test('-c imageTag sets both services', () => {
    const [staging] = loadEnvironments({ releaseFile, only: ['staging'], imageTag: 'v9' });
    expect(staging.images).toEqual({ backendTag: 'v9', frontendTag: 'v9' });
  });
});

describe('release entries the loader needs', () => {
  test('a release problem of another environment does not hide a missing entry', () => {
    const partial = write('partial-release.json', { production: { backend: 'a b', frontend: 'x' } });
    expect(problemsOf({ releaseFile: partial, only: ['staging'] })).toEqual([
      'partial-release.json: production.backend: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-" (got "a b")',
      'partial-release.json: staging: has no release; add "staging": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: none)',
    ]);
  });

  test("a problem of the parent's entry covers an environment extending it", () => {
    const partial = write('parent-release.json', { staging: { backend: 'a b', frontend: 'x' } });
    const file = write('child.json', { environments: { qa: { extends: 'staging' } } });
    expect(problemsOf({ releaseFile: partial, configFile: file, only: ['qa'] })).toEqual([
      'parent-release.json: staging.backend: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-" (got "a b")',
    ]);
  });
});
