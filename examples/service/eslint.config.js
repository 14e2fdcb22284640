// The example's own lint config: it runs with the ESLint of the enclosing repository, no network needed.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default [
  { ignores: ['coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } }
]
