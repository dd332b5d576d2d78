import { ConfigError, describeValue, formatProblem } from '../../lib/config/problems';
import { PRODUCTION_RULES } from '../../lib/config/invariants';
import { problemsWith } from '../helpers/configs';

describe('one problem format', () => {
  test('<env>: <path>: <message> (got <value>)', () => {
    expect(formatProblem({ environment: 'qa', path: 'domain.apiSubdomain', value: 'www', message: 'is taken' })).toBe('qa: domain.apiSubdomain: is taken (got "www")');
  });

  test('a file stands for the environment; an empty path is the root; no value, no "got"', () => {
    expect(formatProblem({ environment: 'staging', source: 'release.json', path: 'staging.backend', value: undefined, message: 'is missing' })).toBe(
      'release.json: staging.backend: is missing (got missing)',
    );
    expect(formatProblem({ environment: 'qa', path: '', value: 3, message: 'must be an object' })).toBe('qa: (root): must be an object (got 3)');
    expect(formatProblem({ path: 'github.foo', message: 'is not a known field' })).toBe('github.foo: is not a known field');
  });

  test('long values are cut at 80 characters', () => {
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(76)}...`);
  });

  test('ConfigError counts and lists every problem', () => {
    const error = new ConfigError([
      { path: '-c env', value: 'Prod', message: 'is not an environment name' },
      { environment: 'qa', path: 'debug', value: 'yes', message: 'must be a boolean' },
    ]);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('Invalid configuration (2 problems):\n  - -c env: is not an environment name (got "Prod")\n  - qa: debug: must be a boolean (got "yes")');
    expect(error.problems).toEqual(['-c env: is not an environment name (got "Prod")', 'qa: debug: must be a boolean (got "yes")']);
  });
});

describe('production rules', () => {
  test.each(PRODUCTION_RULES.map((r) => [r.path, r]))('%s is refused with a value production must not have', (path) => {
    const bad: Record<string, unknown> = {
      debug: true,
      'documentDb.instances': 1,
      'documentDb.deletionProtection': false,
      'documentDb.backupRetentionDays': 3,
      'cache.multiAz': false,
      'cache.replicasPerShard': 0,
      'network.natGateways': 1,
      'network.natProvider': 'instance',
    };
    expect(Object.keys(bad)).toContain(path);
    const [head, leaf] = (path as string).split('.');
    const override = leaf === undefined ? { [head]: bad[path as string] } : { [head]: { [leaf]: bad[path as string] } };
    expect(problemsWith('production', override).some((p) => p.startsWith(`production: ${path}: production `))).toBe(true);
  });
});
