import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validationErrors } from '../lib/nag-gate';

test('lists the error findings of the validation report, and nothing when there is no report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  expect(validationErrors(dir)).toEqual([]);
  fs.writeFileSync(
    path.join(dir, 'validation-report.json'),
    JSON.stringify({
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            { ruleName: 'AwsSolutions-S1', severity: 'error', violatingConstructs: [{ constructPath: 'staging/Services/Bucket' }] },
            { ruleName: 'AwsSolutions-X9', severity: 'warning', violatingConstructs: [{ constructPath: 'staging/Data/Thing' }] },
          ],
        },
      ],
    }),
  );
  expect(validationErrors(dir)).toEqual(['AwsSolutions-S1 at staging/Services/Bucket']);
});
