// Lint configuration: typescript-eslint's recommended rules over src/, test/ and scripts/.
import js from '@eslint/js'
import regexp from 'eslint-plugin-regexp'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', 'test/**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }]
    }
  },
  {
    // Patterns meet post text, headings, branch names and titles: none may backtrack super-linearly (issue 13).
    // A pattern bounded in its input's length says so where it is disabled.
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' }
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', 'src/cli.ts'],
    rules: { 'no-console': 'off' }
  }
)
