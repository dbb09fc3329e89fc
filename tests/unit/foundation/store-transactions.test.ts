import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../main/store/store';
import { tempSqlitePath } from '../../helpers/temp-app';

/** The store's unit-of-work rules: all-or-nothing transactions, savepoints inside, durable commits. */
describe('store transactions', () => {
  let tmp = tempSqlitePath();
  let store: SqliteStore;
  const open = () => {
    store = new SqliteStore(tmp.dbPath);
    store.sqlite.exec('create table t (v integer not null unique)');
    return store;
  };
  const values = async () => (await store.raw<{ v: number }>('select v from t order by v')).map((r) => r.v);
  const synchronous = () => store.sqlite.pragma('synchronous', { simple: true });
  afterEach(() => {
    store?.close();
    tmp.cleanup();
    tmp = tempSqlitePath();
  });

  it('rolls back everything of a failed unit of work, and only the failed savepoint inside one', async () => {
    open();
    await expect((async () =>
      await store.tx(async () => {
        await store.raw('insert into t (v) values (1)');
        await store.raw('insert into t (v) values (1)'); // unique violation
      }))(),
    ).rejects.toThrow(/UNIQUE/);
    expect(await values()).toEqual([]);

    await store.tx(async () => {
      await store.raw('insert into t (v) values (2)');
      await expect((async () => await store.tx(async () => (await store.raw('insert into t (v) values (3)'), await store.raw('insert into t (v) values (2)'))))()).rejects.toThrow(/UNIQUE/);
      await store.raw('insert into t (v) values (4)');
    });
    expect(await values()).toEqual([2, 4]);
    expect(store.sqlite.inTransaction).toBe(false);
  });

  it('txWithoutSync commits without the fsync and puts FULL back, also when the work fails; syncWal makes it durable', async () => {
    open();
    expect(synchronous()).toBe(2);
    await store.txWithoutSync(async () => {
      expect(synchronous()).toBe(1); // NORMAL for this commit only
      await store.raw('insert into t (v) values (5)');
    });
    expect(synchronous()).toBe(2);
    await expect((async () => await store.txWithoutSync(async () => await store.raw('insert into t (v) values (5)')))()).rejects.toThrow(/UNIQUE/);
    expect(synchronous()).toBe(2);
    await store.syncWal();
    // A second connection (another process would be the same) sees the committed row.
    const other = new SqliteStore(tmp.dbPath);
    expect((await other.raw<{ v: number }>('select v from t')).map((r) => r.v)).toEqual([5]);
    other.close();
  });

  it('keeps a transaction open across awaits and rolls all of it back when a later step fails', async () => {
    open();
    await expect(
      store.tx(async () => {
        await store.raw('insert into t (v) values (6)');
        await new Promise((resolve) => setImmediate(resolve));
        await store.raw('insert into t (v) values (7)');
        throw new Error('the third step failed');
      }),
    ).rejects.toThrow(/third step/);
    expect(store.sqlite.inTransaction).toBe(false);
    expect(await values()).toEqual([]);
  });
});
