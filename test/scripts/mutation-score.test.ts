import { folderOf, MutationReport, score, scoreTable, tallyByFolder } from '../../scripts/mutation-score';

const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });

const report: MutationReport = {
  files: {
    'lib/config/schema.ts': mutants('Killed', 'Killed', 'Survived'),
    'lambda/migration/prune.ts': mutants('Killed', 'Timeout', 'NoCoverage', 'RuntimeError', 'Ignored'),
    'lambda/migration/poll.ts': mutants('Killed', 'Killed', 'Killed'),
  },
};

describe('mutation score', () => {
  test('counts every mutant no test failed on against the score: timeouts, uncovered, ignored and errors', () => {
    const migration = tallyByFolder(report).get('lambda/migration');
    expect(migration).toEqual({ mutants: 8, killed: 4, survived: 0, timeout: 1, noCoverage: 1, other: 2 });
    expect(score(migration!)).toBe(50);
  });

  test('rounds to one decimal and scores an empty folder 100', () => {
    expect(score({ mutants: 3, killed: 2, survived: 1, timeout: 0, noCoverage: 0, other: 0 })).toBe(66.7);
    expect(score({ mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, other: 0 })).toBe(100);
  });

  test('groups files by their lambda or lib folder', () => {
    expect(folderOf('lambda/health-check/secret-cache.ts')).toBe('lambda/health-check');
    expect(folderOf('lambda/shared/log/redact.ts')).toBe('lambda/shared');
    expect(folderOf('lib/config/schema.ts')).toBe('lib/config');
    expect(folderOf('scripts/cli.ts')).toBe('scripts');
    expect(folderOf('top.ts')).toBe('.');
  });

  test('prints one row per folder, sorted, with the score as killed ÷ all', () => {
    expect(scoreTable(report).split('\n')).toEqual([
      '| Folder | Mutants | Killed | Survived | Timeout | No coverage | Other | Score (killed ÷ all) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| `lambda/migration` | 8 | 4 | 0 | 1 | 1 | 2 | 50.0% |',
      '| `lib/config` | 3 | 2 | 1 | 0 | 0 | 0 | 66.7% |',
    ]);
  });
});
