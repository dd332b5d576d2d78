// `npm run mutate [-- --mutate '<glob>'] [stryker options]`: StrykerJS, then the score as
// killed ÷ all per folder (also to the GitHub job summary when there is one).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { scoreTable } from './mutation-score.ts';

// The config reads the selection from the command line and refuses a folder it has no tests for.
let selection;
try {
  selection = await import('../stryker.config.mjs');
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const { NOT_MUTATED, REPORT_DIR } = selection;

const args = process.argv.slice(2);
// Stryker's command-line --mutate replaces the config's list, exclusions included: add them back.
const index = args.findIndex((arg) => arg === '--mutate' || arg === '-m' || arg.startsWith('--mutate='));
if (index >= 0) {
  const inline = args[index].startsWith('--mutate=');
  const value = inline ? args[index].slice('--mutate='.length) : (args[index + 1] ?? '');
  args.splice(index, inline ? 1 : 2, '--mutate', [value, ...NOT_MUTATED].join(','));
}
const result = spawnSync('stryker', ['run', ...args], { stdio: 'inherit' });

const reportFile = `${REPORT_DIR}/mutation.json`;
if (result.status === 0 && !args.includes('--dryRunOnly') && existsSync(reportFile)) {
  const table = scoreTable(JSON.parse(readFileSync(reportFile, 'utf8')));
  process.stdout.write(`\n${table}\n\nReport: ${REPORT_DIR}/mutation.html\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `## Mutation score\n\n${table}\n`);
}
process.exit(result.status ?? 1);
