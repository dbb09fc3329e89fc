import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { PLAIN_ORDER_COLUMNS, readCsvRecords, streamPlainOrdersCsv, streamShopifyOrdersCsv, type OrderCsvItem } from '../../../main/domain/orders/intake/index';
import { tempApp } from '../../helpers/temp-app';
import { csvFile, damagedText } from './arbitraries';

// Order files: every order is imported or reported (with its rows), never dropped; an order that
// fails writes nothing.

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const SHOPIFY_COLUMNS = ['Name', 'Email', 'Financial Status', 'Currency', 'Shipping', 'Taxes', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Lineitem requires shipping', 'Shipping Name', 'Shipping Address1', 'Shipping City', 'Shipping Zip', 'Shipping Country', 'Id'];
const REQUIRED_PLAIN = ['order_id', 'placed_at', 'ship_name', 'address1', 'city', 'country', 'sku', 'quantity', 'unit_price', 'currency'];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every data row of the file belongs to exactly one item (an order or a failure), unless a file-level error stopped the reading. */
function expectEveryRowAccountedFor(items: OrderCsvItem[]): void {
  let last = 1;
  for (const item of items) {
    if (!item.ok) {
      expect(item.errors.length).toBeGreaterThan(0);
      for (const e of item.errors) {
        expect(e.field).not.toBe('');
        expect(typeof e.row === 'number' && e.row >= 1).toBe(true);
        expect(e.message.length).toBeLessThan(1000);
      }
    }
    if (item.rows) {
      expect(item.rows.first).toBeGreaterThan(last);
      expect(item.rows.last).toBeGreaterThanOrEqual(item.rows.first);
      last = item.rows.last;
    } else {
      // Only a file-level problem has no rows, and it is the last item.
      expect(item.ok).toBe(false);
      expect(item).toBe(items.at(-1));
    }
  }
}

/** Every record the tokenizer read before any break (the header aside) lies in some item's rows: no order vanishes. */
async function expectNoRecordDropped(text: string, items: OrderCsvItem[]): Promise<void> {
  const rows: number[] = [];
  try {
    for await (const record of readCsvRecords(text)) rows.push(record.row);
  } catch {
    // The break itself is reported as the file-level item.
  }
  // A missing column or an empty file stops at the header: nothing of the rows is read.
  if (items.length === 1 && !items[0].ok && items[0].rows === null && items[0].errors.every((e) => e.row === 1)) return;
  for (const row of rows.slice(1)) expect(items.some((item) => item.rows && item.rows.first <= row && row <= item.rows.last), `row ${row} is in no order and no report`).toBe(true);
}

describe('order CSV readers (fuzz)', () => {
  it('plain: generated and damaged files, every row in an order or a report', async () => {
    const files = fc.oneof(csvFile(PLAIN_ORDER_COLUMNS, { required: REQUIRED_PLAIN }), damagedText(fixture('plain-orders.csv')));
    await fc.assert(fc.asyncProperty(files, async (text) => {
      const items = await collect(streamPlainOrdersCsv(text));
      expectEveryRowAccountedFor(items);
      await expectNoRecordDropped(text, items);
    }), { numRuns: 2000 });
  });

  it("Shopify's export: generated and damaged files, every row in an order or a report", async () => {
    const files = fc.oneof(csvFile(SHOPIFY_COLUMNS, { required: ['Name', 'Currency', 'Created at', 'Lineitem quantity', 'Lineitem price'] }), damagedText(fixture('shopify-orders-export.csv')));
    await fc.assert(fc.asyncProperty(files, async (text) => {
      const items = await collect(streamShopifyOrdersCsv(text));
      expectEveryRowAccountedFor(items);
      await expectNoRecordDropped(text, items);
    }), { numRuns: 2000 });
  });
});

describe('order import (fuzz)', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let channel: number;
  beforeAll(async () => {
    app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T10:00:00Z')) });
    await app.invoke('catalog.upsert', { sku: 'TEE-RED-M', name: 'Tee' });
    await app.invoke('stock.receive', { sku: 'TEE-RED-M', quantity: 50 });
    channel = (await app.invoke('channels.upsert', { name: 'Files', kind: 'csv' })).id;
  });
  afterAll(() => app.cleanup());
  const count = async (table: string) => (await app.store.raw<{ n: number }>(`select count(*) as n from ${table}`))[0].n;

  it('writes exactly the orders it reports created (or created already cancelled), and nothing of a failed one', async () => {
    const files = fc.tuple(fc.constantFrom('csv', 'shopify') as fc.Arbitrary<'csv' | 'shopify'>, fc.oneof(damagedText(fixture('plain-orders.csv')), damagedText(fixture('shopify-orders-export.csv'))));
    await fc.assert(
      fc.asyncProperty(files, async ([format, content]) => {
        const [orders, lines] = [await count('sales_order'), await count('order_line')];
        const report = await app.invoke('orders.import', { channel, format, content: content || ' ' });
        // An order that arrives already cancelled is stored too, and counted on its own.
        expect(await count('sales_order') - orders).toBe(report.created + report.cancelled);
        if (report.created + report.cancelled === 0) expect(await count('order_line')).toBe(lines);
        for (const e of report.errors) expect(e.field).not.toBe('');
      }),
      { numRuns: 200 },
    );
    expect(await app.services.system.check()).toMatchObject({ ok: true });
  }, 60_000);
});
