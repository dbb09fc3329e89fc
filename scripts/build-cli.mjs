// Bundles the `shipshape` command (main/cli.ts) and its worker threads into out/cli/*.mjs with
// esbuild. Runs at build time (`npm run build`, and `prepare` right after `npm install` in a
// checkout, where devDependencies exist), so neither esbuild nor tsx is a runtime dependency:
// bin/shipshape.mjs only loads the bundle. In a source checkout bin/shipshape.mjs also calls
// buildCli() when a source file is newer than the bundle (tests edit and run the CLI).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cliOutDir = path.join(root, 'out', 'cli');
export const cliBundle = path.join(cliOutDir, 'shipshape.mjs');

/** Worker-thread entries, bundled next to the CLI (the code starting them looks beside its own bundle). */
export const workerEntries = {
  'product-import-worker': path.join(root, 'main', 'domain', 'catalog', 'product-import-worker.ts'),
  'order-intake-worker': path.join(root, 'main', 'domain', 'orders', 'order-intake-worker.ts'),
  'backup-worker': path.join(root, 'main', 'domain', 'backup', 'backup-worker.ts'),
  'forecast-worker': path.join(root, 'main', 'domain', 'replenishment', 'forecast-worker.ts'),
};

/** Every file the build writes; all must exist for the bundle to be usable. */
export const cliOutputs = [cliBundle, ...Object.keys(workerEntries).map((name) => path.join(cliOutDir, `${name}.mjs`))];

export async function buildCli() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { shipshape: path.join(root, 'main', 'cli.ts'), ...workerEntries },
    outdir: cliOutDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Pure-JS libraries (kysely, zod, csv-parse) are bundled in: resolving their hundreds of ESM
    // files costs more at start than parsing them. Native and asset-carrying packages stay external
    // (they are runtime dependencies); so do the build tools, which only exist in a checkout.
    // pino and cli-progress are CommonJS requiring Node built-ins, which an ESM bundle cannot do.
    external: ['better-sqlite3', 'pg', 'date-holidays', 'serialport', '@serialport/*', 'node-hid', 'pdfkit', 'bwip-js', 'bwip-js/*', 'node-thermal-printer', 'pino', 'cli-progress', 'esbuild', 'tsx', 'tsx/*'],
    logLevel: 'error',
    write: false,
  });
  // Write-then-rename: several processes (parallel tests) may rebuild at once; none may load a
  // half-written file. The CLI bundle last: its date is what says the bundles are fresh.
  mkdirSync(cliOutDir, { recursive: true });
  for (const file of [...result.outputFiles].sort((a, b) => Number(a.path === cliBundle) - Number(b.path === cliBundle))) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // As `prepare` it also runs on an install without devDependencies (--omit=dev): no esbuild there,
  // and that must not fail the install (bin/shipshape.mjs then says how to build).
  const hasEsbuild = await import('esbuild').then(() => true, () => false);
  if (!hasEsbuild) {
    console.warn('esbuild is not installed (devDependencies omitted?): the CLI bundle was not built');
  } else {
    await buildCli();
    console.log(`CLI bundled into ${path.relative(root, cliOutDir)}/`);
  }
}
