import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { cdkJsonContext } from './helpers/nag';

interface Assembly {
  readonly dir: string;
  /** Every file (templates, manifests, bundled code) by relative path -> sha256. */
  readonly files: Map<string, string>;
}

/** Synthesizes staging through the app's own entry logic, with bundling on for its migration stack. */
function synthesize(context: Record<string, unknown> = {}): Assembly {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), env: 'staging', 'aws:cdk:bundling-stacks': ['staging/Migration'], ...context } });
  buildApp(app, { controlTower: false });
  const dir = app.synth().directory;
  const names = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
  return {
    dir,
    files: new Map(
      names.map((f) => [
        f,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
    ),
  };
}

function bootstrapRunToken(assembly: Assembly): string {
  const template = JSON.parse(fs.readFileSync(path.join(assembly.dir, 'assembly-staging', 'stagingMigration14BD4E66.template.json'), 'utf8'));
  const [bootstrap] = Object.values<any>(template.Resources).filter((r) => r.Type === 'Custom::DatabaseBootstrap');
  return bootstrap.Properties.RunToken;
}

// GIVEN the same commit, config and context synthesized twice, and once with another image tag
let first: Assembly;
let second: Assembly;
let otherTag: Assembly;
beforeAll(() => {
  // One call site: warning annotations carry the stack of the code that built the app.
  [first, second, otherTag] = [{}, {}, { imageTag: 'b7e4c1d9a2f3' }].map((context) => synthesize(context));
});

test('the same inputs synthesize a byte-identical cloud assembly: templates, asset manifests and bundles', () => {
  expect([...second.files.keys()]).toEqual([...first.files.keys()]);
  // The migration stack's Lambdas were really bundled, so their code and hashes are compared too.
  expect([...first.files.keys()].filter((f) => /(^|\/)asset\.[0-9a-f]{64}\/index\.js$/.test(f)).length).toBeGreaterThanOrEqual(3);
  expect([...first.files.keys()].filter((f) => first.files.get(f) !== second.files.get(f))).toEqual([]);
});

test('the bootstrap reruns on a new image tag, not on the clock', () => {
  expect(bootstrapRunToken(second)).toBe(bootstrapRunToken(first));
  expect(bootstrapRunToken(otherTag)).toMatch(/^[0-9a-f]{64}$/);
  expect(bootstrapRunToken(otherTag)).not.toBe(bootstrapRunToken(first));
});
