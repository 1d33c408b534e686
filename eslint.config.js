// Lint rules that turn the house style into failures: the import boundaries of ARCHITECTURE.md
// (pure core, pure components) and the TypeScript rules of DEVELOPERS.md.
import tseslint from 'typescript-eslint';

const browserGlobals = ['browser', 'chrome', 'fetch', 'indexedDB', 'XMLHttpRequest', 'localStorage', 'sessionStorage'].map(
  (name) => ({ name, message: 'src/core is pure: IO belongs in connectors, store or sync.' }),
);

const ioModules = [
  { group: ['idb', 'idb/*', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'src/core is pure: no IndexedDB.' },
  { group: ['webextension-polyfill', 'wxt', 'wxt/*', '#imports'], message: 'src/core is pure: no browser APIs.' },
  { group: ['**/store', '**/store/**', '**/sync', '**/sync/**', '**/connectors/**', '**/auth/**', '**/messaging/**'], message: 'src/core imports nothing with IO.' },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.output/**', '.wxt/**', 'demo-output/**', 'sandbox/docketwise/web/public/**', 'test/fixtures/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals],
      'no-restricted-imports': ['error', { patterns: ioModules }],
    },
  },
  {
    files: ['src/ui/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals.map((g) => ({ ...g, message: 'Components are pure: side effects go through hooks.' }))],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/connectors/**', '**/store/**', '**/store', '**/sync/**', '**/sync', '**/auth/**', 'idb', 'webextension-polyfill'], message: 'Components import no connectors, store, sync or auth: use a hook.' },
            { group: ['**/hooks/**'], message: 'Components receive data as props; only app/page components use hooks.' },
          ],
        },
      ],
    },
  },
);
