// Mutation testing (StrykerJS): `npm run mutate`, or one folder with
// `npm run mutate -- --mutate 'lambda/migration/**/*.ts'`. See docs/mutation-testing.md.
//
// No type checker: TypeScript 7 has no compiler API for @stryker-mutator/typescript-checker.
// @swc/jest strips types, so a mutant that would not type-check still runs (and is usually
// killed); `tsc --noEmit` in CI catches type errors in the real code.

import { createHash } from 'node:crypto';

/** The folders mutated by default and the tests that exercise each of them. */
const FOLDERS = {
  'lambda/db-bootstrap': ['test/lambda/db-bootstrap'],
  'lambda/health-check': ['test/lambda/health-check'],
  'lambda/jwt-key-rotation': ['test/lambda/jwt-key-rotation'],
  'lambda/migration': ['test/lambda/migration'],
  'lambda/redis-auth-rotation': ['test/lambda/redis-auth-rotation'],
  'lambda/restore-validation': ['test/lambda/restore-validation'],
  'lambda/status-page': ['test/lambda/status-page'],
  'lambda/shared': ['test/lambda'],
  // Only the config tests: stack tests would synthesize whole apps for every config mutant.
  'lib/config': ['test/config'],
};

/**
 * Data, not logic: the built-in environments (values the stack tests and snapshots check), the
 * tables of values AWS accepts, the config fields' bounds and messages (each pinned at its limits by
 * test/config/schema-fields.test.ts), the region list, a re-export.
 */
export const NOT_MUTATED = ['!lib/config/environments.ts', '!lib/config/allowed-values.ts', '!lib/config/field-rules.ts', '!lib/config/regions.ts', '!lib/config/index.ts'];

/** The --mutate patterns given on the command line, if any. */
function mutateArgument(argv) {
  const patterns = [];
  argv.forEach((arg, i) => {
    if (arg === '--mutate' || arg === '-m') patterns.push(...(argv[i + 1] ?? '').split(','));
    else if (arg.startsWith('--mutate=')) patterns.push(...arg.slice('--mutate='.length).split(','));
  });
  // The exclusions scripts/mutate.mjs appends choose neither tests nor the report folder.
  return patterns.filter((pattern) => pattern !== '' && !pattern.startsWith('!'));
}

/** Test roots for the folders the patterns touch (all of them when there are no patterns). */
function testRoots(patterns) {
  const folders = Object.keys(FOLDERS).filter((folder) => patterns.length === 0 || patterns.some((pattern) => pattern.startsWith(folder)));
  if (patterns.length > 0 && folders.length === 0) {
    throw new Error(`--mutate ${patterns.join(',')}: no test folder known for it; add it to FOLDERS in stryker.config.mjs`);
  }
  return [...new Set(folders.flatMap((folder) => FOLDERS[folder]))];
}

const patterns = mutateArgument(process.argv);
/** The report folder's name for a selection: readable, and short enough for any file system. */
function selectionName(patterns) {
  if (patterns.length === 0) return 'all';
  const name = patterns
    .map((p) =>
      p
        .split('*')[0]
        .replace(/\/$/, '')
        .replace(/[^A-Za-z0-9.]+/g, '-'),
    )
    .join('+');
  return name.length <= 80 ? name : `${name.slice(0, 60)}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

// One report and incremental file per selection, so running one folder keeps the others' results.
export const REPORT_DIR = `reports/mutation/${selectionName(patterns)}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [...Object.keys(FOLDERS).map((folder) => `${folder}/**/*.ts`), ...NOT_MUTATED],
  jest: {
    configFile: 'jest.config.js',
    config: {
      // The sources are roots too: jest's --findRelatedTests (below) follows imports only through
      // files under a root, so with the test folder alone a test reaching edge.ts through
      // test/helpers and load-config.ts was not "related" to it and never ran for its mutants.
      roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/lambda'],
      testMatch: testRoots(patterns).map((root) => `<rootDir>/${root}/**/*.test.ts`),
      // A mutant that makes a test hang fails it here (the normal 120 s limit is for synthesis,
      // which mutation runs never do), well inside Stryker's own timeout below: killed, not timed out.
      testTimeout: 20000,
      // The config CLI test synthesizes the whole app in a child process: minutes per mutant, and
      // per-test coverage cannot see into the child anyway. The status page's browser test runs
      // Chromium for every rendering mutant (2.5x the folder's run time); the render, route and
      // handler tests kill those mutants without it.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/config/cli\\.test\\.ts$', '<rootDir>/test/lambda/status-page/browser\\.test\\.ts$'],
    },
    // Without it every mutant loads every test file of the folder only to skip most of their
    // tests (the runner filters by test name); with it jest loads the files that import the
    // mutated one: secret-cache.ts 109 s -> 89 s.
    enableFindRelatedTests: true,
  },
  // The copy Stryker tests in needs the project's files but not build output or reports.
  ignorePatterns: ['cdk.out', 'reports', 'coverage', 'test-artifacts', '.bench'],
  // Stryker rewrites tsconfig `extends`/`references` through the TypeScript compiler API, which
  // TypeScript 7 lacks; this tsconfig has neither, so no file is named. swc ignores types, so
  // no `// @ts-nocheck` is needed either.
  tsconfigFile: '',
  disableTypeChecks: false,
  incremental: true,
  incrementalFile: `${REPORT_DIR}/stryker-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `${REPORT_DIR}/mutation.html` },
  jsonReporter: { fileName: `${REPORT_DIR}/mutation.json` },
  thresholds: { high: 85, low: 70, break: null },
  concurrency: 1,
  // A fresh test process every 40 mutants: jest's module registries pile up in a reused runner
  // (a worker at 1.1 GB after 400 mutants, its rate down from ~27 to ~10 a minute).
  maxTestRunnerReuse: 40,
  // A mutant's test run counts as hung after this much more than its dry-run time. The 5 s
  // default flagged most killable mutants as timeouts on a loaded 2-core machine.
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
