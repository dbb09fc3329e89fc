/**
 * A small real warehouse for the fulfilment service tests, on top of the shipping test shop
 * (New York origin, boxes, hand-made zone charts and rate cards): three aisles of bins with
 * coordinates, a returns and a quarantine bin by the dock, products with supplier barcodes and
 * known weights, and stock placed so FEFO/pick-sequence choices are predictable.
 *
 *   y ↑   A01-05 (BOOK)   A02-05 (CAP)
 *         A01-01 (SOCK 3) A02-01          A03-03 (SOCK 10)
 *   depot (0, -1)
 */
import type { MethodInput } from '../../../shared/api';
import { placeOrder, shippingShop, type TestApp } from '../shipping/service-setup';

export type FulfilmentApp = TestApp & { clock: import('../../../main/clock').ManualClock };

export const BINS = [
  { code: 'A01-01', aisle: '01', xM: 2, yM: 2, pickSequence: 1 },
  { code: 'A01-05', aisle: '01', xM: 2, yM: 4, pickSequence: 2 },
  { code: 'A02-01', aisle: '02', xM: 5, yM: 2, pickSequence: 4 },
  { code: 'A02-05', aisle: '02', xM: 5, yM: 4, pickSequence: 3 },
  { code: 'A03-03', aisle: '03', xM: 8, yM: 3, pickSequence: 5 },
];

export async function fulfilmentShop(options: { printerUri?: string; workers?: boolean } = {}): Promise<FulfilmentApp> {
  const app = (await shippingShop(options)) as FulfilmentApp;
  await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
  for (const b of BINS) await app.invoke('bins.upsert', { warehouse: 'MAIN', zone: 'A', bay: b.code.slice(4), level: 'A', kind: 'pick', ...b });
  await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'RET-01', kind: 'returns', xM: 1, yM: -1 });
  await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'QRN-01', kind: 'quarantine', xM: 2, yM: -1 });
  const product = (sku: string, name: string, weightG: number, priceCents: number) =>
    app.invoke('catalog.upsert', { sku, name, priceCents, weightG, lengthMm: 100, widthMm: 80, heightMm: 40, barcodes: [{ code: `SUP-${sku}`, kind: 'supplier' }] });
  await product('SOCK', 'Wool Sock', 80, 1200);
  await product('CAP', 'Field Cap', 150, 2200);
  await product('BOOK', 'Field Guide', 500, 3000);
  const receive = (sku: string, bin: string, quantity: number) => app.invoke('stock.receive', { sku, warehouse: 'MAIN', bin, quantity });
  await receive('SOCK', 'A01-01', 3);
  await receive('SOCK', 'A03-03', 10);
  await receive('CAP', 'A02-05', 10);
  await receive('BOOK', 'A01-05', 5);
  return app;
}

export function order(app: TestApp, lines: { sku: string; quantity: number }[], promisedDate = '2026-03-05', extra: Partial<MethodInput<'orders.create'>> = {}) {
  return placeOrder(app, lines, promisedDate, extra);
}

/** Walks a whole batch the way a handheld does: scan bin, scan item, confirm the full quantity. */
export async function pickEverything(app: TestApp, batchId: number): Promise<void> {
  for (;;) {
    const step = await app.invoke('picking.next', { batchId });
    if (step.done || !step.task) return;
    await app.invoke('picking.scanBin', { taskId: step.task.id, code: step.task.bin });
    await app.invoke('picking.confirm', { taskId: step.task.id, code: `SUP-${step.task.sku}`, qty: step.task.qty });
  }
}

export const level = async (app: TestApp, sku: string) =>
  (await app.store.raw<{ on_hand: number; reserved: number; sellable: number }>(
    "select l.on_hand, l.reserved, l.sellable from stock_level l join product p on p.id = l.product_id join warehouse w on w.id = l.warehouse_id where p.sku = ? and w.code = 'MAIN'",
    sku,
  ))[0];

export const binOnHand = async (app: TestApp, sku: string, bin: string) =>
  (await app.store.raw<{ on_hand: number }>(
    'select coalesce(sum(b.on_hand), 0) as on_hand from stock_balance b join product p on p.id = b.product_id join bin on bin.id = b.bin_id where p.sku = ? and bin.code = ?',
    sku,
    bin,
  ))[0].on_hand;
