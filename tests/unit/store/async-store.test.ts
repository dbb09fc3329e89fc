import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../main/store/store';
import { gate, started } from '../../helpers/concurrency';
import { tempSqlitePath } from '../../helpers/temp-app';

/** Lets every other pending callback of the process run (what an await on I/O gives other requests). */
async function yieldSeveralTurns(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTurn();
}

/**
 * The SQLite store shares one connection between every request of the process; across the awaits
 * of an open transaction, other requests' statements must neither land in it nor see it.
 */
describe('the asynchronous SQLite store', () => {
  let store: SqliteStore;
  let tmp: ReturnType<typeof tempSqlitePath>;

  beforeEach(async () => {
    tmp = tempSqlitePath();
    store = new SqliteStore(tmp.dbPath);
    await store.raw('create table item (id integer primary key, name text not null)');
  });

  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const names = async () => (await store.raw<{ name: string }>('select name from item order by id')).map((r) => r.name);
  const add = async (name: string) => await store.insert('insert into item (name) values (?)', name);

  // The other request starts from outside the transaction's call chain, as an HTTP request would:
  // anything called from inside tx()'s callback belongs to that transaction (a savepoint).
  it('keeps two concurrent transactions apart: the second starts after the first commits, and neither sees the other uncommitted', async () => {
    const seen: Record<string, string[]> = {};
    const firstInserted = gate();
    const first = started(async () =>
      await store.tx(async () => {
        await add('a');
        firstInserted.open();
        await yieldSeveralTurns();
        seen.first = await names();
      }),
    );
    await firstInserted.opened;
    const second = started(async () =>
      await store.tx(async () => {
        seen.secondBefore = await names();
        await add('b');
        seen.secondAfter = await names();
      }),
    );
    await Promise.all([first, second]);
    expect(seen).toEqual({ first: ['a'], secondBefore: ['a'], secondAfter: ['a', 'b'] });
  });

  it('makes a statement outside any transaction wait for the open one, so its write survives that transaction failing', async () => {
    const doomedInserted = gate();
    const failing = started(async () =>
      await store.tx(async () => {
        await add('doomed');
        doomedInserted.open();
        await yieldSeveralTurns();
        expect(await names()).toEqual(['doomed']);
        throw new Error('the unit of work failed');
      }),
    );
    await doomedInserted.opened;
    const outside = started(async () => await add('independent'));
    await expect(failing).rejects.toThrow('the unit of work failed');
    await outside;
    expect(await names()).toEqual(['independent']);
    expect(store.sqlite.inTransaction).toBe(false);
  });

  it('rolls back only the savepoint of a nested tx() that fails', async () => {
    await store.tx(async () => {
      await add('outer-before');
      const inner = started(async () =>
        await store.tx(async () => {
          await add('inner');
          await yieldSeveralTurns();
          throw new Error('inner failed');
        }),
      );
      await expect(inner).rejects.toThrow('inner failed');
      await add('outer-after');
    });
    expect(await names()).toEqual(['outer-before', 'outer-after']);
  });

  it('knows, down the async call chain, whether it runs inside a transaction', async () => {
    expect(store.inTransaction).toBe(false);
    const inside = await store.tx(async () => {
      await yieldSeveralTurns();
      return store.inTransaction;
    });
    expect(inside).toBe(true);
    expect(store.inTransaction).toBe(false);
  });

  // The stores of a thread share one AsyncLocalStorage (store.ts): each must still find its own
  // transaction when another store's is open inside it, and a failure there undoes only that one.
  it("keeps each store's transaction its own when one runs inside another store's", async () => {
    const otherTmp = tempSqlitePath();
    const other = new SqliteStore(otherTmp.dbPath);
    try {
      await other.raw('create table note (id integer primary key, text text not null)');
      const failed = await store
        .tx(async () => {
          await add('outer');
          await other.tx(async () => {
            await other.insert('insert into note (text) values (?)', 'kept');
            await yieldSeveralTurns();
            // Still store's transaction (a savepoint of it), not a new one waiting behind it.
            expect(store.inTransaction).toBe(true);
            await add('inside-other');
          });
          expect(other.inTransaction).toBe(false);
          throw new Error('undo the outer transaction');
        })
        .catch((error: Error) => error.message);
      expect(failed).toBe('undo the outer transaction');
      expect(await names()).toEqual([]);
      expect(await other.raw<{ text: string }>('select text from note')).toEqual([{ text: 'kept' }]);
    } finally {
      other.close();
      otherTmp.cleanup();
    }
  });
});
