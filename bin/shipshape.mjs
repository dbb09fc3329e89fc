#!/usr/bin/env node
// The `shipshape` command. Runs from the TypeScript sources, so `npx shipshape ...` works right
// after `npm install` with no build step: the first run bundles main/cli.ts with esbuild into
// out/cli/ (≈0.3 s) and later runs start from that bundle (fast start matters for the station
// server and scripted jobs). A source file newer than the bundle triggers a rebuild; if bundling
// is impossible the sources run through tsx instead.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out', 'cli', 'shipshape.mjs');
// Worker-thread entries, bundled next to the CLI (the code starting them looks beside its own bundle).
const workers = {
  'product-import-worker': path.join(root, 'main', 'domain', 'catalog', 'product-import-worker.ts'),
  'order-intake-worker': path.join(root, 'main', 'domain', 'orders', 'order-intake-worker.ts'),
  'backup-worker': path.join(root, 'main', 'domain', 'backup', 'backup-worker.ts'),
  'forecast-worker': path.join(root, 'main', 'domain', 'replenishment', 'forecast-worker.ts'),
};

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

async function loadCli() {
  const sourcesChanged = () => Math.max(newestSourceMtime(path.join(root, 'main')), newestSourceMtime(path.join(root, 'shared'))) > statSync(bundle).mtimeMs;
  if (process.env.SHIPSHAPE_NO_BUNDLE !== '1') {
    try {
      const outputs = [bundle, ...Object.keys(workers).map((name) => path.join(path.dirname(bundle), `${name}.mjs`))];
      if (!outputs.every((file) => existsSync(file)) || sourcesChanged()) {
        const esbuild = await import('esbuild');
        const result = await esbuild.build({
          entryPoints: { shipshape: path.join(root, 'main', 'cli.ts'), ...workers },
          outdir: path.dirname(bundle),
          outExtension: { '.js': '.mjs' },
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          // Pure-JS libraries (kysely, zod, csv-parse) are bundled in: resolving their hundreds of ESM
          // files costs more at start than parsing them. Native and asset-carrying packages stay external.
          external: ['better-sqlite3', 'date-holidays', 'serialport', '@serialport/*', 'node-hid', 'pdfkit', 'bwip-js', 'bwip-js/*', 'node-thermal-printer', 'esbuild', 'tsx', 'tsx/*'],
          logLevel: 'error',
          write: false,
        });
        // Write-then-rename: several processes (parallel tests) may rebuild at once; none may load a half-written file.
        // The CLI bundle last: its date is what says the bundles are fresh.
        mkdirSync(path.dirname(bundle), { recursive: true });
        for (const file of [...result.outputFiles].sort((a, b) => (a.path === bundle) - (b.path === bundle))) {
          const tmp = `${file.path}.${process.pid}.tmp`;
          writeFileSync(tmp, file.contents);
          renameSync(tmp, file.path);
        }
      }
      return await import(pathToFileURL(bundle).href);
    } catch (err) {
      if (process.env.SHIPSHAPE_DEBUG) console.error('bundle unavailable, running sources through tsx:', err);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(root, 'main', 'cli.ts')).href);
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
