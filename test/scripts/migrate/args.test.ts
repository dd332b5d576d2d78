import { parseMigrateArgs } from '../../../scripts/migrate/args';

describe('npm run migrate arguments', () => {
  test('--env alone: deployed tag, no waiting', () => {
    expect(parseMigrateArgs(['--env', 'staging'])).toEqual({ env: 'staging', imageTag: undefined, wait: false, local: false, configFile: undefined, help: false });
  });

  test('--image-tag only with --local', () => {
    expect(() => parseMigrateArgs(['--env', 'staging', '--image-tag', 'v2'])).toThrow(
      '--image-tag needs --local: the deployed functions migrate with the deployed image (register another with --local)',
    );
  });

  test('every option, in = form too', () => {
    expect(parseMigrateArgs(['--env=production', '--local', '--image-tag', 'v1.5.0', '--wait', '--config-file', 'envs.json'])).toEqual({
      env: 'production',
      imageTag: 'v1.5.0',
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
    [['--env', 'Staging'], '--env must be an environment name (a-z, 0-9 and "-", starting with a letter) (got "Staging")'],
    [['--env', 'staging', '--image-tag', 'v1/evil'], '--image-tag must be an image tag of A-Z, a-z, 0-9, "_", "." and "-", at most 128 (got "v1/evil")'],
    [['--env', 'staging', '--force'], "Unknown option '--force'"],
    [['--env'], "Option '--env <value>' argument missing"],
    [['staging'], "Unexpected argument 'staging'"],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseMigrateArgs(argv)).toThrow(message);
    expect(() => parseMigrateArgs(argv)).toThrow('Usage: npm run migrate -- --env <name>');
  });
});
