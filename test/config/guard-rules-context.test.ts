import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readContext } from '../../lib/config/context';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-ctx-'));
const rules = path.join(dir, 'org.guard');
fs.writeFileSync(rules, 'rule r { Resources exists }\n');
const notRules = path.join(dir, 'notes.txt');
fs.writeFileSync(notRules, 'x');

test('-c guardRules takes .guard files and directories, comma-separated', () => {
  const { inputs, problems } = readContext({ guardRules: `${rules}, ${dir}` });
  expect(problems).toEqual([]);
  expect(inputs.guardRules).toEqual([rules, dir]);
});

test('without -c guardRules there are no extra rules', () => {
  expect(readContext({}).inputs.guardRules).toEqual([]);
});

test('-c guardRules refuses a missing path and a file that is not .guard, naming each', () => {
  const missing = path.join(dir, 'absent.guard');
  const { inputs, problems } = readContext({ guardRules: `${missing},${notRules}` });
  expect(problems).toEqual([
    {
      path: '-c guardRules',
      value: `${missing},${notRules}`,
      message: `names ${missing}, but nothing is at ${path.resolve(missing)}; give .guard files or directories of them`,
    },
    { path: '-c guardRules', value: `${missing},${notRules}`, message: `names ${notRules}, which is not a Guard rules file (.guard)` },
  ]);
  expect(inputs.guardRules).toEqual([]);
});

test('-c guardRules refuses an empty value', () => {
  expect(readContext({ guardRules: ' ' }).problems.map((p) => p.message)).toEqual([
    'must be a comma-separated list of Guard rule files (.guard) or directories of them, e.g. policies/org.guard',
  ]);
});
