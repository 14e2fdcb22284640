import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'test/fixtures/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off'
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Actions talk through @actions/core (log groups, annotations), never console.
      'no-console': 'error',
      'no-restricted-imports': ['error', { paths: ['child_process', 'node:child_process'].map((name) => ({ name, message: 'Use src/lib/exec: argument vectors, never a shell.' })) }]
    }
  },
  { files: ['src/lib/exec/**/*.ts'], rules: { 'no-restricted-imports': 'off' } }
)
