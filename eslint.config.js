// The linter CI runs beside the type check (scripts/test.sh): ESLint's and typescript-eslint's
// recommended rules, React's hook rules for the console. Formatting is Prettier's job.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', 'prisma/generated/', 'bench/results/', 'scripts/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { '@stylistic': stylistic },
    rules: {
      // Lines stay readable (the team's rule). Prettier wraps code at 120 columns but leaves long
      // strings, comments and JSX text alone; this catches those. ESLint Stylistic keeps max-len
      // now that ESLint's own formatting rules are deprecated.
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true }],
      // Unused arguments named _x are a signature's, not a mistake.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Matching control characters is the point of the patterns that do it (ANSI escapes in
      // notebook output, characters XML cannot carry).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests poke at untyped JSON on purpose; JupyterLab types heterogeneous plugin lists with
    // `any` itself; Prisma's wasm schema engine ships no types.
    files: [
      '**/test/**',
      '**/*.test.ts',
      'e2e/**',
      'apps/studio/src/plugins.ts',
      'packages/jupyterlab-studio-extension/src/index.ts',
      'packages/jupyterlab-studio/src/api-error.ts',
      'packages/test-support/src/**',
      'prisma/scripts/engine.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
