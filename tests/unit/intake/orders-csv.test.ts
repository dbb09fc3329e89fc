import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamPlainOrdersCsv } from '../../../main/domain/orders/intake/plain-orders-csv';
import { streamShopifyOrdersCsv } from '../../../main/domain/orders/intake/shopify-orders-csv';
import { collect, fixturePath, readFixture } from './fixture-path';

const PLAIN_HEADER =
  'order_id,placed_at,customer_name,email,ship_name,address1,address2,city,region,postal_code,country,sku,quantity,unit_price,discount,tax,shipping,currency,shipping_method,tags,note';

describe('streamShopifyOrdersCsv', () => {
  it('groups line-item rows by Name and reads order fields from the first row', async () => {
    const items = await collect(streamShopifyOrdersCsv(createReadStream(fixturePath('shopify-orders-export.csv'), { highWaterMark: 64 })));
    expect(items.map((item) => item.ok)).toEqual([true, true, true]);
    const [first, second, third] = items.map((item) => (item.ok ? item.order : null)!);
    expect(items[0].rows).toEqual({ first: 2, last: 3 });
    expect(first).toMatchObject({
      channel: 'shopify',
      externalId: '5678901234567890123',
      orderNumber: '#1001',
      placedAt: '2025-07-16T14:03:12.000Z',
      currency: 'USD',
      paymentStatus: 'paid',
      shippingChargedCents: 800,
      shippingMethod: 'Standard Shipping',
      tags: ['VIP', 'rush'],
      note: 'Ring twice, "front" door',
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
      shipTo: { line1: '12 Analytical Way', line2: 'Apt 3', city: 'Boston', regionCode: 'MA', postalCode: '02134', countryCode: 'US' },
    });
    expect(first.lines).toEqual([
      { externalLineId: '5678901234567890123:1', sku: 'TEE-RED-M', name: 'Field Tee - Red / M', quantity: 2, unitPriceCents: 1999, discountCents: 317, taxCents: 258 },
      { externalLineId: '5678901234567890123:2', sku: 'TOTE-CANVAS', name: 'Canvas Tote', quantity: 1, unitPriceCents: 2299, discountCents: 183, taxCents: 148 },
    ]);
    expect(first.lines.reduce((sum, line) => sum + line.taxCents, 0)).toBe(406);
    expect(second).toMatchObject({ orderNumber: '#1002', paymentStatus: 'authorized', shipTo: { company: 'US Navy', postalCode: '22202' } });
    expect(third).toMatchObject({ currency: 'EUR', placedAt: '2025-07-17T21:59:59.000Z', shipTo: { line1: 'Straße des 17. Juni 135', countryCode: 'DE' } });
    expect(third.lines.map((line) => [line.sku, line.quantity, line.taxCents])).toEqual([['MUG-BLUE', 1, 334], ['CUP-ESP', 2, 557]]);
  });

  it('reports bad cells with row and column, and keeps importing later orders', async () => {
    const text = readFixture('shopify-orders-export.csv')
      .toString('utf8')
      .replace(',Field Tee - Red / M,19.99,', ',Field Tee - Red / M,19.999,')
      .replace(',5,Sticker Pack,', ',-5,Sticker Pack,');
    const items = await collect(streamShopifyOrdersCsv(text));
    expect(items.map((item) => item.ok)).toEqual([false, false, true]);
    expect(items[0].ok === false && items[0].errors).toEqual([
      { row: 2, field: 'Lineitem price', message: 'row 2, Lineitem price: "19.999" has more than 2 decimals for USD' },
    ]);
    expect(items[1].ok === false && items[1].errors[0]).toMatchObject({ row: 4, field: 'Lineitem quantity' });
  });

  it('refuses a file that is not an orders export', async () => {
    const items = await collect(streamShopifyOrdersCsv('Handle,Title\nx,y\n'));
    expect(items).toHaveLength(1);
    expect(items[0].ok === false && items[0].errors.map((e) => e.field)).toContain('Lineitem sku');
  });
});

describe('streamPlainOrdersCsv', () => {
  it('parses the documented plain format', async () => {
    const items = await collect(streamPlainOrdersCsv(readFixture('plain-orders.csv')));
    expect(items.every((item) => item.ok)).toBe(true);
    const [a, b] = items.map((item) => (item.ok ? item.order : null)!);
    expect(a).toMatchObject({
      channel: 'csv', externalId: 'PH-2001', placedAt: '2025-07-16T16:15:00.000Z', shippingChargedCents: 500, currency: 'USD',
      tags: ['phone', 'vip'], note: 'Call before delivery, please', customer: { name: 'Marie Curie', email: 'marie@example.com' },
      shipTo: { name: 'Marie Curie', line1: '1 Radium Ln', line2: null, city: 'Berkeley', regionCode: 'CA', postalCode: '94704', countryCode: 'US' },
    });
    expect(a.lines).toEqual([
      { externalLineId: 'PH-2001:1', sku: 'TEE-RED-M', name: 'TEE-RED-M', quantity: 1, unitPriceCents: 1999, discountCents: 0, taxCents: 165 },
      { externalLineId: 'PH-2001:2', sku: 'TOTE-CANVAS', name: 'TOTE-CANVAS', quantity: 2, unitPriceCents: 2299, discountCents: 400, taxCents: 346 },
    ]);
    expect(b).toMatchObject({ externalId: 'PH-2002', currency: 'GBP', shippingChargedCents: 395, shipTo: { line1: 'Bletchley Park, Hut 8', postalCode: 'MK3 6EB', countryCode: 'GB' } });
  });

  it('names row and column for each bad cell', async () => {
    const csv = [
      PLAIN_HEADER,
      'A-1,2025-07-16T09:15:00-07:00,,,Ann,1 Main St,,Springfield,IL,62701,US,SKU-1,1.5,19.99,,,5,USD,,,',
      'A-1,,,,,,,,,,,SKU-2,2,abc,,,,,,,',
      'A-1,,,,,,,,,,CA,SKU-3,1,1.00,,,,,,,',
      'B-1,2025-07-16 09:15,,,Bob,2 Main St,,Springfield,IL,62701,USA,,1,1.00,,,,USD,,,',
      'A-1,2025-07-16T09:15:00-07:00,,,Ann,1 Main St,,Springfield,IL,62701,US,SKU-4,1,1.00,,,,USD,,,',
    ].join('\n');
    const items = await collect(streamPlainOrdersCsv(csv));
    expect(items.map((item) => item.ok)).toEqual([false, false, false]);
    const errorsOf = (index: number) => (items[index].ok === false ? items[index].errors.map((e) => `${e.row}:${e.field}`) : []);
    expect(errorsOf(0)).toEqual(['4:country', '2:quantity', '3:unit_price']);
    expect(errorsOf(1)).toEqual(['5:country', '5:placed_at', '5:sku']);
    expect(errorsOf(2)).toEqual(['6:order_id']);
    expect(items[2].ok === false && items[2].errors[0].message).toMatch(/not together.*row 2/);
  });

  it('stops with a row number on a broken quote', async () => {
    const csv = `${PLAIN_HEADER}\nA-1,2025-07-16T09:15:00Z,,,Ann,"1 Main St,,X,,1,US,S,1,1.00,,,,USD,,,\nA-2,2025-07-16T09:15:00Z,,,Ann,1 Main,,X,,1,US,S,1,1.00,,,,USD,,,\n`;
    const items = await collect(streamPlainOrdersCsv(csv));
    expect(items.at(-1)).toMatchObject({ ok: false, errors: [{ row: 2, field: '(file)' }] });
    expect(items.at(-1)!.ok === false && (items.at(-1) as { errors: { message: string }[] }).errors[0].message).toMatch(/never closed/);

    const stray = `${PLAIN_HEADER}\nA-1,2025-07-16T09:15:00Z,,,Ann,"1 Main" St,,X,,1,US,S,1,1.00,,,,USD,,,\n`;
    const strayItems = await collect(streamPlainOrdersCsv(stray));
    expect(strayItems[0]).toMatchObject({ ok: false, errors: [{ row: 2, field: '(file)' }] });
  });

  it('rejects non-UTF-8 bytes with the line number and strips a UTF-8 BOM', async () => {
    const good = `${PLAIN_HEADER}\nA-1,2025-07-16T09:15:00Z,José,,José,1 Main,,X,,1,US,S,1,1.00,,,,USD,,,\n`;
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]);
    const bomItems = await collect(streamPlainOrdersCsv(withBom));
    expect(bomItems[0]).toMatchObject({ ok: true, order: { externalId: 'A-1', customer: { name: 'José' } } });

    const latin1 = Buffer.from(`${PLAIN_HEADER}\nA-1,2025-07-16T09:15:00Z,,,Ann,1 Main,,X,,1,US,S,1,1.00,,,,USD,,,\nA-2,2025-07-16T09:15:00Z,Jos\u00e9,,Ann,1 Main,,X,,1,US,S,1,1.00,,,,USD,,,\n`, 'latin1');
    const items = await collect(streamPlainOrdersCsv(latin1));
    const last = items.at(-1)!;
    expect(last).toMatchObject({ ok: false, errors: [{ row: 3, field: '(file)' }] });
    expect(last.ok === false && last.errors[0].message).toMatch(/0xE9 is not valid UTF-8.*CSV UTF-8/);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]);
    const utf16Items = await collect(streamPlainOrdersCsv(utf16));
    expect(utf16Items[0].ok === false && utf16Items[0].errors[0].message).toMatch(/UTF-16/);
  });

  it('joins multi-byte characters split across stream chunks', async () => {
    const text = `${PLAIN_HEADER}\nA-1,2025-07-16T09:15:00Z,Zoë Ærø,,Zoë,1 Main,,Köln,,1,DE,S,1,1.00,,,,EUR,,,\n`;
    const bytes = Buffer.from(text);
    const oneByteChunks = (async function* () {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    })();
    const items = await collect(streamPlainOrdersCsv(oneByteChunks));
    expect(items[0]).toMatchObject({ ok: true, order: { customer: { name: 'Zoë Ærø' }, shipTo: { city: 'Köln' } } });
  });
});
