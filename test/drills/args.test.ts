import { parseDrillArgs } from '../../lib/drills/args';

describe('drill command line', () => {
  test('env, scenario and flags', () => {
    expect(parseDrillArgs(['--env', 'staging', '--scenario', 'docdb-failover', '--dry-run'])).toEqual({
      env: 'staging',
      scenario: 'docdb-failover',
      dryRun: true,
      out: 'drill-reports',
      configFile: undefined,
      help: false,
    });
  });

  test('a dry run without a scenario lists them', () => {
    expect(parseDrillArgs(['--env', 'staging', '--dry-run']).scenario).toBeUndefined();
  });

  test('every problem at once, with the usage', () => {
    expect(() => parseDrillArgs(['--fast', '--scenario'])).toThrow(
      /^unknown argument "--fast"; allowed: --env, --scenario, --out, --config-file, --dry-run, --help; --scenario needs a value; --env is required; --scenario is required \(--dry-run without it lists the scenarios\)\nUsage: npm run drill/,
    );
  });
});
