// ESLint: @eslint/js and typescript-eslint recommended rules, with the type-checked ones.
// The rules live in tools/eslint-config (see the reason there).
import config from '@flashcard-lms/eslint-config';

export default config(import.meta.dirname);
