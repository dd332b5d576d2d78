/**
 * Synthesizes every environment offline and prints, per environment, what would be deployed:
 * its stacks, their resource counts and the cdk-nag and Control Tower summaries. Exits non-zero on a
 * config error, a synth failure or any unacknowledged cdk-nag or Control Tower finding.
 *
 *   npm run synth                              # every environment
 *   npm run synth -- -c env=staging            # one environment
 *   npm run synth -- -c configFile=envs.json   # with extra or overriding environments
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { costSummaries } from '../lib/cost';
import { readAssembly } from '../lib/cost/assembly';
import { readValidationReport, ValidationFinding } from '../lib/nag-gate';

const OUT = 'cdk.out';

/** The validation plugins whose counts the summary shows, by report name. */
const PLUGINS: readonly [string, string][] = [
  ['AwsSolutions', 'cdk-nag AwsSolutions'],
  ['ControlTower', 'Control Tower proactive controls'],
];

/** Lines esbuild and the CDK print per bundled Lambda: counted, not shown. */
const BUNDLING_NOISE = /^(Bundling asset \S+\.\.\.|\s*⚡ Done in \d+ms|\s*\S*(cdk\.out|asset\.)\S*\s+[\d.]+(b|kb|mb)\b.*|\s*\.\.\.\S*\s+[\d.]+(b|kb|mb)\b.*)$/i;

/** What the CLI says after a quiet synth that the summary below says better. */
const CLI_CHATTER = /^(Successfully synthesized to \S+|Supply a stack id \(.*\) to display its template\.)$/;

/** Drops bundling output from the CLI's stderr; returns what is left and how many assets were bundled. */
export function quietBundling(stderr: string): { text: string; bundled: number } {
  const lines = stderr.split('\n');
  const bundled = lines.filter((l) => /^Bundling asset /.test(l)).length;
  const kept = lines
    .filter((l) => !BUNDLING_NOISE.test(l) && !CLI_CHATTER.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return { text: kept.trim(), bundled };
}

function runCdkSynth(extraArgs: string[]): number {
  const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', OUT, ...extraArgs], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No credentials, no metadata service: synth must be fully offline.
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  const { text, bundled } = quietBundling(result.stderr ?? '');
  if (bundled > 0) console.error(`Bundled ${bundled} Lambda asset(s) with esbuild.`);
  if (text) console.error(text);
  return result.status ?? 1;
}

function main(): void {
  const started = Date.now();
  fs.rmSync(OUT, { recursive: true, force: true });
  const status = runCdkSynth(process.argv.slice(2));
  // The app exits 1 on cdk-nag errors after writing the assembly: summarize it all the same.
  if (status !== 0 && !fs.existsSync(path.join(OUT, 'manifest.json'))) {
    console.error(`\ncdk synth failed (exit ${status}): fix the problems listed above; nothing was synthesized to ${OUT}/.`);
    process.exit(status);
  }
  const environments = readAssembly(OUT);
  const findings: ValidationFinding[] = readValidationReport(OUT);
  const cost = costSummaries(OUT);

  for (const { name: stage, stacks } of environments) {
    const envFindings = findings.filter((f) => f.path.startsWith(`${stage}/`));
    console.log(`\n== ${stage} (${stacks[0]?.environment}) ==`);
    for (const s of stacks) {
      const byType = new Map<string, number>();
      for (const r of Object.values(s.resources)) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
      const top = [...byType.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([t, n]) => `${t.replace(/^AWS::/, '')} x${n}`);
      console.log(`  ${s.stackName.padEnd(36)} ${String(Object.keys(s.resources).length).padStart(4)} resources  (${top.join(', ')})`);
    }
    const total = stacks.reduce((n, s) => n + Object.keys(s.resources).length, 0);
    console.log(`  total: ${stacks.length} stacks, ${total} resources`);
    for (const [plugin, label] of PLUGINS) {
      const mine = envFindings.filter((f) => f.plugin === plugin);
      const mineErrors = mine.filter((f) => f.severity === 'error').length;
      console.log(`  ${label}: ${mineErrors} errors, ${mine.length - mineErrors} warnings`);
    }
    console.log(`  ${cost(stage)}`);
    for (const f of envFindings) console.log(`    ${f.severity} ${f.rule} at ${f.path}`);
  }
  const errors = findings.filter((f) => f.severity === 'error');
  console.log(`\nSynthesized ${environments.length} stage(s) and account-level stack(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; templates in ${OUT}/.`);
  if (errors.length > 0) {
    for (const f of errors.filter((e) => !environments.some(({ name }) => e.path.startsWith(`${name}/`))))
      console.log(`    ${f.severity} ${f.rule} at ${f.path || '(no construct)'}: ${f.description}`);
    console.error(
      `${errors.length} unacknowledged validation error(s): fix them or acknowledge each with a reason (cdk-nag: lib/nag.ts; Control Tower: lib/control-tower/acknowledgements.ts).`,
    );
    process.exit(1);
  }
  if (status !== 0) process.exit(status);
}

if (require.main === module) main();
