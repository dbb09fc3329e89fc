import { sqliteOnly } from '../../../main/store/store';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { gs1CheckDigit } from '../../../main/util/gs1';
import type { ReadOn } from '../../../main/domain/catalog/product-import';
import { recoverInterruptedImports } from '../../../main/domain/catalog/product-import-record';
import { runCli } from '../../helpers/cli';
import { onPostgres, tempApp } from '../../helpers/temp-app';
import { PLAIN_HEADER } from '../../helpers/products-csv';

// The product import reads large inputs on a worker thread (product-import-worker.ts), and a long
// write pass runs with the store's background checkpoints (main/store/checkpointer.ts). These tests
// run the real worker (bundled from the sources on first use, as the CLI and Electron builds bundle
// it) and hold it to the same results as reading on the main thread.

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');

const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
beforeEach(async () => {
  app = await tempApp({ clock });
});
afterEach(() => app.cleanup());

const importOn = (readOn: ReadOn, format: 'csv' | 'shopify', content: string, skipBadRows = false) =>
  app.services.inventory.productImport.importText(format, content, { skipBadRows, readOn });
const count = async (table: string) => (await app.store.raw<{ n: number }>(`select count(*) as n from ${table}`))[0].n;

/** Rows of every kind of problem, spread over several of the worker's batches (1,024 rows each). */
function mixedFile(): string {
  const rows = [PLAIN_HEADER];
  for (let i = 0; i < 3000; i++) rows.push(`P-${String(i).padStart(4, '0')},Part ${i},SUP-${i},${i},,,,1.50`);
  rows[10] = 'BAD-W,Bad weight,,-5';
  rows[1500] = 'BAD-G,Bad GTIN,4006381333932';
  rows[1501] = 'p-0007,Same SKU as row 9 ignoring case';
  rows[2500] = 'DUP-CODE,Shares a barcode,SUP-12';
  rows[2999] = 'KIT-X,Kit,,,,,,,,,,,,,,,,NOPE:2|P-0001';
  rows.push('NO-NAME,', 'OWNED,Barcode of a catalog product,96385074');
  return rows.join('\n');
}

describe('product import on a worker thread', () => {
  it('reports every bad row with row and column, as on the main thread, and writes nothing', async () => {
    await app.invoke('catalog.upsert', { sku: 'OWNER', name: 'Owner', barcodes: [{ code: '96385074', kind: 'gtin' }] });
    const onWorker = await importOn('worker', 'csv', mixedFile());
    expect(onWorker.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['11:weight_g', '1501:barcodes', '1502:sku', '2501:barcode', '3000:kit_components', '3002:name', '3003:barcode']);
    expect(onWorker).toMatchObject({ created: 0, updated: 0, failed: 7, written: false });
    expect(onWorker.errors[0].message).toBe('row 11, weight_g: weight cannot be negative, got "-5"');
    expect(await count('product')).toBe(1);
    expect(await count('product_search')).toBe(1);
    expect(await importOn('main', 'csv', mixedFile())).toEqual(onWorker);
  });

  it('--skip-bad-rows writes the good rows, the same catalog as reading on the main thread', async () => {
    const onWorker = await importOn('worker', 'csv', mixedFile(), true);
    expect(onWorker).toMatchObject({ created: 2996, updated: 0, failed: 6, written: true });
    const catalog = async () =>
      await app.store.raw('select p.id, p.sku, p.name, p.weight_g, p.price_cents, b.code from product p left join barcode b on b.product_id = p.id order by p.id, b.code');
    const written = await catalog();
    expect(await count('product_search')).toBe(2996);

    const other = await tempApp({ clock });
    try {
      const onMain = await other.services.inventory.productImport.importText('csv', mixedFile(), { skipBadRows: true, readOn: 'main' });
      expect(onMain).toEqual(onWorker);
      expect(await other.store.raw('select p.id, p.sku, p.name, p.weight_g, p.price_cents, b.code from product p left join barcode b on b.product_id = p.id order by p.id, b.code')).toEqual(written);
    } finally {
      await other.cleanup();
    }
  });

  // (SQLite's WAL checkpoints and integrity_check; the same import on PostgreSQL is the next test.)
  it.skipIf(onPostgres)('re-imports idempotently (updates, never duplicates), numbers new products in row order, and leaves checkpoints as it found them', async () => {
    // Over the 10,000 rows from which the write pass runs with background checkpoints.
    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 10_000; i++) rows.push(`W-${String(i).padStart(5, '0')},Widget ${i},${gtin13(`400${String(i).padStart(9, '0')}`)}`);
    const file = rows.join('\n');
    const first = await importOn('worker', 'csv', file);
    expect(first).toMatchObject({ created: 10_000, updated: 0, failed: 0, written: true });
    // A CLI-like process runs no checkpointer: the import started one for its writes and stopped it.
    expect(app.store.backgroundCheckpoints).toBeNull();
    expect(sqliteOnly(app.store, "This test").sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    // The desktop app and the station server run one all along: the import uses it and leaves it running.
    const running = app.store.startBackgroundCheckpoints()!;
    const again = await importOn('worker', 'csv', file);
    expect(again).toMatchObject({ created: 0, updated: 10_000, failed: 0, written: true });
    expect(app.store.backgroundCheckpoints).toBe(running);
    expect(sqliteOnly(app.store, "This test").sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    await app.store.stopBackgroundCheckpoints();

    expect(await count('product')).toBe(10_000);
    expect(await count('barcode')).toBe(10_000);
    expect(await count('product_search')).toBe(10_000);
    expect(await app.store.raw('select id, sku from product where id in (1, 10000) order by id')).toEqual([{ id: 1, sku: 'W-00000' }, { id: 10_000, sku: 'W-09999' }]);
    // New ids continue AUTOINCREMENT's sequence.
    expect(await importOn('worker', 'csv', [PLAIN_HEADER, 'W-NEW,New widget'].join('\n'))).toMatchObject({ created: 1 });
    expect(await app.store.raw('select id from product where sku = ?', 'W-NEW')).toEqual([{ id: 10_001 }]);
    expect((await app.invoke('catalog.search', { query: 'Widget 4321', limit: 5 })).map((h) => h.sku)).toEqual(['W-04321']);
    expect(sqliteOnly(app.store, "This test").sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it.runIf(onPostgres)('re-imports idempotently on PostgreSQL (updates, never duplicates) and numbers new products in row order', async () => {
    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 10_000; i++) rows.push(`W-${String(i).padStart(5, '0')},Widget ${i},${gtin13(`400${String(i).padStart(9, '0')}`)}`);
    const file = rows.join('\n');
    expect(await importOn('worker', 'csv', file)).toMatchObject({ created: 10_000, updated: 0, failed: 0, written: true });
    expect(await importOn('worker', 'csv', file)).toMatchObject({ created: 0, updated: 10_000, failed: 0, written: true });
    expect(await count('product')).toBe(10_000);
    expect(await count('barcode')).toBe(10_000);
    expect(await count('product_search')).toBe(10_000);
    expect(await app.store.raw('select id, sku from product where id in (1, 10000) order by id')).toEqual([{ id: 1, sku: 'W-00000' }, { id: 10_000, sku: 'W-09999' }]);
    expect(await importOn('worker', 'csv', [PLAIN_HEADER, 'W-NEW,New widget'].join('\n'))).toMatchObject({ created: 1 });
    expect(await app.store.raw('select id from product where sku = ?', 'W-NEW')).toEqual([{ id: 10_001 }]);
    expect((await app.invoke('catalog.search', { query: 'Widget 4321', limit: 5 })).map((h) => h.sku)).toEqual(['W-04321']);
    expect(await app.services.system.check()).toMatchObject({ ok: true });
  });

  // (An attached SQLite database file; PostgreSQL stages into a table of its own: the next test.)
  it.skipIf(onPostgres)('stages the rows in a database file of its own, attached for the run only and then deleted', async () => {
    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 1500; i++) rows.push(`S-${i},Staged ${i}`);
    const databases = async () => await app.store.raw<{ name: string; file: string }>('select name, file from pragma_database_list');
    const before = await databases();
    // The staging database is attached once the run is recorded, before the first row is staged.
    const importing = importOn('worker', 'csv', rows.join('\n'));
    let during: { name: string; file: string }[] = [];
    for (let turn = 0; turn < 1000 && during.length === 0; turn++) {
      during = (await databases()).filter((d) => !before.some((b) => b.name === d.name));
      if (during.length === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(during).toEqual([{ name: expect.stringMatching(/^product_import_\d+$/), file: expect.stringMatching(/staging\.sqlite$/) }]);
    expect(await app.store.raw(`select name from ${during[0].name}.sqlite_master where type = 'table'`)).toEqual([{ name: 'staged' }]);
    // Not a TEMP table: the store keeps its temp database in memory, and a whole file's rows with it.
    expect(await app.store.raw('select name from temp.sqlite_master')).toEqual([]);
    expect(await importing).toMatchObject({ created: 1500 });
    expect(await databases()).toEqual(before);
    expect(existsSync(during[0].file)).toBe(false);
    // A failed import detaches it too.
    rows[700] = 'S-BROKEN,"never closed';
    expect(await importOn('main', 'csv', rows.join('\n'))).toMatchObject({ written: false });
    expect(await databases()).toEqual(before);
  });

  it.runIf(onPostgres)('stages the rows on PostgreSQL in an unlogged table of the run, dropped when the run ends', async () => {
    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 1500; i++) rows.push(`S-${i},Staged ${i}`);
    const stagingTables = async () =>
      await app.store.raw<{ table_name: string; relpersistence: string }>(
        `select t.table_name, c.relpersistence from information_schema.tables t join pg_class c on c.relname = t.table_name
         where t.table_schema = current_schema() and t.table_name like 'product\\_import\\_staged\\_%'`,
      );
    expect(await stagingTables()).toEqual([]);
    const importing = importOn('worker', 'csv', rows.join('\n'));
    let during: { table_name: string; relpersistence: string }[] = [];
    for (let turn = 0; turn < 1000 && during.length === 0; turn++) {
      during = await stagingTables();
      if (during.length === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Named after the run's record; unlogged ('u'): no WAL for rows that are thrown away.
    const run = (await app.store.raw<{ id: number }>('select max(id) as id from product_import'))[0].id;
    expect(during).toEqual([{ table_name: `product_import_staged_${run}`, relpersistence: 'u' }]);
    expect(await importing).toMatchObject({ created: 1500 });
    expect(await stagingTables()).toEqual([]);
    // A failed import drops it too.
    rows[700] = 'S-BROKEN,"never closed';
    expect(await importOn('main', 'csv', rows.join('\n'))).toMatchObject({ written: false });
    expect(await stagingTables()).toEqual([]);
  });

  it.runIf(onPostgres)('a start after a crash drops the staging table the interrupted run left on PostgreSQL', async () => {
    // What kill -9 in the middle of a run leaves: its record, still `running` under a process that is gone, and its staging table.
    const gonePid = spawnSync(process.execPath, ['-e', '0']).pid;
    const id = await app.store.insert(
      "insert into product_import (format, source, status, staging_path, pid, started_at) values ('csv', 'products.csv', 'running', ?, ?, ?)",
      path.join(os.tmpdir(), 'shipshape-import-crashed'),
      gonePid,
      clock.now().toISOString(),
    );
    await app.store.raw(`create unlogged table product_import_staged_${id} (row bigint primary key)`);
    expect((await app.services.system.check()).problems.map((p) => p.check)).toEqual(['inventory.no_interrupted_import']);
    expect(await recoverInterruptedImports(app.store, clock)).toEqual([{ id, source: 'products.csv' }]);
    expect(await app.store.raw("select table_name from information_schema.tables where table_name = ?", `product_import_staged_${id}`)).toEqual([]);
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  });

  it('reads Shopify files and reports a broken quote with its row, reading on, writing nothing', async () => {
    const shopify = readFileSync(path.join(FIXTURES, 'shopify-products-current.csv'), 'utf8');
    const notTaken = expect.objectContaining({ taken: false });
    expect(await importOn('worker', 'shopify', shopify)).toEqual({ created: 4, updated: 0, failed: 0, written: true, errors: [], openingStock: notTaken });
    expect(await importOn('worker', 'shopify', shopify)).toEqual({ created: 0, updated: 4, failed: 0, written: true, errors: [], openingStock: notTaken });
    expect(await count('product')).toBe(4);

    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 2000; i++) rows.push(`Q-${i},Quoted ${i}`);
    rows[1500] = 'Q-BROKEN,"never closed';
    const broken = await importOn('worker', 'csv', rows.join('\n'));
    // The broken row is named and every other row still read (as on the main thread); nothing written.
    expect(broken).toMatchObject({ created: 0, written: false, failed: 1, errors: [{ row: 1501, column: '(row)', message: expect.stringMatching(/quote/) }] });
    expect(await count('product')).toBe(4);
  });
});

describe('product import from the CLI bundle', () => {
  it('reads a large file on the bundled worker thread', () => {
    const file = path.join(app.dir, 'large.csv');
    const rows = [PLAIN_HEADER];
    // Over the 1 MB from which the import uses its worker.
    for (let i = 0; i < 12_000; i++) rows.push(`L-${String(i).padStart(5, '0')},"Large catalog product number ${i}, in a long name",SUP-${i},${i},10,10,10,12.50,4.00,USD,6109.10,PT,a|b,true,1,0,false,`);
    writeFileSync(file, rows.join('\n'));
    const db = path.join(app.dir, 'cli.sqlite');
    const result = runCli(['import', 'products', '--format', 'csv', file, '--db', db, '--json'], { SHIPSHAPE_DEBUG: '1' });
    expect(result.stderr).toMatch(/reading on a worker thread \(.*out[\\/]cli[\\/]product-import-worker\.mjs\)/);
    expect(result.status).toBe(0);
    expect(result.json()).toMatchObject({ created: 12_000, updated: 0, failed: 0, errors: [] });
  });
});

const gtin13 = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;
