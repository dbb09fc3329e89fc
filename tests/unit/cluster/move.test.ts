import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { ledgerChecksum, type MoveReport } from '../../../main/cluster/move';
import { seedDemo } from '../../../main/demo/index';
import { runCli } from '../../helpers/cli';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';

// `shipshape move` copies a SQLite shop into PostgreSQL: the source is a SQLite file whatever
// SHIPSHAPE_TEST_ENGINE says, and the target a server of this file's own.
describe('shipshape move --from FILE --to postgres://…', () => {
  let pg: TestPostgres;
  let dir: string;
  let shop: string;
  beforeAll(async () => {
    pg = await startPostgres('moves');
    dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-move-'));
    shop = path.join(dir, 'demo.sqlite');
    const app = await openApp({ dbPath: shop });
    try {
      expect(await seedDemo(app, { seed: 7 })).toBe(true);
    } finally {
      await app.close();
    }
  }, 300_000);
  afterAll(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const both = async <T>(url: string, read: (app: App) => Promise<T>): Promise<[T, T]> => {
    const here = await openApp({ dbPath: shop });
    const there = await openApp({ dbPath: url });
    try {
      return [await read(here), await read(there)];
    } finally {
      await here.close();
      await there.close();
    }
  };

  it('copies the demo shop, verifies it, and an app on PostgreSQL shows the same orders and stock', async () => {
    const url = pg.createDatabase('moved_demo');
    const run = runCli(['move', '--from', shop, '--to', url, '--json']);
    expect(run.status, run.stderr + run.stdout.slice(0, 3000)).toBe(0);
    const report = run.json() as MoveReport;
    expect(report.ok).toBe(true);
    const count = (table: string) => report.tables.find((t) => t.table === table);
    for (const table of ['product', 'sales_order', 'order_line', 'stock_movement', 'product_search', 'warehouse']) {
      expect(count(table)?.source, table).toBeGreaterThan(0);
      expect(count(table)?.target, table).toBe(count(table)?.source);
    }
    expect(report.tables.some((t) => t.table.startsWith('product_search_') || t.table === 'sqlite_sequence')).toBe(false);
    expect(report.check.source.ok && report.check.target.ok).toBe(true);
    expect(report.ledger.ok).toBe(true);
    expect(report.ledger.movements).toBeGreaterThan(0);

    const [orders, ordersThere] = await both(url, async (app) => await app.invoke('orders.list', { limit: 50 } as never));
    expect(ordersThere).toEqual(orders);
    const [stock, stockThere] = await both(url, async (app) => await app.invoke('stock.list', { limit: 50 } as never));
    expect(stockThere).toEqual(stock);
    const [ledger, ledgerThere] = await both(url, ledgerChecksum);
    expect(ledgerThere).toEqual(ledger);
    // New rows continue after the copied ids (the identity sequences were moved on).
    const there = await openApp({ dbPath: url });
    try {
      const maxId = (await there.store.raw<{ m: number }>('select max(id) as m from product'))[0].m;
      const created = await there.invoke('catalog.upsert', { sku: 'MOVED-NEW', name: 'Made after the move' });
      expect(created.id).toBeGreaterThan(maxId);
    } finally {
      await there.close();
    }
  }, 300_000);

  it('refuses a target that already holds a shop, and changes nothing in it', async () => {
    const url = pg.createDatabase('not_empty');
    const app = await openApp({ dbPath: url });
    try {
      await app.invoke('catalog.upsert', { sku: 'ALREADY', name: 'Already here' });
    } finally {
      await app.close();
    }
    const run = runCli(['move', '--from', shop, '--to', url]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/The target database .*not_empty is not empty \(it already holds data: .*product \(1 rows\).*\); nothing was copied/);
    const after = await openApp({ dbPath: url });
    try {
      expect((await after.store.raw<{ sku: string }>('select sku from product')).map((r) => r.sku)).toEqual(['ALREADY']);
    } finally {
      await after.close();
    }
  }, 120_000);

  it('names what is wrong with its arguments', () => {
    expect(runCli(['move', '--to', 'postgres://x@127.0.0.1/y']).stderr).toMatch(/--from FILE/);
    expect(runCli(['move', '--from', path.join(dir, 'missing.sqlite'), '--to', 'postgres://x@127.0.0.1/y']).stderr).toMatch(/There is no shop file at/);
    expect(runCli(['move', '--from', shop, '--to', path.join(dir, 'other.sqlite')]).stderr).toMatch(/--to must be a postgres:\/\/ URL/);
  }, 120_000);
});
