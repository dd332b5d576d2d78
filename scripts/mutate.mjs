// `npm run mutate [-- --mutate '<glob>'] [stryker options]`: StrykerJS, with the data files kept
// out of every selection. Stryker's command-line --mutate replaces the config's list entirely,
// so the exclusions are appended here rather than relying on the config file.
import { spawnSync } from 'node:child_process';
import { NOT_MUTATED } from '../stryker.config.mjs';

const args = process.argv.slice(2);
const index = args.findIndex((arg) => arg === '--mutate' || arg === '-m' || arg.startsWith('--mutate='));
if (index >= 0) {
  const inline = args[index].startsWith('--mutate=');
  const value = inline ? args[index].slice('--mutate='.length) : (args[index + 1] ?? '');
  const withExclusions = [value, ...NOT_MUTATED].join(',');
  args.splice(index, inline ? 1 : 2, '--mutate', withExclusions);
}
const result = spawnSync('stryker', ['run', ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
