import { parseMigrateArgs } from '../../../scripts/migrate/args';

describe('npm run migrate arguments', () => {
  test('--env alone: deployed tag, no waiting', () => {
    expect(parseMigrateArgs(['--env', 'staging'])).toEqual({ env: 'staging', wait: false, local: false, configFile: undefined, help: false });
  });

  test('no --image-tag: an on-demand run migrates with the deployed image only', () => {
    expect(() => parseMigrateArgs(['--env', 'staging', '--local', '--image-tag', 'v2'])).toThrow("Unknown option '--image-tag'");
  });

  test('every option, in = form too', () => {
    expect(parseMigrateArgs(['--env=production', '--local', '--wait', '--config-file', 'envs.json'])).toEqual({
      env: 'production',
      wait: true,
      local: true,
      configFile: 'envs.json',
      help: false,
    });
  });

  test('--help needs nothing else', () => {
    expect(parseMigrateArgs(['--help']).help).toBe(true);
    expect(parseMigrateArgs(['-h']).help).toBe(true);
  });

  test.each([
    [[], '--env is required, e.g. --env staging'],
    [['--env', 'Staging'], '--env must be an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter (got "Staging")'],
    [['--env', 'staging', '--force'], "Unknown option '--force'"],
    [['--env'], "Option '--env <value>' argument missing"],
    [['staging'], "Unexpected argument 'staging'"],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseMigrateArgs(argv)).toThrow(message);
    expect(() => parseMigrateArgs(argv)).toThrow('Usage: npm run migrate -- --env <name>');
  });
});
