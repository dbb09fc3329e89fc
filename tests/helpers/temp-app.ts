import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App, type OpenAppOptions } from '../../main/app';
import { postgresTestDatabase, TEST_ENGINE } from '../setup/postgres-engine';

/**
 * A fresh database for each test, removed on cleanup: a real SQLite file in a temp folder, or,
 * when the suite runs on PostgreSQL (SHIPSHAPE_TEST_ENGINE=postgres), a database of its own on the
 * run's server — `dbPath` is then its postgres:// URL. `dir` is a temp folder either way.
 */
export function tempDbPath(): { dbPath: string; dir: string; cleanup(): void } {
  if (TEST_ENGINE === 'postgres') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
    const db = postgresTestDatabase();
    return {
      dir,
      dbPath: db.url,
      cleanup: () => {
        db.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return tempSqlitePath();
}

/** A SQLite file in a temp folder whichever engine the suite runs on: for tests of SqliteStore itself. */
export function tempSqlitePath(): { dbPath: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
  return { dir, dbPath: path.join(dir, 'test.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Tests that exercise SQLite itself (its files, WAL, pragmas): `it.skipIf(onPostgres)(…)`. */
export const onPostgres = TEST_ENGINE === 'postgres';

export async function tempApp(options: Partial<OpenAppOptions> = {}): Promise<App & { cleanup(): Promise<void>; dir: string }> {
  const tmp = tempDbPath();
  const app = await openApp({ dbPath: tmp.dbPath, ...options });
  return Object.assign(app, {
    dir: tmp.dir,
    async cleanup() {
      await app.close();
      tmp.cleanup();
    },
  });
}
