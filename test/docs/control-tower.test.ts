import * as fs from 'fs';
import * as path from 'path';
import { acknowledgementTable } from '../../lib/control-tower';

test('docs/control-tower.md lists every Control Tower acknowledgement, as the data says', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/control-tower.md'), 'utf8');
  const table = doc.split('<!-- acknowledgements:start -->\n')[1]?.split('\n<!-- acknowledgements:end -->')[0];
  // On a difference, paste acknowledgementTable() (lib/control-tower/docs-table.ts) between the markers.
  expect(table).toEqual(acknowledgementTable());
});
