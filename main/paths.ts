import os from 'node:os';
import path from 'node:path';

/**
 * The OS user-data folder, the same one Electron's app.getPath('userData') gives for an app
 * named "Shipshape", so the desktop app, the CLI and the station server share one database.
 */
export function userDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Shipshape');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Shipshape');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Shipshape');
}

/** `--db FILE` wins, then SHIPSHAPE_DB, then the user-data folder. */
export function resolveDbPath(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.SHIPSHAPE_DB) return path.resolve(process.env.SHIPSHAPE_DB);
  return path.join(userDataDir(), 'shipshape.sqlite');
}

/** The repository root (for the built renderer and package.json), from this file's location. */
export function projectRoot(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  // main/paths.ts when run from source, out/main/index.js when bundled: both are two levels down or one.
  return here.endsWith(path.join('out', 'main')) ? path.resolve(here, '..', '..') : path.resolve(here, '..');
}
