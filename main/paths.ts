import os from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * `--db FILE|URL` wins, then SHIPSHAPE_DB, then the user-data folder. A postgres:// URL is kept
 * as it is (resolving it as a path would turn it into a folder named "postgres:" under the cwd).
 */
export function resolveDbPath(explicit?: string): string {
  const chosen = explicit || process.env.SHIPSHAPE_DB;
  if (chosen) return isDatabaseUrl(chosen) ? chosen : path.resolve(chosen);
  return path.join(userDataDir(), 'shipshape.sqlite');
}

/** How a database location is shown to people: the engine, and a URL without its password. */
export function describeDbLocation(location: string): string {
  if (!isDatabaseUrl(location)) return `SQLite ${location}`;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return `PostgreSQL ${location.replace(/:[^:@/]*@/, ':***@')}`;
  }
}

/** A `postgres://` / `postgresql://` URL (the same test as store/open-store's isPostgresLocation, without importing the store). */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The project root (for package.json and the built console), found by walking up from this
 * module: it runs from main/ (sources), out/main/ (Electron bundle) or out/cli/ (CLI bundle).
 */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'main'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}
