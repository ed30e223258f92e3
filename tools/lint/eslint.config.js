// ESLint for the project (npm run lint): typescript-eslint's recommended rules on every TypeScript
// file, formatting left to Prettier (eslint-config-prettier turns off the rules that would fight it).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'build/**', '.data/**', 'coverage/**', 'tools/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, prettier],
    languageOptions: { globals: { ...globals.node, ...globals.browser }, parserOptions: { tsconfigRootDir: root } },
    rules: {
      // Unused names are mistakes, except the ones that say so with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `as never` / `as unknown as` bridge library types (knex, AdminJS) in a few places; any stays visible.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
