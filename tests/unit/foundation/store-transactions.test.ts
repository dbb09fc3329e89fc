import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { tempDbPath } from '../../helpers/temp-app';

/** The store's unit-of-work rules: all-or-nothing transactions, savepoints inside, durable commits. */
describe('store transactions', () => {
  let tmp = tempDbPath();
  let store: Store;
  const open = () => {
    store = new Store(tmp.dbPath);
    store.sqlite.exec('create table t (v integer not null unique)');
    return store;
  };
  const values = () => store.raw<{ v: number }>('select v from t order by v').map((r) => r.v);
  const synchronous = () => store.sqlite.pragma('synchronous', { simple: true });
  afterEach(() => {
    store?.close();
    tmp.cleanup();
    tmp = tempDbPath();
  });

  it('rolls back everything of a failed unit of work, and only the failed savepoint inside one', () => {
    open();
    expect(() =>
      store.tx(() => {
        store.raw('insert into t (v) values (1)');
        store.raw('insert into t (v) values (1)'); // unique violation
      }),
    ).toThrow(/UNIQUE/);
    expect(values()).toEqual([]);

    store.tx(() => {
      store.raw('insert into t (v) values (2)');
      expect(() => store.tx(() => (store.raw('insert into t (v) values (3)'), store.raw('insert into t (v) values (2)')))).toThrow(/UNIQUE/);
      store.raw('insert into t (v) values (4)');
    });
    expect(values()).toEqual([2, 4]);
    expect(store.sqlite.inTransaction).toBe(false);
  });

  it('txWithoutSync commits without the fsync and puts FULL back, also when the work fails; syncWal makes it durable', async () => {
    open();
    expect(synchronous()).toBe(2);
    store.txWithoutSync(() => {
      expect(synchronous()).toBe(1); // NORMAL for this commit only
      store.raw('insert into t (v) values (5)');
    });
    expect(synchronous()).toBe(2);
    expect(() => store.txWithoutSync(() => store.raw('insert into t (v) values (5)'))).toThrow(/UNIQUE/);
    expect(synchronous()).toBe(2);
    await store.syncWal();
    // A second connection (another process would be the same) sees the committed row.
    const other = new Store(tmp.dbPath);
    expect(other.raw<{ v: number }>('select v from t').map((r) => r.v)).toEqual([5]);
    other.close();
  });

  it('refuses a transaction function that returns a promise, and leaves nothing open', () => {
    open();
    expect(() => store.tx(() => Promise.resolve(store.raw('insert into t (v) values (6)')))).toThrow(/promise/);
    expect(store.sqlite.inTransaction).toBe(false);
    expect(values()).toEqual([]);
  });
});
