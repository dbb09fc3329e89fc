import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { runCli } from '../../helpers/cli';
import { tempApp, tempDbPath } from '../../helpers/temp-app';
import { PLAIN_HEADER } from '../../helpers/products-csv';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
// Copies of Shopify's published header samples (../shared/reference/samples/shopify), kept in the repo so CI needs nothing outside it.
const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'shopify');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
beforeEach(async () => {
  app = await tempApp({ clock });
});
afterEach(() => app.cleanup());

const importText = (format: 'csv' | 'shopify', content: string, skipBadRows = false) => app.invoke('catalog.import', { format, content, skipBadRows });
const productCount = async () => (await app.store.raw<{ n: number }>('select count(*) as n from product'))[0].n;

describe('product import service', () => {
  for (const generation of ['legacy', 'current'] as const) {
    it(`imports the ${generation} Shopify header generation, one product per variant`, async () => {
      const report = await importText('shopify', fixture(`shopify-products-${generation}.csv`));
      // The file's inventory column is not taken unless asked (import-opening-stock.test.ts), and the report says so.
      expect(report).toEqual({ created: 4, updated: 0, failed: 0, written: true, errors: [], openingStock: expect.objectContaining({ taken: false, bin: null }) });
      const tee = await app.invoke('catalog.get', { sku: 'TEE-RED-M' });
      expect(tee).toMatchObject({ name: 'Field Tee - Red / M', weightG: 250, priceCents: 1999, costCents: 740, variantOptions: { Color: 'Red', Size: 'M' }, tags: ['cotton', 'summer'] });
      expect(tee.barcodes).toEqual([{ code: '036000291452', kind: 'gtin' }]);
      expect((await app.invoke('catalog.lookup', { code: '96385074' }))?.sku).toBe('MUG-BLUE');
      expect((await app.invoke('catalog.get', { sku: 'MUG-BLUE' })).active).toBe(false);
      // Searchable at once (the trigram index is written in the same transaction).
      expect((await app.invoke('catalog.search', { query: 'Field Tee', limit: 10 })).map((h) => h.sku).sort()).toEqual(['TEE-NAVY-M', 'TEE-RED-L', 'TEE-RED-M']);
    });
  }

  it("recognises both generations of Shopify's published header (header-only samples import nothing)", async () => {
    for (const name of ['products-csv-header-legacy.csv', 'products-csv-header-current.csv']) {
      const report = await importText('shopify', readFileSync(path.join(SAMPLES, name), 'utf8'));
      expect(report, name).toEqual({ created: 0, updated: 0, failed: 0, written: false, errors: [] });
    }
    const wrong = await importText('shopify', fixture('plain-products.csv'));
    expect(wrong).toMatchObject({ written: false, errors: [{ row: 1, column: '(file)', message: expect.stringMatching(/not a Shopify products CSV/) }] });
  });

  it('imports the plain CSV with kits, lots, reorder points and money in cents', async () => {
    const report = await importText('csv', fixture('plain-products.csv'));
    expect(report).toMatchObject({ created: 4, updated: 0, failed: 0, written: true });
    expect(await app.invoke('catalog.get', { sku: 'TEA-SENCHA' })).toMatchObject({ lotTracked: true, reorderPoint: 40, safetyStock: 10, priceCents: 850, costCents: 210, hsCode: '090210', originCountry: 'JP' });
    const kit = await app.invoke('catalog.get', { sku: 'GIFT-SET' });
    expect(kit).toMatchObject({ isKit: true, components: [{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'TEA-SENCHA', quantity: 2 }] });
    expect((await app.invoke('catalog.get', { sku: 'MUG-BLUE' })).barcodes.map((b) => b.kind).sort()).toEqual(['gtin', 'supplier']);
  });

  it('re-importing the same file updates, never duplicates, and keeps what the file does not carry', async () => {
    await importText('csv', fixture('plain-products.csv'));
    const again = await importText('csv', fixture('plain-products.csv'));
    expect(again).toMatchObject({ created: 0, updated: 4, failed: 0, written: true });
    expect(await productCount()).toBe(4);

    expect((await app.store.raw<{ n: number }>('select count(*) as n from product_search'))[0].n).toBe(4);
  });

  it('re-importing from Shopify keeps reorder points, safety stock and lots, which Shopify does not carry', async () => {
    await importText('shopify', fixture('shopify-products-legacy.csv'));
    await app.invoke('catalog.upsert', { sku: 'TEE-RED-L', name: 'Field Tee - Red / L', reorderPoint: 12, safetyStock: 3, lotTracked: true });
    // The other header generation of the same shop: same SKUs, so the same products.
    const again = await importText('shopify', fixture('shopify-products-current.csv'));
    expect(again).toMatchObject({ created: 0, updated: 4, failed: 0 });
    expect(await app.invoke('catalog.get', { sku: 'TEE-RED-L' })).toMatchObject({ reorderPoint: 12, safetyStock: 3, lotTracked: true, weightG: 270 });
    expect(await productCount()).toBe(4);
  });

  it('is all-or-nothing: one bad row writes nothing and every problem names row and column', async () => {
    const content = [PLAIN_HEADER, 'OK-1,Fine product,,100', 'BAD-1,Bad weight,,-5', 'BAD-2,Bad GTIN,4006381333932', 'OK-2,Another fine product'].join('\n');
    const report = await importText('csv', content);
    expect(report).toMatchObject({ created: 0, updated: 0, failed: 2, written: false });
    expect(report.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:weight_g', '4:barcodes']);
    expect(report.errors[1].message).toMatch(/check digit 2, expected 1/);
    expect(await productCount()).toBe(0);
  });

  it('--skip-bad-rows writes the good rows and reports the bad ones', async () => {
    const content = [PLAIN_HEADER, 'OK-1,Fine product,,100', 'BAD-1,Bad weight,,2.5', 'OK-2,Another fine product'].join('\n');
    const report = await importText('csv', content, true);
    expect(report).toMatchObject({ created: 2, failed: 1, written: true, errors: [{ row: 3, column: 'weight_g' }] });
    expect(await productCount()).toBe(2);
  });

  it('refuses duplicate SKUs in one file, ignoring case', async () => {
    const report = await importText('csv', [PLAIN_HEADER, 'DUP-1,First', 'dup-1,Second'].join('\n'));
    expect(report).toMatchObject({ failed: 1, written: false, errors: [{ row: 3, column: 'sku', message: expect.stringMatching(/duplicate SKU "dup-1" \(first used at row 2/) }] });
    expect(await productCount()).toBe(0);
  });

  it('refuses a barcode used by two products of one file (before writing anything)', async () => {
    const report = await importText('csv', [PLAIN_HEADER, 'A-1,First,96385074', 'A-2,Second,96385074'].join('\n'));
    expect(report).toMatchObject({ failed: 1, written: false, errors: [{ row: 3, column: 'barcode', message: expect.stringMatching(/96385074 is also the barcode of A-1/) }] });
    expect(await productCount()).toBe(0);
    // ... and one that already belongs to another product in the catalog.
    await app.invoke('catalog.upsert', { sku: 'OWNER', name: 'Owner', barcodes: [{ code: '96385074', kind: 'gtin' }] });
    const taken = await importText('csv', [PLAIN_HEADER, 'A-3,Third,96385074'].join('\n'));
    expect(taken.errors).toEqual([{ row: 2, column: 'barcode', message: 'row 2, barcode: 96385074 already belongs to OWNER' }]);
  });

  it('reports a broken quote with its row, writes nothing, and still reads and checks every row after it', async () => {
    const content = [PLAIN_HEADER, 'OK-1,Fine', 'OK-2,"Unclosed name,100', 'OK-3,Fine too', 'BAD-4,Bad weight,,x', 'OK-5,"Tee 12" shirt"', 'OK-6,Last'].join('\n');
    const report = await importText('csv', content);
    expect(report).toMatchObject({ written: false, failed: 3 });
    expect(report.errors).toEqual([
      { row: 3, column: '(row)', message: expect.stringMatching(/row 3: .*quote/) },
      { row: 5, column: 'weight_g', message: expect.stringMatching(/row 5/) },
      { row: 6, column: '(row)', message: expect.stringMatching(/row 6: text follows a closing quote/) },
    ]);
    expect(await productCount()).toBe(0);
    // Skipping bad rows writes the rows around them.
    expect(await importText('csv', content, true)).toMatchObject({ created: 3, failed: 3, written: true });
    expect((await app.store.raw<{ sku: string }>('select sku from product order by sku')).map((p) => p.sku)).toEqual(['OK-1', 'OK-3', 'OK-6']);
  });

  it('refuses kit components that exist neither in the catalog nor in the file', async () => {
    const report = await importText('csv', [PLAIN_HEADER, 'KIT-1,Kit,,,,,,,,,,,,,,,,NOPE:2'].join('\n'));
    expect(report).toMatchObject({ failed: 1, written: false, errors: [{ row: 2, column: 'kit_components' }] });
  });

  it('--skip-bad-rows refuses a kit whose component is on a row with errors (and writes the rest)', async () => {
    const content = [PLAIN_HEADER, 'KIT-1,Kit,,,,,,,,,,,,,,,,PART-1:2|PART-2', 'PART-1,Part one,,-1', 'PART-2,Part two'].join('\n');
    const report = await importText('csv', content, true);
    expect(report).toMatchObject({ created: 1, updated: 0, failed: 2, written: true });
    // In row order, although the kit check runs after every row has been read.
    expect(report.errors).toEqual([
      { row: 2, column: 'kit_components', message: 'component SKU PART-1 is in this file on a row with errors' },
      { row: 3, column: 'weight_g', message: expect.stringMatching(/cannot be negative/) },
    ]);
    expect((await app.store.raw<{ sku: string }>('select sku from product')).map((r) => r.sku)).toEqual(['PART-2']);
  });

  it('counts every bad row but reports the first 1000 problems (a broken quote at the end is one more bad row)', async () => {
    const rows = [PLAIN_HEADER];
    for (let i = 0; i < 1500; i++) rows.push(`BAD-${i},Bad,,x`);
    rows.push('OK-1,Fine', 'OK-2,"never closed');
    const report = await importText('csv', rows.join('\n'), true);
    expect(report).toMatchObject({ created: 1, updated: 0, written: true, failed: 1501 });
    expect(report.errors).toHaveLength(1000);
    expect(await productCount()).toBe(1);
  });

  it('writes large files in batches: kits after their components, re-import updates barcodes and search', async () => {
    const rows = [PLAIN_HEADER, 'KIT-A,Kit A,,,,,,,,,,,,,,,,P-5999:2|P-0001'];
    for (let i = 0; i < 6000; i++) rows.push(`P-${String(i).padStart(4, '0')},Part ${i},SUP-${i},${i}`);
    const first = await importText('csv', rows.join('\n'));
    expect(first).toMatchObject({ created: 6001, updated: 0, failed: 0, written: true });
    expect(await app.invoke('catalog.get', { sku: 'KIT-A' })).toMatchObject({ isKit: true, components: [{ sku: 'P-0001', quantity: 1 }, { sku: 'P-5999', quantity: 2 }] });

    rows[2] = 'P-0000,Renamed widget,SUP-X|96385074';
    rows.push('P-NEW,Brand new');
    const again = await importText('csv', rows.join('\n'));
    expect(again).toMatchObject({ created: 1, updated: 6001, failed: 0, written: true });
    expect(await productCount()).toBe(6002);
    expect((await app.store.raw<{ n: number }>('select count(*) as n from product_search'))[0].n).toBe(6002);
    expect((await app.invoke('catalog.get', { sku: 'P-0000' })).barcodes.map((b) => b.code).sort()).toEqual(['96385074', 'SUP-X']);
    expect(await app.invoke('catalog.lookup', { code: 'SUP-0' })).toBeNull();
    expect((await app.invoke('catalog.search', { query: 'Renamed widget', limit: 5 })).map((h) => h.sku)).toEqual(['P-0000']);
    expect(await app.invoke('catalog.search', { query: 'Part 0,', limit: 5 })).toEqual([]);
    // Blank cells keep what the catalog has: weight was 0 in the first file and is blank now.
    expect((await app.invoke('catalog.get', { sku: 'P-0002' })).weightG).toBe(2);
  });

  it('will not flip lot tracking of a product that holds stock', async () => {
    await importText('csv', [PLAIN_HEADER, 'PLAIN-1,Plain'].join('\n'));
    await app.invoke('stock.receive', { sku: 'PLAIN-1', quantity: 3 });
    const report = await importText('csv', [PLAIN_HEADER, 'PLAIN-1,Plain,,,,,,,,,,,,,,,true'].join('\n'));
    expect(report).toMatchObject({ failed: 1, written: false, errors: [{ row: 2, column: 'lot_tracked' }] });
    expect((await app.invoke('catalog.get', { sku: 'PLAIN-1' })).lotTracked).toBe(false);
  });
});

describe('inventory CLI', () => {
  let tmp = tempDbPath();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempDbPath();
  });

  it('import products prints a JSON report; exit 1 and nothing written when rows failed', () => {
    const ok = runCli(['import', 'products', '--format', 'shopify', path.join(FIXTURES, 'shopify-products-current.csv'), '--db', tmp.dbPath, '--json']);
    expect(ok.status).toBe(0);
    expect(ok.json()).toMatchObject({ created: 4, updated: 0, failed: 0, errors: [] });

    const bad = path.join(tmp.dir, 'bad.csv');
    writeFileSync(bad, [PLAIN_HEADER, 'NEW-1,Fine', 'NEW-2,Bad GTIN,4006381333932'].join('\n'));
    const failed = runCli(['import', 'products', '--format', 'csv', bad, '--db', tmp.dbPath, '--json']);
    expect(failed.status).toBe(1);
    expect(failed.json()).toMatchObject({ created: 0, updated: 0, failed: 1, errors: [{ row: 3, column: 'barcodes', message: expect.stringMatching(/check digit/) }] });

    const skipped = runCli(['import', 'products', '--format', 'csv', bad, '--skip-bad-rows', '--db', tmp.dbPath, '--json']);
    expect(skipped.status).toBe(0);
    expect(skipped.json()).toMatchObject({ created: 1, failed: 1 });
  });

  it('stock adjust and stock --json', () => {
    expect(runCli(['import', 'products', '--format', 'csv', path.join(FIXTURES, 'plain-products.csv'), '--db', tmp.dbPath]).status).toBe(0);
    const adjusted = runCli(['stock', 'adjust', '--sku', 'MUG-BLUE', '--delta', '7', '--reason', 'opening stock', '--db', tmp.dbPath, '--json']);
    expect(adjusted.status).toBe(0);
    expect(adjusted.json()).toMatchObject({ onHand: 7, available: 5 }); // safety stock 2

    const lot = runCli(['stock', 'adjust', '--sku', 'TEA-SENCHA', '--delta', '20', '--reason', 'opening stock', '--lot', 'L1', '--expires', '2099-01-01', '--db', tmp.dbPath, '--json']);
    expect(lot.status).toBe(0);
    const noReason = runCli(['stock', 'adjust', '--sku', 'MUG-BLUE', '--delta', '1', '--db', tmp.dbPath]);
    expect(noReason.status).toBe(2);
    const tooMany = runCli(['stock', 'adjust', '--sku', 'MUG-BLUE', '--delta', '-8', '--reason', 'x', '--db', tmp.dbPath, '--json']);
    expect(tooMany.status).not.toBe(0);
    expect(tooMany.stdout + tooMany.stderr).toMatch(/only 7 on hand/);

    const stock = runCli(['stock', '--sku', 'MUG-BLUE', '--json', '--db', tmp.dbPath]);
    expect(stock.status).toBe(0);
    expect(stock.json()).toEqual([{ sku: 'MUG-BLUE', warehouse: 'MAIN', on_hand: 7, reserved: 0, available: 5 }]);
    const all = runCli(['stock', '--json', '--db', tmp.dbPath]).json() as { sku: string; available: number }[];
    expect(all.map((e) => e.sku).sort()).toEqual(['GIFT-SET', 'MUG-BLUE', 'TEA-SENCHA', 'TEE-RED-M']);
    // The kit's availability comes from its components: min(5 / 1, (20 - 10) / 2) = 5.
    expect(all.find((e) => e.sku === 'GIFT-SET')?.available).toBe(5);
  }, 120_000); // seven CLI processes, each a Node start and a database connection: slow on a loaded machine
});
