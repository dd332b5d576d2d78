/**
 * Mutation scores the way docs/mutation-testing.md counts them: killed ÷ all mutants. Stryker's own
 * "mutation score" counts timeouts as detected and leaves uncovered, ignored and erroring mutants
 * out; here every mutant that no test failed on counts against the score.
 */

/** The part of a mutation-testing-report-schema report (Stryker's mutation.json) read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly { readonly status: string }[] }>>;
}

export interface Tally {
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly timeout: number;
  readonly noCoverage: number;
  /** Ignored, compile and runtime errors: none of them were killed by a test. */
  readonly other: number;
}

const EMPTY: Tally = { mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, other: 0 };

const COLUMN: Readonly<Record<string, keyof Omit<Tally, 'mutants'>>> = {
  Killed: 'killed',
  Survived: 'survived',
  Timeout: 'timeout',
  NoCoverage: 'noCoverage',
};

/** Killed ÷ all, in percent with one decimal; 0 mutants scores 100 (nothing to catch). */
export function score(tally: Tally): number {
  return tally.mutants === 0 ? 100 : Math.round((tally.killed / tally.mutants) * 1000) / 10;
}

/** The folder a source file belongs to: `lambda/<name>` or `lib/<name>`, else its directory. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.slice(0, -1).join('/') || '.';
}

/** Tallies per folder, in folder order. */
export function tallyByFolder(report: MutationReport): ReadonlyMap<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const file of Object.keys(report.files).sort()) {
    const folder = folderOf(file);
    let tally = tallies.get(folder) ?? EMPTY;
    for (const mutant of report.files[file].mutants) {
      const column = COLUMN[mutant.status] ?? 'other';
      tally = { ...tally, mutants: tally.mutants + 1, [column]: tally[column] + 1 };
    }
    tallies.set(folder, tally);
  }
  return tallies;
}

/** A Markdown table of the folders' scores, as docs/mutation-testing.md lists them. */
export function scoreTable(report: MutationReport): string {
  const rows = [...tallyByFolder(report)].map(
    ([folder, t]) => `| \`${folder}\` | ${t.mutants} | ${t.killed} | ${t.survived} | ${t.timeout} | ${t.noCoverage} | ${t.other} | ${score(t).toFixed(1)}% |`,
  );
  return ['| Folder | Mutants | Killed | Survived | Timeout | No coverage | Other | Score (killed ÷ all) |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
