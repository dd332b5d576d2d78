import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app';
import { cdkJsonContext } from '../helpers/nag';

/**
 * One normalized template per stack of the built-in environments and of the account-level
 * GitHub OIDC stacks, so a review shows every template change. Asset hashes (and the values
 * derived from them: S3 keys, image tags, the bootstrap run token) change with any edit of
 * bundled code, so every 64-hex string becomes a placeholder; everything else is kept.
 */
const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

function normalized(stack: Stack): unknown {
  return JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(ASSET_HASH, '[ASSET-HASH]'));
}

// GIVEN the app as `cdk synth` builds it, synthesized once, without bundling
const stacks: Stack[] = [];
beforeAll(() => {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
  });
  buildApp(app, { controlTower: false });
  const collect = (scope: App | Stage): void => {
    for (const child of scope.node.children) {
      if (Stack.isStack(child)) stacks.push(child);
      else if (Stage.isStage(child)) collect(child);
    }
  };
  collect(app);
});

test('the app has the stacks this file snapshots', () => {
  expect(stacks.map((s) => s.node.path)).toMatchSnapshot();
});

describe.each(['staging', 'production'])('%s stacks', (env) => {
  test.each(['Security', 'Alerting', 'Network', 'Data', 'Backup', 'BackupDr', 'Registry', 'Migration', 'Services', 'Monitoring'])('%s', (id) => {
    const stack = stacks.find((s) => s.node.path === `${env}/${id}`);
    if (!stack) return expect(`no ${id} stack`).toMatchSnapshot();
    expect(normalized(stack)).toMatchSnapshot();
  });
});

test.each(['staging', 'production'])('GitHub OIDC stack of the %s account', (env) => {
  const oidc = stacks.filter((s) => s.node.path.startsWith('GithubOidc-'));
  const index = env === 'staging' ? 0 : 1;
  expect(normalized(oidc[index])).toMatchSnapshot();
});
