import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { streamPlainOrdersCsv } from '../../../main/domain/orders/intake/plain-orders-csv';
import { streamShopifyOrdersCsv } from '../../../main/domain/orders/intake/shopify-orders-csv';
import { quoteValue } from '../../../main/util/quote-value';
import { PLAIN_HEADER } from '../../helpers/products-csv';
import { tempApp } from '../../helpers/temp-app';
import { collect } from './fixture-path';

// Every order of a file is imported or reported; no message echoes a huge cell; no row without a
// SKU goes by unreported.

const ORDERS_HEADER = 'order_id,placed_at,ship_name,address1,city,country,sku,quantity,unit_price,currency';
const order = (id: string, sku = 'MUG') => `${id},2026-11-02T10:00:00Z,Ada,1 Main St,Springfield,US,${sku},1,9.50,USD`;

const clock = new ManualClock(new Date('2026-11-02T12:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
beforeEach(async () => {
  app = await tempApp({ clock });
});
afterEach(() => app.cleanup());

describe('order files', () => {
  it('reports, with its rows, the order read just before an unbalanced quote (it used to vanish)', async () => {
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    const channel = await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    // rows 2-3; B-1: row 4; row 5 opens a quote that never closes.
    const csv = [ORDERS_HEADER, order('A-1'), order('A-1'), order('B-1'), 'C-1,2026-11-02T10:00:00Z,"Ada,1 Main St,Springfield,US,MUG,1,9.50,USD'].join('\n');
    const report = await app.invoke('orders.import', { channel: channel.id, format: 'csv', content: csv });
    expect(report).toMatchObject({ created: 1, failed: 2 });
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'order_id'],
      [5, '(file)'],
    ]);
    expect(report.errors[0].message).toBe('row 4: order "B-1" (row 4) was not imported: the file cannot be read from row 5 on, where its rows may continue');
    expect(report.errors[1].message).toMatch(/row 5: a quoted field is opened but never closed/);
    const orders = await app.invoke('orders.list', { limit: 50 } as never);
    expect(JSON.stringify(orders)).not.toContain('B-1');
  });

  it('names the whole row range of a multi-row order cut short, in both CSV formats', async () => {
    const plain = await collect(streamPlainOrdersCsv([ORDERS_HEADER, order('A-1'), order('A-1'), 'A-1,"x" y'].join('\n')));
    expect(plain).toMatchObject([
      { ok: false, rows: { first: 2, last: 3 }, errors: [{ row: 2, field: 'order_id', message: expect.stringContaining('order "A-1" (rows 2-3) was not imported') }] },
      { ok: false, rows: null, errors: [{ row: 4, field: '(file)' }] },
    ]);
    const shopifyHeader = 'Name,Email,Financial Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Country';
    const line = '#1001,a@b.c,paid,USD,2026-11-02 10:00:00 -0500,1,Mug,9.50,MUG,Ada,1 Main St,Springfield,US';
    const shopify = await collect(streamShopifyOrdersCsv([shopifyHeader, line, '#1002,"open'].join('\n')));
    expect(shopify).toMatchObject([
      { ok: false, rows: { first: 2, last: 2 }, errors: [{ row: 2, field: 'Name', message: expect.stringContaining('order "#1001" (row 2) was not imported') }] },
      { ok: false, errors: [{ row: 3, field: '(file)' }] },
    ]);
  });
});

describe('a huge bad cell', () => {
  const huge = 'x'.repeat(50 * 1024 * 1024);

  it('is quoted cut to 200 characters with its length, in product and order reports', async () => {
    const products = await app.services.inventory.productImport.importText('csv', `${PLAIN_HEADER}\nBIG,Big,,${huge}\n`, { skipBadRows: false, readOn: 'main' });
    expect(products).toMatchObject({ written: false, failed: 1 });
    expect(products.errors).toHaveLength(1);
    expect(products.errors[0].message).toBe(`row 2, weight_g: "${'x'.repeat(200)}…" (52,428,800 characters) is not a number`);

    const channel = await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    const report = await app.invoke('orders.import', { channel: channel.id, format: 'csv', content: `${ORDERS_HEADER}\nA-1,2026-11-02T10:00:00Z,Ada,1 Main St,Springfield,${huge},MUG,1,9.50,USD\n` });
    expect(report.failed).toBe(1);
    expect(JSON.stringify(report).length).toBeLessThan(2000);
    expect(report.errors[0].message).toContain('(52,428,800 characters) is not a 2-letter ISO country code');
  });

  it('quoteValue keeps short values as they are and never splits a character', () => {
    expect(quoteValue('abc')).toBe('"abc"');
    expect(quoteValue('a\nb')).toBe('"a\\nb"');
    expect(quoteValue(`${'a'.repeat(199)}😀tail`)).toBe(`"${'a'.repeat(199)}…" (205 characters)`);
  });
});

describe('rows without a SKU', () => {
  it('are reported in a Shopify products file even when the row carries no price or option (not taken for an image row)', async () => {
    const header = 'Handle,Title,Variant SKU,Variant Grams,Variant Price,Variant Barcode,Option1 Name,Option1 Value,Image Src';
    const csv = [header, 'tee,Field Tee,TEE-1,200,19.99,,Size,M,', 'tee,,,250,,,,,', 'tee,,,,,,,,https://cdn.example.com/tee.jpg'].join('\n');
    const report = await app.services.inventory.productImport.importText('shopify', csv, { skipBadRows: false });
    expect(report).toMatchObject({ created: 0, failed: 1, written: false });
    expect(report.errors).toEqual([{ row: 3, column: 'Variant SKU', message: 'row 3, Variant SKU: variant of "tee" has no SKU; Shipshape tracks stock by SKU' }]);
  });

  it('are reported in our products CSV and in an orders CSV', async () => {
    const products = await app.services.inventory.productImport.importText('csv', `${PLAIN_HEADER}\n,Nameless\nOK-1,Fine\n`, { skipBadRows: true });
    expect(products).toMatchObject({ created: 1, failed: 1, errors: [{ row: 2, column: 'sku', message: 'row 2, sku: sku is required' }] });
    const orders = await collect(streamPlainOrdersCsv([ORDERS_HEADER, order('A-1', '')].join('\n')));
    expect(orders).toMatchObject([{ ok: false, errors: [{ row: 2, field: 'sku', message: 'row 2, sku: sku is required' }] }]);
  });
});
