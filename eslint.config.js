// ESLint: type-aware rules for promise and `any` safety, and the layering of docs/ARCHITECTURE.md
// (sim/ imports nothing of the project; models/ never imports ui/; scenarios/ only its schema's
// dependencies). Formatting is Prettier's job (npm run format:check).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const upTo = (folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})/`,
  message: 'This import runs against the layering in docs/ARCHITECTURE.md.',
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'out/', '**/*.d.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['sim/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [upTo(['models', 'scenarios', 'ui', 'test'])] }] },
  },
  { files: ['models/**'], rules: { 'no-restricted-imports': ['error', { patterns: [upTo(['ui', 'test'])] }] } },
  {
    files: ['scenarios/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [upTo(['sim', 'models', 'ui', 'test'])] }] },
  },
  { files: ['ui/**'], rules: { 'no-restricted-imports': ['error', { patterns: [upTo(['test'])] }] } },
  {
    // Tests read JSON and poke at internals on purpose: casts and `any` are allowed there.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-type-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
);
