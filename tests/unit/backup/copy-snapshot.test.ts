import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { copyDatabaseFile } from '../../../main/domain/backup/copy';
import { SqliteStore } from '../../../main/store/store';
import { onPostgres, tempSqlitePath } from '../../helpers/temp-app';

let tmp = tempSqlitePath();
afterEach(() => {
  tmp.cleanup();
  tmp = tempSqlitePath();
});

/**
 * SQLite's backup API starts over whenever another connection commits between two of its steps:
 * with orders arriving every millisecond a big database never finished copying. The copy holds one
 * read transaction instead: it finishes, and holds exactly what was committed when it began.
 */
// SQLite's page copy (PostgreSQL backups are pg_dump's snapshots).
it.skipIf(onPostgres)('a copy of a database written to every millisecond by another connection finishes, and holds what was committed when it began', async () => {
  const store = new SqliteStore(tmp.dbPath);
  store.sqlite.exec('create table parcel (id integer primary key, label text not null)');
  const insert = store.sqlite.prepare('insert into parcel (label) values (?)');
  // ~16 MB: many backup steps.
  store.sqlite.transaction(() => {
    for (let i = 0; i < 50_000; i++) insert.run(`parcel ${i} `.padEnd(300, '.'));
  })();
  let writes = 0;
  const writer = setInterval(() => {
    insert.run('written during the copy');
    writes++;
  }, 1);
  const dest = path.join(tmp.dir, 'copy.sqlite');
  try {
    await copyDatabaseFile(tmp.dbPath, dest);
  } finally {
    clearInterval(writer);
  }
  expect(writes).toBeGreaterThan(0);
  const copy = new Database(dest, { readonly: true });
  expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
  expect(copy.prepare('select count(*) as n from parcel').get()).toEqual({ n: 50_000 });
  expect(copy.prepare("select count(*) as n from parcel where label = 'written during the copy'").get()).toEqual({ n: 0 });
  copy.close();
  expect((store.sqlite.prepare('select count(*) as n from parcel').get() as { n: number }).n).toBe(50_000 + writes);
  store.close();
}, 60_000);
