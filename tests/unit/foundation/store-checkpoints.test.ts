import { statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackgroundCheckpointer } from '../../../main/store/checkpointer';
import { SqliteStore } from '../../../main/store/store';
import { tempSqlitePath } from '../../helpers/temp-app';

/**
 * Background WAL checkpoints (main/store/checkpointer.ts): the long-running processes copy the WAL
 * into the database file on a worker thread instead of inside a commit.
 */
describe('background WAL checkpoints', () => {
  let tmp = tempSqlitePath();
  let store: SqliteStore;
  const open = () => {
    store = new SqliteStore(tmp.dbPath);
    store.sqlite.exec('create table t (id integer primary key, payload blob not null)');
    return store;
  };
  /** ~1 MB in 256 rows of 4 KB: about 256 WAL pages. */
  const writeMegabyte = async () => await store.tx(async () => {
    for (let i = 0; i < 256; i++) await store.raw('insert into t (payload) values (randomblob(4000))');
  });
  const size = (file: string) => statSync(file).size;
  afterEach(async () => {
    await store?.stopBackgroundCheckpoints();
    store?.close();
    tmp.cleanup();
    tmp = tempSqlitePath();
  });

  it('copies committed pages into the database file without the writer checkpointing', async () => {
    open();
    const checkpointer = store.startBackgroundCheckpoints({ intervalMs: 20 })!;
    // The writer's own automatic checkpoint is only a far-off safety valve now.
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const before = size(tmp.dbPath);
    await writeMegabyte();
    // Nothing reached the database file at commit: it is all in the WAL.
    expect(size(tmp.dbPath)).toBe(before);
    await vi.waitFor(() => expect(size(tmp.dbPath)).toBeGreaterThan(before + 1_000_000), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(checkpointer.stats.rounds).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    expect(checkpointer.stats.lastError).toBeNull();
  });

  it('keeps the WAL from growing: once copied, the next write starts it over', async () => {
    open();
    const checkpointer = store.startBackgroundCheckpoints({ intervalMs: 60_000 })!;
    const walSizes: number[] = [];
    for (let round = 1; round <= 6; round++) {
      await writeMegabyte();
      walSizes.push(size(`${tmp.dbPath}-wal`));
      // A round after the write: the WAL is then wholly in the database file.
      await checkpointer.checkpointNow();
    }
    // Six megabytes written; without checkpoints the WAL would hold all of them.
    expect(Math.max(...walSizes)).toBeLessThan(2_500_000);
    expect((await store.raw<{ n: number }>('select count(*) as n from t'))[0].n).toBe(6 * 256);
  });

  it('loses nothing across stop and reopen, and gives the writer its own checkpoints back', async () => {
    open();
    const checkpointer = store.startBackgroundCheckpoints({ intervalMs: 20 })!;
    await writeMegabyte();
    await vi.waitFor(() => expect(checkpointer.stats.rounds).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    await writeMegabyte();
    await store.stopBackgroundCheckpoints();
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    store.close();
    store = new SqliteStore(tmp.dbPath);
    expect((await store.raw<{ n: number }>('select count(*) as n from t'))[0].n).toBe(512);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('runs while anyone holds it: the app for its lifetime, an import for its writes', async () => {
    open();
    const app = store.startBackgroundCheckpoints({ intervalMs: 20 })!;
    // An import starts and stops its hold in the middle of the app's: the app's thread keeps running.
    expect(store.startBackgroundCheckpoints()).toBe(app);
    await store.stopBackgroundCheckpoints();
    expect(store.backgroundCheckpoints).toBe(app);
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    // The last hold released: the thread stops and the writer checkpoints itself again.
    await store.stopBackgroundCheckpoints();
    expect(store.backgroundCheckpoints).toBeNull();
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('reports a thread that cannot open its database, and still stops', async () => {
    open();
    const broken = new BackgroundCheckpointer(`${tmp.dir}/no-such-folder/x.sqlite`, { intervalMs: 20 });
    await broken.exited;
    expect(broken.stats.lastError).toMatch(/directory does not exist|unable to open/i);
    await broken.stop();
    expect(broken.stats.rounds).toBe(0);
  });

  it('is not started for an in-memory store', () => {
    store = new SqliteStore(':memory:');
    expect(store.startBackgroundCheckpoints()).toBeNull();
  });
});
