import * as fs from 'fs';
import * as path from 'path';
import { environmentSchema } from '../../lib/config/schema';

test('the field table of docs/configuration.md covers every top-level field of the environment schema', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/configuration.md'), 'utf8');
  const firstCells = doc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|')[1]);
  const documented = new Set(firstCells.flatMap((c) => [...c.matchAll(/`([a-zA-Z]+)[.`]/g)].map((m) => m[1])));
  const fields = Object.keys(environmentSchema.shape);
  expect(fields.length).toBeGreaterThan(15);
  expect(fields.filter((f) => !documented.has(f))).toEqual([]);
});
