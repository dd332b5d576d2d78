import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));

/** Runs the real app entry as the CDK CLI would, into an output directory that already holds a file. */
function runApp(context: Record<string, unknown>): { status: number | null; stderr: string; written: string[] } {
  const out = fs.mkdtempSync(path.join(tmp, 'out-'));
  fs.writeFileSync(path.join(out, 'earlier.txt'), 'from an earlier synth');
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['bin/flashcard-lms.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { status: result.status, stderr: result.stderr, written: fs.readdirSync(out, { recursive: true }).map(String) };
}

// Each spawn costs a couple of seconds: each case below carries several bad inputs at once.
test('bad context values: every problem, exit 1, no stack trace, nothing written', () => {
  const result = runApp({ env: 'staging,staging', migrate: 'no', imageTag: 'v 1', configFile: path.join(tmp, 'absent.json'), imagetag: 'abc' });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    [
      'Invalid configuration (5 problems):',
      '  - -c imagetag: is not a context key of this app; it reads configFile, env, imageTag, migrate, guardRules (got "abc")',
      '  - -c env: names "staging" twice; give each environment once (got "staging,staging")',
      '  - -c imageTag: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-", e.g. a git SHA (got "v 1")',
      '  - -c migrate: must be exactly true or false; false deploys without running the database migration (got "no")',
      `  - -c configFile: must be an existing JSON file (relative paths start at ${ROOT}); nothing is at ${path.join(tmp, 'absent.json')} (got ${JSON.stringify(path.join(tmp, 'absent.json'))})`,
      '',
    ].join('\n'),
  );
  expect(result.written).toEqual(['earlier.txt']);
});

test('a config file that once crashed deep in the CDK: every problem, exit 1, no stack trace, nothing written', () => {
  const file = path.join(tmp, 'envs.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      environments: {
        staging: { region: 'mars-1', debug: 'yes', network: { cidr: '10.300.0.0/16' }, domain: { apiSubdomain: 'status' }, images: { buildFrom: path.join(tmp, 'no-checkout') } },
        perf: { extends: 'production', account: '333333333333', network: { cidr: '10.40.0.0/20' } },
      },
    }),
  );
  const result = runApp({ configFile: file });
  expect(result.status).toBe(1);
  expect(result.stderr.split('\n')).toEqual([
    'Invalid configuration (7 problems):',
    '  - perf: domain.hostedZoneId: is the hosted zone of production in account 222222222222; perf deploys to account 333333333333 and cannot write records into it. Create a hosted zone for flashcard-lms.com in account 333333333333, delegate it from the parent zone with an NS record, and name that zone here (got "Z0000000000000000FLMS")',
    '  - staging: region: must be a commercial AWS region, e.g. eu-west-1 (got "mars-1")',
    '  - staging: debug: must be a boolean (got "yes")',
    '  - staging: domain.statusSubdomain: must differ from domain.apiSubdomain: the API and the status page need host names of their own (got "status")',
    '  - staging: network.cidr: must be an IPv4 CIDR block a.b.c.d/n with each of a-d from 0 to 255, e.g. "10.10.0.0/16" (got "10.300.0.0/16")',
    `  - staging: images.buildFrom: must be an existing directory (relative paths start at ${ROOT}); nothing is at ${path.join(tmp, 'no-checkout')} (got ${JSON.stringify(path.join(tmp, 'no-checkout'))})`,
    '  - perf: network.cidr: is too small for the subnet plan (a /24 public, a /20 private, a /24 isolated subnet per AZ, in 3 AZs); use a /17 or larger (got "10.40.0.0/20")',
    '',
  ]);
  expect(result.stderr).not.toMatch(/^ {4}at /m);
  expect(result.written).toEqual(['earlier.txt']);
});
