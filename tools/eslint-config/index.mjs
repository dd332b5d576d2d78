// typescript-eslint 8 reads types through the TypeScript compiler API (it supports >=4.8.4 <6.1.0).
// The project compiles with TypeScript 7, which has no such API, so this workspace package carries
// its own TypeScript 5 that only the linter loads; `npm run build` and the tests keep TypeScript 7.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// Code that walks raw JSON whose shape no type describes: synthesized CloudFormation templates,
// cdk-nag reports and unvalidated config input (which is then validated field by field).
const UNTYPED_JSON = ['lib/config/invariants.ts', 'lib/config/input-problems.ts', 'lib/cost/**/*.ts', 'lib/nag-gate.ts', 'scripts/synth.ts'];

const UNSAFE_ANY_OFF = {
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
};

/**
 * Flat config for the repository root.
 * @param {string} rootDir the folder holding tsconfig.json
 */
export default function config(rootDir) {
  return tseslint.config(
    {
      ignores: ['cdk.out/**', 'node_modules/**', 'tools/*/node_modules/**', 'coverage/**', 'test-artifacts/**', '.bench/**', '**/*.d.ts'],
    },
    eslint.configs.recommended,
    tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: rootDir },
      },
      rules: {
        // `_`-prefixed names are deliberately unused (destructuring to drop a field, required callback parameters).
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
        // require() is used only where loading must wait: modules that read files or the environment as they
        // load (after a test sets them up, or after the app reads its context), SDKs the Lambda runtime provides,
        // and jest.mock factories, which may not use imports. Top-level imports are ES imports throughout.
        '@typescript-eslint/no-require-imports': 'off',
      },
    },
    {
      files: UNTYPED_JSON,
      rules: UNSAFE_ANY_OFF,
    },
    {
      // Tests read synthesized templates (Template.toJSON() is `any`) and stub SDK clients with partial
      // objects; typing every fixture would add casts, not safety. Async stubs implement async interfaces
      // without awaiting anything.
      files: ['test/**/*.ts'],
      rules: {
        ...UNSAFE_ANY_OFF,
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      // Plain JavaScript (jest.config.js, this config) is not in tsconfig.json: no type information.
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      extends: [tseslint.configs.disableTypeChecked],
      languageOptions: { globals: { module: 'readonly', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    },
  );
}
