import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONTEXT, readContext } from '../../lib/config/context';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'context-'));
const envsFile = path.join(tmp, 'envs.json');
fs.writeFileSync(envsFile, '{"environments": {}}');
const messages = (context: Record<string, unknown>): string[] => readContext(context).problems.map((p) => `${p.path} ${JSON.stringify(p.value)}: ${p.message}`);

describe('context keys', () => {
  test('the app reads five keys', () => {
    expect(CONTEXT).toEqual({ configFile: 'configFile', env: 'env', imageTag: 'imageTag', migrate: 'migrate', guardRules: 'guardRules' });
  });

  test('unknown keys of the app are listed in name order; CDK keys (with ":" or a leading "@") are left alone', () => {
    expect(messages({ zeta: 1, alpha: 'x', 'aws:cdk:x': 1, '@aws-cdk/core:y': true, '@acme': 1, 'my:key': 2, env: 'staging' })).toEqual([
      '-c alpha "x": is not a context key of this app; it reads configFile, env, imageTag, migrate, guardRules',
      '-c zeta 1: is not a context key of this app; it reads configFile, env, imageTag, migrate, guardRules',
    ]);
  });

  test('no context: every environment, the config tags, migrations on, no extra rules', () => {
    expect(readContext({})).toEqual({ inputs: { load: { configFile: undefined, only: undefined, imageTag: undefined }, migrate: true, guardRules: [] }, problems: [] });
  });
});

describe('-c env', () => {
  test('names are trimmed and kept in order', () => {
    expect(readContext({ env: ' production , staging' })).toEqual({
      inputs: { load: { configFile: undefined, only: ['production', 'staging'], imageTag: undefined }, migrate: true, guardRules: [] },
      problems: [],
    });
  });

  test('a value that is not a string is refused and selects nothing', () => {
    const { inputs, problems } = readContext({ env: ['staging'] });
    expect(problems).toEqual([{ path: '-c env', value: ['staging'], message: 'must be a comma-separated list of environment names, e.g. "staging,production"' }]);
    expect(inputs.load.only).toBeUndefined();
  });
});

describe('-c imageTag', () => {
  test('a valid tag is passed on; an invalid one is reported and dropped', () => {
    expect(readContext({ imageTag: '0123abc' }).inputs.load.imageTag).toBe('0123abc');
    expect(readContext({ imageTag: '0123abc' }).problems).toEqual([]);
    const bad = readContext({ imageTag: '-bad' });
    expect(bad.inputs.load.imageTag).toBeUndefined();
    expect(bad.problems.map((p) => p.message)).toEqual(['must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-", e.g. a git SHA']);
    expect(readContext({ imageTag: true }).inputs.load.imageTag).toBeUndefined();
  });
});

describe('-c configFile', () => {
  test('an existing file is passed on', () => {
    expect(readContext({ configFile: envsFile })).toEqual({
      inputs: { load: { configFile: envsFile, only: undefined, imageTag: undefined }, migrate: true, guardRules: [] },
      problems: [],
    });
  });

  test('an empty or non-string value is refused', () => {
    for (const value of ['', 7]) {
      expect(messages({ configFile: value })).toEqual([`-c configFile ${JSON.stringify(value)}: must be the path of a JSON file of environments, e.g. examples/environments.json`]);
      expect(readContext({ configFile: value }).inputs.load.configFile).toBeUndefined();
    }
  });

  test('a missing path or a directory is refused and not passed on', () => {
    expect(readContext({ configFile: tmp }).inputs.load.configFile).toBeUndefined();
    expect(readContext({ configFile: path.join(tmp, 'nope.json') }).inputs.load.configFile).toBeUndefined();
  });
});

describe('-c guardRules', () => {
  test('a value that is not a string is refused', () => {
    expect(messages({ guardRules: 3 })).toEqual(['-c guardRules 3: must be a comma-separated list of Guard rule files (.guard) or directories of them, e.g. policies/org.guard']);
    expect(messages({ guardRules: '' })).toHaveLength(1);
  });

  test('a valid entry is kept beside a refused one', () => {
    const rules = path.join(tmp, 'org.guard');
    fs.writeFileSync(rules, 'rule x {}');
    const { inputs, problems } = readContext({ guardRules: `${rules},${envsFile}` });
    expect(inputs.guardRules).toEqual([rules]);
    expect(problems.map((p) => p.message)).toEqual([`names ${envsFile}, which is not a Guard rules file (.guard)`]);
  });
});
