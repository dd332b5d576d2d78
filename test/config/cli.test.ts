import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The app entry point refuses bad config before synthesizing anything.
test('the app exits non-zero with every problem listed, and writes no template', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  const file = path.join(dir, 'envs.json');
  fs.writeFileSync(file, JSON.stringify({ environments: { staging: { region: 'mars-1', debug: 'yes' } } }));
  const out = path.join(dir, 'out');
  const result = spawnSync('npx', ['tsx', 'bin/flashcard-lms.ts'], {
    cwd: path.join(__dirname, '../..'),
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify({ configFile: file }) },
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Invalid configuration (2 problems):');
  expect(result.stderr).toContain('staging: region: must be a commercial AWS region, e.g. eu-west-1 (got "mars-1")');
  expect(result.stderr).toContain('staging: debug: must be a boolean (got "yes")');
  const written = fs.existsSync(out) ? fs.readdirSync(out, { recursive: true }).map(String) : [];
  expect(written.filter((f) => f.endsWith('.template.json'))).toEqual([]);
});
