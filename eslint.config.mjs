// ESLint: typescript-eslint's strict, type-aware rules for the TypeScript sources; the plain recommended
// set for the CommonJS scripts. Formatting belongs to Prettier (eslint-config-prettier turns off rules it owns).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Spec support (fakes, fixtures) in testing/ folders follows the specs' rules.
const specs = ['**/*.spec.ts', '**/testing/**/*.ts', 'test/**/*.ts'];

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Counts, ports and durations (number, bigint) in messages print exactly as a reader expects.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Nest modules are classes that exist only to carry their @Module() decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // `() => resolve()` and `if (done) return next();` are the house shorthand in functions that return nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `const { secret, ...view } = record` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `() => {}` is the no-op default of an optional callback.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
      // `this: void` marks a function taken off its object (node-forge's, whose typings leave it out).
      '@typescript-eslint/no-invalid-void-type': ['error', { allowAsThisParameter: true }],
      // A callback that rejects with what it caught passes the error on as it came.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `let stop!: AbortController` read by a callback declared before the value it is given.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // fast-xml-parser 5 points its validator at a package this project does not use; it works as documented.
      '@typescript-eslint/no-deprecated': ['error', { allow: [{ from: 'package', package: 'fast-xml-parser', name: ['XMLValidator', 'parse'] }] }],
      // `string[]` for simple element types, `Array<{ … }>` where the element type is itself long.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // An empty string is as absent as undefined here (XML text, headers, environment, query filters).
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true }, ignoreBooleanCoercion: true }],
      // Nest and winston type plain option objects as classes (NestApplicationContextOptions, transports).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // A `!` states an invariant the types cannot carry (a Map filled just above, a pattern that always matches,
      // a device's fields by its trust type); strict null checks still catch every unstated one.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: specs,
    rules: {
      // expect(fake.method).toHaveBeenCalled() reads a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
      // Fakes implement async interfaces with async functions that have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Tests read untyped JSON (HTTP bodies, CLI output, parsed XML) and assert on its shape: expect() is the type check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['eslint.config.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
