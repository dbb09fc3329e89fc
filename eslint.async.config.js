// Type-aware checks for promises (the store is asynchronous): a promise nobody awaits, or an async
// function handed to something that expects a plain callback, loses its errors and escapes its
// transaction. Run by `npm run lint` after the layer rules (eslint.config.js).
import tseslint from 'typescript-eslint';

export default tseslint.config({
  files: ['main/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts'],
  ignores: ['main/store/schema.generated.ts'],
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  plugins: { '@typescript-eslint': tseslint.plugin },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  rules: {
    '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
    '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false, properties: true, returns: true, variables: true } }],
  },
});
