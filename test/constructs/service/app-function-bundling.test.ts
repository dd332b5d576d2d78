import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AppFunction, LAMBDA_ROOT } from '../../../lib/constructs/service/app-function';

// esbuild stands in: each call writes a one-line bundle, so the test counts bundlings without running them.
jest.mock('esbuild', () => ({
  buildSync: jest.fn((options: { outfile: string }) => require('fs').writeFileSync(options.outfile, '// bundle\n')),
}));
const { buildSync } = jest.requireMock<{ buildSync: jest.Mock }>('esbuild');

test('each Lambda entry is bundled once per synth, whatever the number of environments and functions using it', () => {
  // GIVEN two environments, each with two functions on one entry and one on another
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bundling-')) });
  for (const env of ['staging', 'production']) {
    const stack = new Stack(new Stage(app, env, { env: { account: '222222222222', region: 'eu-west-1' } }), 'Functions');
    const common = { description: 'test', logsKey: new kms.Key(stack, 'Key'), logRetentionDays: 30 };
    new AppFunction(stack, 'Prepare', { ...common, source: 'restore-validation/documentdb-probe', handler: 'prepare', functionName: `${env}-prepare` });
    new AppFunction(stack, 'Cleanup', { ...common, source: 'restore-validation/documentdb-probe', handler: 'cleanup', functionName: `${env}-cleanup` });
    new AppFunction(stack, 'Status', { ...common, source: 'status-page', functionName: `${env}-status` });
  }

  // WHEN the app is synthesized
  app.synth();

  // THEN esbuild ran once per entry, with the options of every Lambda
  expect(buildSync.mock.calls.map(([o]) => path.relative(LAMBDA_ROOT, o.entryPoints[0])).sort()).toEqual(['restore-validation/documentdb-probe/index.ts', 'status-page/index.ts']);
  expect(buildSync).toHaveBeenCalledWith(
    expect.objectContaining({ bundle: true, platform: 'node', target: 'node24', format: 'cjs', minify: true, sourcemap: true, external: ['@aws-sdk/*'] }),
  );
});
