import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../main/store/store';
import { appliedMigrations, LATEST_MIGRATION, migrateToLatest } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { tempSqlitePath } from '../../helpers/temp-app';

describe('migrations', () => {
  let tmp = tempSqlitePath();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempSqlitePath();
  });

  it('every migration has its own test file', () => {
    for (const name of Object.keys(MIGRATIONS)) {
      expect(existsSync(path.join(import.meta.dirname, `${name}.test.ts`)), `tests/unit/migrations/${name}.test.ts`).toBe(true);
    }
  });

  it('run at open, are recorded, and are a no-op the second time; pragmas are set', async () => {
    const store = new SqliteStore(tmp.dbPath);
    await migrateToLatest(store);
    await migrateToLatest(store);
    expect(await appliedMigrations(store)).toEqual(Object.keys(MIGRATIONS).sort());
    expect((await appliedMigrations(store)).at(-1)).toBe(LATEST_MIGRATION);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL: a confirmed change survives a power cut
    store.close();
  });
});
