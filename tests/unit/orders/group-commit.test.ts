import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitQueue } from '../../../main/domain/orders/group-commit';
import { openStore, type AnyStore } from '../../../main/store/open-store';
import { SqliteStore } from '../../../main/store/store';
import { onPostgres, tempSqlitePath } from '../../helpers/temp-app';

/**
 * The flash-sale group commit (main/domain/orders/group-commit.ts): jobs that arrive together share
 * one transaction, each all-or-nothing in its own savepoint, and each is answered only once it is
 * durable — also when the next group is written while the previous sync is still on the disk.
 */
describe('group commit', () => {
  let tmp: ReturnType<typeof tempSqlitePath>;
  let store: SqliteStore | undefined;
  let reader: Database.Database | undefined;
  afterEach(() => {
    reader?.close();
    store?.close();
    tmp?.cleanup();
    reader = store = undefined;
  });

  const open = () => {
    tmp = tempSqlitePath();
    store = new SqliteStore(tmp.dbPath);
    store.sqlite.exec('create table t (v integer not null unique)');
    // A second connection sees only what is committed.
    reader = new Database(tmp.dbPath, { readonly: true });
    return store;
  };
  const committed = () => (reader!.prepare('select count(*) as n from t').get() as { n: number }).n;

  // SQLite's fsync sharing (txWithoutSync + syncWal); on PostgreSQL syncWal is a no-op and every commit is durable.
  it.skipIf(onPostgres)('answers every job only after a sync that began once its group was committed, while later groups are written meanwhile', async () => {
    const store = open();
    // Watch the syncs the queue asks the store for (the real fdatasync still runs): how many rows
    // were committed when each began, and which syncs have ended.
    const syncs: { coveredRows: number; done: boolean }[] = [];
    const realSync = store.syncWal.bind(store);
    store.syncWal = () => {
      const sync = { coveredRows: committed(), done: false };
      syncs.push(sync);
      return realSync().then(() => void (sync.done = true));
    };
    const durableRows = () => Math.max(0, ...syncs.filter((s) => s.done).map((s) => s.coveredRows));

    const queue = new GroupCommitQueue(store);
    const answered: Promise<void>[] = [];
    let writtenWhileSyncing = 0;
    for (let wave = 0; wave < 20; wave++) {
      for (let i = 0; i < 10; i++) {
        const v = wave * 10 + i;
        answered.push(
          queue
            .submit(async () => {
              if (syncs.some((s) => !s.done)) writtenWhileSyncing++;
              return (await store.raw('insert into t (v) values (?) returning rowid', v))[0] as { rowid: number };
            })
            .then(({ rowid }) => {
              // Answered: its row is committed and covered by a finished sync.
              expect(rowid).toBeLessThanOrEqual(durableRows());
            }),
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(answered);
    expect(committed()).toBe(200);
    expect(syncs.length).toBeGreaterThan(1);
    expect(syncs.length).toBeLessThan(200); // shared: far fewer syncs than jobs
    expect(writtenWhileSyncing).toBeGreaterThan(0); // pipelined: not every group waited for the disk
  });

  it('keeps each job all-or-nothing: a failing job rolls back alone and its caller gets the error', async () => {
    // Either engine: on PostgreSQL the failed statement aborts the group's transaction unless the
    // job's savepoint is rolled back, so the jobs after it would fail too.
    tmp = tempSqlitePath();
    const any: AnyStore = openStore(tmp.dbPath);
    const other: AnyStore = openStore(tmp.dbPath);
    try {
      await any.raw('create table t (v integer not null unique)');
      const queue = new GroupCommitQueue(any);
      const results = await Promise.allSettled([
        queue.submit(async () => await any.raw('insert into t (v) values (1)')),
        queue.submit(async () => {
          await any.raw('insert into t (v) values (2)');
          await any.raw('insert into t (v) values (1)'); // unique violation: this job's insert of 2 goes too
        }),
        queue.submit(async () => await any.raw('insert into t (v) values (3)')),
        queue.submit(async () => await any.raw('insert into t (v) values (4)')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE|duplicate key/i);
      // Read on another connection: only what was committed.
      expect(await other.raw('select v from t order by v')).toEqual([{ v: 1 }, { v: 3 }, { v: 4 }]);
    } finally {
      await other.close();
      await any.close();
    }
  });
});
