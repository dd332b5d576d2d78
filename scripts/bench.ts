/**
 * Performance figures of the platform code, printed as a table:
 *   - synth time of every environment against the naive baseline (../shared/bench/naive-baseline),
 *     both through the project's `cdk synth`, interleaved, fresh processes, medians of N and their ratio;
 *   - test-suite wall time (one run);
 *   - Lambda figures (bundle size, module load time, handler latency) from scripts/bench-*.ts.
 * Usage: npm run bench [-- --runs 5] [-- --skip-tests] [-- --baseline <dir>]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? 5) || 5;
const BASELINE = path.resolve(ROOT, option('--baseline') ?? '../shared/bench/naive-baseline');

function timed(cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one full synth into a fresh directory: this app through its cdk.json, or the baseline's run.sh. */
function synthMs(which: 'app' | 'baseline'): number {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${which}-`));
  try {
    return which === 'app'
      ? timed(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', out], { AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: '1' })
      : timed('bash', [path.join(BASELINE, 'run.sh'), ROOT, out]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Both synths, interleaved (the order alternates) so a shared machine's load falls on both alike. */
function synthRows(): Array<[string, string]> {
  if (!fs.existsSync(path.join(BASELINE, 'run.sh'))) {
    return [[`synth, all environments (median of ${runs})`, `${(median(Array.from({ length: runs }, () => synthMs('app'))) / 1000).toFixed(2)} s (no baseline at ${BASELINE})`]];
  }
  const app: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const)) (which === 'app' ? app : baseline).push(synthMs(which));
  }
  const ratios = app.map((a, i) => a / baseline[i]);
  return [
    [`synth, all environments (median of ${runs})`, `${(median(app) / 1000).toFixed(2)} s`],
    [`synth, naive baseline (median of ${runs})`, `${(median(baseline) / 1000).toFixed(2)} s`],
    ['synth ratio, app / baseline (medians)', `${(median(app) / median(baseline)).toFixed(2)}x (runs: ${ratios.map((r) => r.toFixed(2)).join(', ')})`],
  ];
}

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];

  const loadBefore = os.loadavg()[0];
  rows.push(...synthRows());
  rows.push(['load average (1 min) before / after the synths', `${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`]);

  if (!args.includes('--skip-tests')) {
    rows.push(['test suite (npx jest, one run)', `${(timed('npx', ['jest', '--silent']) / 1000).toFixed(1)} s`]);
  }

  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => /^bench-.+\.ts$/.test(f))
    .sort()) {
    const mod = (await import(path.join(__dirname, file))) as Record<string, unknown>;
    const bench = Object.values(mod).find((v) => typeof v === 'function') as (() => Promise<Record<string, string | number>>) | undefined;
    if (!bench) continue;
    try {
      for (const [k, v] of Object.entries(await bench())) rows.push([k, String(v)]);
    } catch (e) {
      // One failed figure (e.g. a timing check on an overloaded machine) keeps the others.
      rows.push([file, `failed: ${e instanceof Error ? e.message : String(e)}`]);
    }
  }

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nBenchmarks (${os.cpus().length} cores, node ${process.version})`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
