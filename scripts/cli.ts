import * as fs from 'fs';

/**
 * Runs a command-line `main` when its file is the entry point (not when a test imports it):
 * an error prints its message alone and exits 1.
 */
export function runMain(entry: NodeModule, main: () => unknown): void {
  if (require.main !== entry) return;
  Promise.resolve()
    .then(main)
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    });
}

/** Prints a Markdown report, and adds it to the GitHub job summary when there is one. */
export function printReport(report: string): void {
  console.log(report);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${report}\n`);
}
