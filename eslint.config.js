import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A small rule set: each rule finds a class of real defect. Layout is Prettier's job; unused names are the
// compiler's (noUnusedLocals, noUnusedParameters in tsconfig.json).
export default defineConfig([
  globalIgnores(['dist/', 'coverage/', '.bench-cache/', 'src/__generated__/', 'examples/client/src/gql/']),
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      // Type-aware: the promise rules need the types of what is called.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A forgotten await loses the error on the request path (and an unhandled rejection ends the process).
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (an event handler, forEach) drops its rejection; a promise in a condition is always true.
      '@typescript-eslint/no-misused-promises': 'error',
      // `return promise` inside try/catch/finally skips the catch and runs the finally too early: await it there.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A thrown non-Error has no stack and escapes the `instanceof` checks that map errors to GraphQL codes.
      '@typescript-eslint/only-throw-error': 'error',
      // Say `type` when only types are used: the import is erased, and dependency rules see a type-only edge as one.
      '@typescript-eslint/consistent-type-imports': 'error',
      // `==` coerces ('' == 0); `x != null` stays allowed as the one idiom for "null or undefined".
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      // `any` switches off the strict checks the code relies on; read unknown input as `unknown` and narrow it.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Source files stay small enough to read in one sitting: split a file before it passes 300 lines.
      'max-lines': ['error', { max: 300 }],
    },
  },
]);
