// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Build output, installed packages, and the validators generated from the config schema.
    ignores: ['**/dist/', '**/node_modules/', 'core/config/validators.generated.ts'],
  },
  {
    // A disable comment that no longer disables anything fails the run, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // The root config files (vitest.config.ts) are in no tsconfig.
          allowDefaultProject: ['*.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers print plainly in messages and paths; nullable and object values still have to be made explicit.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
      // `() => doSomething()` for a callback that returns nothing is the house style for one-line callbacks.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Destructuring a field away (`const { trip: _cleared, ...rest } = record`) is how a copy without it is made.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `async` marks methods that fulfil a Promise-returning interface (brokers, fakes): a throw in them must
      // reject, not throw at the call, so dropping `async` where nothing is awaited would change behaviour.
      '@typescript-eslint/require-await': 'off',
      // `void x;` marks a value read only for its effect (a stream drained, a getter that must throw).
      '@typescript-eslint/no-meaningless-void-operator': 'off',
      // A timer handle is declared before the callbacks that clear it and assigned when the timer starts.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // String()/Boolean() around a value whose static type is only a promise (parsed JSON, error.message,
      // stream.isTTY, which is undefined off a terminal) guards what the type cannot: kept on purpose.
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      // Off: noUncheckedIndexedAccess makes every in-range index (hot loops in valuation, series, the sim broker) need `!`; 32 remain, reviewed, none a bug.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The example plugin builds against the host's dist/; linting reads the host's source instead (see that tsconfig).
    files: ['examples/robo-plugin-trade-log/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './examples/robo-plugin-trade-log/tsconfig.lint.json' },
    },
  },
  {
    // The example strategy kind too.
    files: ['examples/robo-strategy-opening-range/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './examples/robo-strategy-opening-range/tsconfig.lint.json' },
    },
  },
  {
    // Tests pass methods to expect() and use vitest's asymmetric matchers (typed any): a guard there
    // would only restate the assertion...
    files: ['test/**/*.ts', 'examples/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // ...and they read fields of parsed JSON and of loaded configs they deliberately break.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Optional chains on values that are only missing if the code under test is broken fail the test either way.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Plain JavaScript (this file, test helper scripts) has no types to check against.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
