// ESLint flat config: @eslint/js and typescript-eslint recommended (syntax-only, not type-aware:
// the type-aware rules would type-check the tree a second time on two cores; tsc already does that
// in `npm run typecheck`), plus the import boundaries between the layers (README, Architecture).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, bare and with the node: prefix ('fs', 'node:fs', 'fs/promises', ...). */
const NODE_BUILTINS = `^(node:.*|(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`;

/**
 * An import that climbs out of its folder into one of these top-level folders
 * ('../../main/app', '../shared/api'). Relative paths are matched as written: the layers sit at the
 * top of the tree, so a path that climbs and then names one of them means that folder.
 */
const climbsInto = (...folders) => `^(\\.\\.\\/)+(${folders.join('|')})(\\/|$)`;

/** One no-restricted-imports rule from { regex: message } pairs (ESLint's own rule, no plugin). */
const restrict = (patterns) => ['error', { patterns: Object.entries(patterns).map(([regex, message]) => ({ regex, message })) }];

const MAIN_NOT_RENDERER = 'main/ talks to the renderer over IPC or HTTP, never by importing it.';
const NO_NODE_IN_BROWSER = 'The console runs in a browser (Electron window or a packing station): no Node built-ins. Ask main through the API.';

export default defineConfig(
  // Built output, reports and generated files.
  globalIgnores(['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results/', '.native/', 'main/store/schema.generated.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused names are tsc's job (noUnused* would be the place); the lint run stays about layers and bugs.
      '@typescript-eslint/no-unused-vars': 'off',
      'no-unused-vars': 'off',
      // Deliberate at the edges (JSON bodies, test helpers poking at internals); zod checks what crosses the API.
      '@typescript-eslint/no-explicit-any': 'off',
      // `value!` after a check the compiler cannot follow is the house style, with the reason next to it.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Device protocols (STX/ETX framing) and sanitisers match control characters on purpose.
      'no-control-regex': 'off',
      // `let x = default` that every branch then overwrites reads as the default; tsc's
      // definite-assignment analysis covers the real risk (a read before any write).
      'no-useless-assignment': 'off',
      // `cond && run()` and `a ? f() : g()` are statements in this code base; a lone `a === b;` is still caught.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // A `let` declared before the closures that read it and assigned once later (the server's host list) stays a let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['tests/**'],
    rules: {
      // Playwright's fixture signature is `async ({}, use) => ...`: the empty pattern is its API.
      'no-empty-pattern': 'off',
      // Test doubles of Electron's classes capture their instance for the callbacks they hand out.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  // Where each part runs: globals for the plain .js/.mjs files (TypeScript files get no-undef from tsc).
  { files: ['main/**', 'preload/**', 'tests/**', 'bench/**', 'scripts/**', 'bin/**', '.ci/**', '*.{js,mjs,ts}'], languageOptions: { globals: globals.node } },
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['shared/**'], languageOptions: { globals: globals['shared-node-browser'] } },

  // ---- Layers ----
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict({
        [climbsInto('main', 'preload')]: 'The renderer reaches main only through window.shipshape (the API contract in shared/), never by importing main/ or preload/.',
        '^electron(\\/.*)?$': 'The renderer is sandboxed: Electron comes through the preload bridge only.',
        [NODE_BUILTINS]: NO_NODE_IN_BROWSER,
      }),
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': restrict({
        [climbsInto('main', 'renderer', 'preload', 'tests', 'bench', 'scripts', 'bin')]: 'shared/ is used by main, preload and renderer alike: it imports only shared/ files.',
        // An allow-list: zod is the contract's schema language; anything else (a Node built-in, React, a
        // Node-only package) would ride into every bundle or break in the browser.
        '^(?!\\.|zod(\\/|$))': 'shared/ runs in main, preload and the browser: it imports only other shared/ files and zod (no Node built-ins, no other packages).',
      }),
    },
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': restrict({
        [climbsInto('renderer', 'preload')]: MAIN_NOT_RENDERER,
      }),
    },
  },
  {
    // After main/** (the last matching block's options win, so the domain's list repeats main's).
    files: ['main/domain/**'],
    rules: {
      'no-restricted-imports': restrict({
        [climbsInto('renderer', 'preload')]: MAIN_NOT_RENDERER,
        [climbsInto('server', 'api', 'cli', 'electron')]: 'The domain does not know its transports: main/server, main/api, main/cli and main/electron call the domain, never the other way round.',
        '^(\\.\\.\\/)+(app|services|window|cli|workers)$': 'The domain is built by the composition root (main/app.ts, main/services.ts); it does not import it.',
        '^(node:)?(http|https|http2)$': 'The domain does not speak HTTP: an adapter in main/server reads the request and calls the domain (see main/server/webhook-routes.ts).',
        '^electron(\\/.*)?$': 'The domain runs without Electron too (CLI, station server, worker threads): Electron belongs in main/electron.',
      }),
    },
  },
  {
    // Electron is there only in the desktop app; the CLI, the station server and the worker threads run
    // the same main/ code without it. A type-only import (a backend handed Electron's class) is fine.
    files: ['main/**'],
    ignores: ['main/electron/**', 'main/index.ts', 'main/window.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^electron(\\/.*)?$', allowTypeImports: true, message: 'Electron is imported only in main/electron/, main/index.ts and main/window.ts: the CLI and the station server run without it (pass what is needed in, as main/devices/printers/electron-pdf-print.ts does).' }] },
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': restrict({
        // Not even types: the preload is bundled on its own and sandboxed; what it shares with main is the contract in shared/.
        [climbsInto('main', 'renderer')]: 'The preload bridges only the API contract (shared/); it imports nothing from main/ or renderer/.',
      }),
    },
  },
);
