#!/usr/bin/env node
// The `shipshape` command: loads the CLI bundle out/cli/shipshape.mjs, made at build time by
// scripts/build-cli.mjs (`npm run build`, and the `prepare` script right after `npm install`).
// esbuild and tsx are build tools (devDependencies), not needed to run the bundle. In a source
// checkout a source file newer than the bundle triggers a rebuild when esbuild is installed
// (tests edit sources and run the CLI); without esbuild the sources run through tsx if that is
// installed, else the bundle as built.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out', 'cli', 'shipshape.mjs');
const buildScript = path.join(root, 'scripts', 'build-cli.mjs');
const sources = path.join(root, 'main', 'cli.ts');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** A checkout has the sources and the build script; an installed copy has only the bundle. */
const inCheckout = existsSync(sources) && existsSync(buildScript);

/** Some output missing, or older than a source file (checked in a checkout only). */
async function bundleIsStale() {
  const { cliOutputs } = await import(pathToFileURL(buildScript).href);
  if (!cliOutputs.every((file) => existsSync(file))) return true;
  return Math.max(newestSourceMtime(path.join(root, 'main')), newestSourceMtime(path.join(root, 'shared'))) > statSync(bundle).mtimeMs;
}

async function loadCli() {
  const wantBundle = process.env.SHIPSHAPE_NO_BUNDLE !== '1';
  if (wantBundle && existsSync(bundle) && !(inCheckout && (await bundleIsStale()))) return import(pathToFileURL(bundle).href);
  if (wantBundle && inCheckout) {
    try {
      const { buildCli } = await import(pathToFileURL(buildScript).href);
      await buildCli();
      return await import(pathToFileURL(bundle).href);
    } catch (err) {
      if (process.env.SHIPSHAPE_DEBUG) console.error('could not rebuild the CLI bundle:', err);
    }
  }
  if (inCheckout) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return await import(pathToFileURL(sources).href);
    } catch (err) {
      if (process.env.SHIPSHAPE_DEBUG) console.error('tsx unavailable:', err);
    }
  }
  if (existsSync(bundle)) {
    console.error('shipshape: the CLI bundle is older than the sources and esbuild is not installed; running it as built (`npm run build:cli` rebuilds it)');
    return import(pathToFileURL(bundle).href);
  }
  console.error('shipshape: the CLI is not built (out/cli/shipshape.mjs is missing). Run `npm install` (its prepare step builds it) or `npm run build:cli`.');
  process.exit(1);
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
