import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { productImportTemplate } from '../../../shared/import-columns';
import { tempApp } from '../../helpers/temp-app';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
// The legacy fixture: TEE-RED-M 14, TEE-RED-L 3, ... in "Variant Inventory Qty".
const SHOPIFY = readFileSync(path.join(FIXTURES, 'shopify-products-legacy.csv'), 'utf8');

let app: Awaited<ReturnType<typeof tempApp>>;
beforeEach(async () => {
  app = await tempApp();
  await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'A-01' });
});
afterEach(() => app.cleanup());

const onHand = async (sku: string) =>
  await app.store.raw<{ bin: string; n: number }>('select bin.code as bin, sum(b.on_hand) as n from stock_balance b join bin on bin.id = b.bin_id join product p on p.id = b.product_id where p.sku = ? group by bin.code', sku);
const movements = async () => (await app.store.raw<{ n: number }>("select count(*) as n from stock_movement where kind = 'count'"))[0].n;

describe("Shopify's Variant Inventory Qty", () => {
  it('without the option, nothing is taken and the report says so plainly', async () => {
    const report = await app.invoke('catalog.import', { format: 'shopify', content: SHOPIFY });
    expect(report.written).toBe(true);
    expect(report.openingStock).toMatchObject({ column: 'Variant Inventory Qty', taken: false, bin: null });
    expect(report.openingStock!.rows).toBeGreaterThan(0);
    expect(await onHand('TEE-RED-M')).toEqual([]);
    expect(await movements()).toBe(0);
  });

  it('with the option, each variant is counted into the bin in the import transaction; importing again moves nothing', async () => {
    const report = await app.invoke('catalog.import', { format: 'shopify', content: SHOPIFY, openingStockBin: 'A-01' });
    expect(report.openingStock).toMatchObject({ taken: true, bin: 'MAIN/A-01', skipped: 0 });
    expect(await onHand('TEE-RED-M')).toEqual([{ bin: 'A-01', n: 14 }]);
    expect(await onHand('TEE-RED-L')).toEqual([{ bin: 'A-01', n: 3 }]);
    const moved = await movements();
    expect(moved).toBeGreaterThan(0);
    expect((await app.store.raw<{ reason: string; reference: string }>("select reason, reference from stock_movement where kind = 'count' limit 1"))[0]).toMatchObject({
      reason: 'opening stock from the Shopify products import',
      reference: expect.stringMatching(/^product import #\d+$/),
    });
    await app.invoke('catalog.import', { format: 'shopify', content: SHOPIFY, openingStockBin: 'A-01' });
    expect(await movements()).toBe(moved);
  });

  it('a file with a bad row writes neither products nor stock', async () => {
    const broken = SHOPIFY.replace('TEE-RED-L,270', 'TEE-RED-L,heavy');
    const report = await app.invoke('catalog.import', { format: 'shopify', content: broken, openingStockBin: 'A-01' });
    expect(report).toMatchObject({ written: false, openingStock: { taken: false, bin: 'MAIN/A-01' } });
    expect((await app.store.raw<{ n: number }>('select count(*) as n from stock_movement'))[0].n).toBe(0);
  });

  it('refuses an unknown bin, or a plain CSV, before reading, naming the field', async () => {
    await expect(app.invoke('catalog.import', { format: 'shopify', content: SHOPIFY, openingStockBin: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'openingStockBin' } });
    await expect(app.invoke('catalog.import', { format: 'csv', content: 'sku,name\nA,B\n', openingStockBin: 'A-01' })).rejects.toMatchObject({ details: { field: 'openingStockBin' } });
    expect((await app.store.raw<{ n: number }>('select count(*) as n from product'))[0].n).toBe(0);
  });
});

describe('import templates', () => {
  for (const format of ['csv', 'shopify'] as const) {
    it(`the ${format} template imports cleanly`, async () => {
      const report = await app.invoke('catalog.import', { format, content: productImportTemplate(format) });
      expect(report).toMatchObject({ failed: 0, written: true, errors: [] });
      expect(report.created).toBe(format === 'csv' ? 1 : 2);
    });
  }
});
