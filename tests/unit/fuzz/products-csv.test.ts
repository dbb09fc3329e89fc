import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { PLAIN_PRODUCT_COLUMNS, streamPlainProductsCsv, streamShopifyProductsCsv, type ProductImportItem } from '../../../main/domain/catalog/import/index';
import { tempApp } from '../../helpers/temp-app';
import { csvFile, damagedText } from './arbitraries';

// Products files (ours and Shopify's) as people really send them: shuffled and missing columns,
// stray quotes, odd line endings, spreadsheet-mangled numbers. The readers must answer every file
// with products or errors naming row and column, and the import must write the whole file or nothing.

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const SHOPIFY_COLUMNS = [
  'Handle', 'Title', 'Vendor', 'Type', 'Tags', 'Published', 'Status', 'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value',
  'Variant SKU', 'Variant Grams', 'Variant Inventory Qty', 'Variant Price', 'Cost per item', 'Variant Barcode', 'Image Src',
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every item is a product or a list of errors, each naming its row and column, in file order. */
function expectWellFormed(items: ProductImportItem[]): void {
  let lastRow = 0;
  for (const item of items) {
    expect(item.row).toBeGreaterThanOrEqual(1);
    expect(item.row).toBeGreaterThanOrEqual(lastRow);
    lastRow = item.row;
    if (item.ok) {
      expect(item.product.sku.trim()).not.toBe('');
      for (const n of [item.product.weightGrams, item.product.priceCents, item.product.costCents]) expect(n === null || (Number.isSafeInteger(n) && n >= 0)).toBe(true);
      continue;
    }
    expect(item.errors.length).toBeGreaterThan(0);
    for (const e of item.errors) {
      expect(e.column).not.toBe('');
      expect(e.message).toMatch(e.column === '(file)' ? /\S/ : new RegExp(`^row ${e.row}[,:] `));
      expect(e.message.length).toBeLessThan(1000);
    }
  }
}

describe('products CSV readers (fuzz)', () => {
  it('our CSV: generated files give products or errors naming row and column', async () => {
    await fc.assert(fc.asyncProperty(csvFile(PLAIN_PRODUCT_COLUMNS, { required: ['sku', 'name'] }), async (text) => expectWellFormed(await collect(streamPlainProductsCsv(text)))), { numRuns: 1500 });
  });

  it('our CSV: a real file, damaged, gives products or errors naming row and column', async () => {
    await fc.assert(fc.asyncProperty(damagedText(fixture('plain-products.csv')), async (text) => expectWellFormed(await collect(streamPlainProductsCsv(text)))), { numRuns: 1500 });
  });

  it("Shopify's CSV: generated and damaged files, both header generations", async () => {
    await fc.assert(fc.asyncProperty(csvFile(SHOPIFY_COLUMNS, { required: ['Handle', 'Variant SKU'] }), async (text) => expectWellFormed(await collect(streamShopifyProductsCsv(text)))), { numRuns: 1500 });
    for (const name of ['shopify-products-legacy.csv', 'shopify-products-current.csv']) {
      await fc.assert(fc.asyncProperty(damagedText(fixture(name)), async (text) => expectWellFormed(await collect(streamShopifyProductsCsv(text)))), { numRuns: 700 });
    }
  });
});

describe('product import (fuzz): the whole file or nothing', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  beforeAll(async () => {
    app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T10:00:00Z')) });
    // A catalog for the files to collide with: SKUs, a barcode, a product holding stock, a kit component.
    await app.services.inventory.productImport.importText('csv', fixture('plain-products.csv'), { skipBadRows: false });
    await app.invoke('stock.receive', { sku: 'TEA-SENCHA', quantity: 5, lot: 'L1' } as never).catch(() => app.invoke('stock.receive', { sku: 'MUG-BLUE', quantity: 5 } as never));
  });
  afterAll(() => app.cleanup());

  const snapshot = async () =>
    JSON.stringify([
      await app.store.raw('select * from product order by id'),
      await app.store.raw('select * from barcode order by code'),
      await app.store.raw('select * from kit_component order by kit_id, component_id'),
      await app.store.raw('select rowid, sku, name, codes from product_search order by rowid'),
    ]);

  const files = (format: 'csv' | 'shopify') =>
    format === 'csv'
      ? fc.oneof(csvFile(PLAIN_PRODUCT_COLUMNS, { required: ['sku', 'name'] }), damagedText(fixture('plain-products.csv')))
      : fc.oneof(csvFile(SHOPIFY_COLUMNS, { required: ['Handle', 'Variant SKU'] }), damagedText(fixture('shopify-products-legacy.csv')), damagedText(fixture('shopify-products-current.csv')));

  for (const format of ['csv', 'shopify'] as const) {
    it(`${format}: a file with errors changes nothing; a clean one reports what it wrote`, async () => {
      await fc.assert(
        fc.asyncProperty(files(format), async (text) => {
          const before = await snapshot();
          const report = await app.services.inventory.productImport.importText(format, text, { skipBadRows: false, readOn: 'main' });
          if (report.failed > 0 || !report.written) {
            expect(report.written).toBe(false);
            expect(await snapshot()).toBe(before);
          }
          for (const e of report.errors) expect(e.column).not.toBe('');
          expect(await app.store.raw("select count(*) as n from product_import where status = 'running'")).toEqual([{ n: 0 }]);
        }),
        { numRuns: 150 },
      );
      expect(await app.services.system.check()).toMatchObject({ ok: true });
    }, 60_000);
  }
});
