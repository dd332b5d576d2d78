/**
 * Run time of the cost estimator on the full assembly (every environment): synthesizes once offline,
 * then times the estimate (reading templates, pricing, formatting) RUNS times. `npm run bench` picks
 * this file up.
 *
 *   npx tsx scripts/bench-cost.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimateAssembly, formatEstimate } from '../lib/cost';
import { readAssembly } from '../lib/cost/assembly';
import { synthesizeOffline } from '../lib/cost/synthesize';
import { runMain } from './cli';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 5;

// Async like every bench the runner awaits, though this one does its work synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export async function benchCost(): Promise<Record<string, string | number>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cost-'));
  try {
    synthesizeOffline(ROOT, path.join(out, 'cdk.out'));
    const dir = path.join(out, 'cdk.out');
    const resources = readAssembly(dir).reduce((n, e) => n + e.stacks.reduce((m, s) => m + Object.keys(s.resources).length, 0), 0);
    const times = Array.from({ length: RUNS }, () => {
      const started = process.hrtime.bigint();
      estimateAssembly(dir).map(formatEstimate);
      return Number(process.hrtime.bigint() - started) / 1e6;
    }).sort((a, b) => a - b);
    return { [`cost estimate, full assembly of ${resources} resources (median of ${RUNS})`]: `${times[Math.floor(RUNS / 2)].toFixed(1)} ms` };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

runMain(module, async () => console.log(await benchCost()));
