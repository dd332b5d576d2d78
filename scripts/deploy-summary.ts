/**
 * Writes what was deployed to an environment as Markdown: the commit, the release's image tags
 * and notes, the URLs, and the stack outputs `cdk deploy --outputs-file` recorded.
 *
 *   npx tsx scripts/deploy-summary.ts --env staging --outputs cdk-outputs-staging.json >> "$GITHUB_STEP_SUMMARY"
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { EnvironmentConfig, loadEnvironments } from '../lib/config';
import { ReleaseEntry, releaseFor } from '../lib/config/release';
import { urlsFor } from './smoke-test';
import { configFileOfApp } from './app-config';
import { runMain } from './cli';

/** `cdk deploy --outputs-file` format: stack name -> output name -> value. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface SummaryInput {
  readonly config: EnvironmentConfig;
  readonly release: ReleaseEntry;
  readonly outputs: StackOutputs;
  /** @default - not shown */
  readonly commit?: string;
}

export function deploySummary(input: SummaryInput): string {
  const { config, release, outputs } = input;
  const urls = urlsFor(config);
  const lines = [
    `## Deployed to ${config.name} (${config.account}, ${config.region})`,
    '',
    ...(input.commit ? [`Commit: \`${input.commit}\``, ''] : []),
    '| service | image tag |',
    '|---|---|',
    `| backend | \`${release.backend}\` |`,
    `| frontend | \`${release.frontend}\` |`,
    '',
    ...(release.notes ? [`Release notes: ${release.notes}`, ''] : []),
    `Site: ${urls.site} · API: ${urls.api} · Status: ${urls.status}`,
  ];
  const stacks = Object.keys(outputs).sort();
  if (stacks.length > 0) {
    lines.push('', '| stack | output | value |', '|---|---|---|');
    for (const stack of stacks) {
      for (const [key, value] of Object.entries(outputs[stack]).sort(([a], [b]) => a.localeCompare(b))) lines.push(`| ${stack} | ${key} | \`${value}\` |`);
    }
  }
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { env: { type: 'string' }, outputs: { type: 'string' } } });
  if (!values.env) throw new Error('--env is required, e.g. --env staging');
  const [config] = loadEnvironments({ only: [values.env], configFile: configFileOfApp() });
  const outputs: StackOutputs = values.outputs && fs.existsSync(values.outputs) ? (JSON.parse(fs.readFileSync(values.outputs, 'utf8')) as StackOutputs) : {};
  console.log(deploySummary({ config, release: releaseFor(values.env), outputs, commit: process.env.GITHUB_SHA }));
}

runMain(module, main);
