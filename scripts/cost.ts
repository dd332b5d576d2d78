/**
 * Prints the monthly cost of every environment from the synthesized templates: a per-line table with
 * totals, the assumptions used and anything it could not price. With --diff, what the working tree adds
 * or saves against another git ref, per environment and line (both sides priced by this code).
 *
 *   npm run cost                          # reads cdk.out (synthesizes it when missing)
 *   npm run cost -- --env production
 *   npm run cost -- --assembly other.out
 *   npm run cost -- --diff origin/main    # synthesizes both sides offline, without bundling
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { estimateAssembly, Estimate, formatDiff, formatEstimate } from '../lib/cost';
import { synthesizeOffline, synthesizeRef } from '../lib/cost/synthesize';
import { printReport, runMain } from './cli';

const ROOT = path.join(__dirname, '..');

function only(estimates: Estimate[], env: string | undefined): Estimate[] {
  if (env === undefined) return estimates;
  const wanted = env.split(',').map((s) => s.trim());
  const unknown = wanted.filter((w) => !estimates.some((e) => e.environment === w));
  if (unknown.length > 0) throw new Error(`--env: ${unknown.join(', ')} not in the assembly; it has ${estimates.map((e) => e.environment).join(', ')}.`);
  return estimates.filter((e) => wanted.includes(e.environment));
}

export function main(argv: string[] = process.argv.slice(2)): void {
  const { values } = parseArgs({ args: argv, options: { assembly: { type: 'string' }, diff: { type: 'string' }, env: { type: 'string' } } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
  try {
    if (values.diff !== undefined) {
      const before = estimateAssembly(synthesizeRef(ROOT, values.diff, tmp));
      const afterDir = path.join(tmp, 'head.out');
      synthesizeOffline(ROOT, afterDir);
      printReport(formatDiff(values.diff, only(before, values.env), only(estimateAssembly(afterDir), values.env)));
      return;
    }
    let dir = path.resolve(values.assembly ?? path.join(ROOT, 'cdk.out'));
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
      if (values.assembly !== undefined) throw new Error(`--assembly: no cloud assembly at ${dir} (missing manifest.json).`);
      console.error('cdk.out missing: synthesizing (offline, without bundling)...');
      dir = path.join(tmp, 'head.out');
      synthesizeOffline(ROOT, dir);
    }
    const estimates = only(estimateAssembly(dir), values.env).filter((e) => e.lines.length > 0 || e.unpriced.length > 0);
    printReport(['## Monthly cost estimate (USD, on-demand list prices)', ...estimates.map(formatEstimate)].join('\n\n'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(module, main);
