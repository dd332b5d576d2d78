/**
 * Performance figures of the platform code, printed as a table:
 *   - synth time of every environment (fresh process each run, median of N);
 *   - test-suite wall time (one run);
 *   - Lambda figures (bundle size, module load time, handler latency) from scripts/bench-*.ts.
 * Usage: npm run bench [-- --runs 5] [-- --skip-tests]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;

function timed(cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** cdk.json's context (feature flags), as `cdk synth` passes it to the app. */
const CDK_CONTEXT = JSON.stringify(JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];

  const synthTimes = Array.from({ length: runs }, () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    const ms = timed('npx', ['tsx', 'bin/flashcard-lms.ts'], { CDK_OUTDIR: out, CDK_CONTEXT_JSON: CDK_CONTEXT });
    fs.rmSync(out, { recursive: true, force: true });
    return ms;
  });
  rows.push([`synth, all environments (median of ${runs})`, `${(median(synthTimes) / 1000).toFixed(2)} s`]);

  if (!args.includes('--skip-tests')) {
    rows.push(['test suite (npx jest, one run)', `${(timed('npx', ['jest', '--silent']) / 1000).toFixed(1)} s`]);
  }

  for (const file of fs.readdirSync(__dirname).filter((f) => /^bench-.+\.ts$/.test(f)).sort()) {
    const mod = await import(path.join(__dirname, file));
    const bench = Object.values(mod).find((v) => typeof v === 'function') as (() => Promise<Record<string, string | number>>) | undefined;
    if (!bench) continue;
    for (const [k, v] of Object.entries(await bench())) rows.push([k, String(v)]);
  }

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nBenchmarks (${os.cpus().length} cores, node ${process.version})`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
