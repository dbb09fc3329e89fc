import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './main/renderer-csp';

/** Three builds in one file: main (Node), preload (sandboxed, fully bundled), renderer (web). */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The worker threads (product import, order intake) are entries of their own: each is started from a file next to index.js.
      lib: {
        entry: {
          index: resolve(__dirname, 'main/index.ts'),
          'product-import-worker': resolve(__dirname, 'main/domain/catalog/product-import-worker.ts'),
          'order-intake-worker': resolve(__dirname, 'main/domain/orders/order-intake-worker.ts'),
          'backup-worker': resolve(__dirname, 'main/domain/backup/backup-worker.ts'),
          'forecast-worker': resolve(__dirname, 'main/domain/replenishment/forecast-worker.ts'),
        },
      },
      // Native and Node-only runtime dependencies stay external (they live in `dependencies`); so do
      // the build tools (devDependencies): only code run from the TypeScript sources imports esbuild
      // (main/util/worker-entry.ts), never the bundle, and esbuild cannot be bundled anyway.
      rollupOptions: { external: ['better-sqlite3', 'pg', 'date-holidays', 'serialport', 'node-hid', 'node-thermal-printer', 'pdfkit', 'bwip-js', 'tsx', 'esbuild'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'preload/index.ts') },
      // A sandboxed preload cannot require() anything but electron: bundle everything, emit CommonJS.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    // The CSP <meta> of index.html, from the station server's policy (file:// has no headers).
    plugins: [react(), cspMetaPlugin()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified: the console is also served to packing stations over the LAN.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
