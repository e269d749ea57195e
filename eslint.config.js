import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/', 'oclif.manifest.json', 'fixtures/handlers/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', fetch: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  // Only src/lib/** may import the AWS SDK; commands, hooks and the base class stay light.
  {
    files: ['src/commands/**/*.ts', 'src/*-command.ts', 'src/ui/**/*.ts', 'src/hooks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {patterns: [{allowTypeImports: true, group: ['@aws-sdk/*', '@aws-crypto/*'], message: 'Build AWS clients in src/lib/aws/clients.ts; commands import src/lib modules lazily.'}]},
      ],
    },
  },
)
