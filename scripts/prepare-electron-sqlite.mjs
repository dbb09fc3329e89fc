// Builds a second copy of better-sqlite3 against Electron's ABI into .native/electron/, so the
// Electron app loads it through better-sqlite3's `nativeBinding` option while `npm test` keeps
// using the Node build in node_modules. Runs once; rebuilds when the Electron version changes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronVersion = require('electron/package.json').version;
const outDir = path.join(root, '.native', 'electron');
const stamp = path.join(outDir, 'electron-version');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion && existsSync(path.join(outDir, 'better_sqlite3.node'))) {
  process.exit(0);
}
const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.native', 'build-better-sqlite3');
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
console.log(`Building better-sqlite3 for Electron ${electronVersion} (needs Electron's headers from electronjs.org)...`);
// npm tells scripts where its own node-gyp is; fall back to one installed in node_modules.
const nodeGyp = process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js');
execFileSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
  { cwd: work, stdio: 'inherit' },
);
mkdirSync(outDir, { recursive: true });
cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), path.join(outDir, 'better_sqlite3.node'));
writeFileSync(stamp, electronVersion);
