/**
 * A small real shop for the shipping service tests: one warehouse in New York (prefix 100), two
 * products with sizes, boxes, and hand-made zone charts and rate cards imported through the API
 * as CSV, so every number in a test can be worked out by hand.
 *
 * Clock: Monday 2026-03-02 10:00 (process time zone), before every cut-off; pickup the same day.
 */
import { ManualClock } from '../../../main/clock';
import type { MethodInput } from '../../../shared/api';
import { tempApp } from '../../helpers/temp-app';

export type TestApp = Awaited<ReturnType<typeof tempApp>>;

export const MONDAY = new Date(2026, 2, 2, 10, 0);

/** 100 → 200 is zone 5 for USPS (published: Ground Advantage 4 days, Priority 2) and UPS (Ground 4 days). */
export const ZONES = 'origin_prefix,dest_prefix,zone\n100,200,5\n100,201,5\n';
export const CARDS: Record<string, string> = {
  'usps/ground_advantage': 'zone,max_weight_g,price\n5,2000,5.00\n5,10000,9.00\n',
  'usps/priority': 'zone,max_weight_g,price\n5,2000,8.00\n5,10000,14.00\n',
  'ups/ground': 'zone,max_weight_g,price\n5,2000,9.00\n5,10000,15.00\n',
};

export async function shippingShop(options: { printerUri?: string; workers?: boolean } = {}): Promise<TestApp & { clock: ManualClock }> {
  const clock = new ManualClock(MONDAY);
  const app = await tempApp({ clock, workers: options.workers });
  await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await app.invoke('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25 });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 100, warehouse: 'MAIN' });
  await app.invoke('stock.receive', { sku: 'TEE', quantity: 100, warehouse: 'MAIN' });
  await app.invoke('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  await app.invoke('shipping.upsertBox', { code: 'BOX-L', name: 'Large', innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 250, tareG: 400 });
  await app.invoke('shipping.importZones', { carrier: 'usps', csv: ZONES });
  await app.invoke('shipping.importZones', { carrier: 'ups', csv: ZONES });
  for (const [ref, csv] of Object.entries(CARDS)) {
    const [carrier, service] = ref.split('/');
    const report = await app.invoke('shipping.importRateCard', { carrier, service, csv });
    if (!report.ok) throw new Error(JSON.stringify(report.errors));
  }
  if (options.printerUri) await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: options.printerUri });
  return Object.assign(app, { clock });
}

/** An allocated order to 20001 promised for `promisedDate` (Thursday by default: 3 business days after pickup). */
export async function placeOrder(app: TestApp, lines: { sku: string; quantity: number }[] = [{ sku: 'MUG', quantity: 1 }], promisedDate = '2026-03-05', extra: Partial<MethodInput<'orders.create'>> = {}) {
  const order = await app.invoke('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines,
    ...extra,
  });
  // The channel's promise rule decides promised dates; tests state theirs exactly.
  await app.store.raw('update sales_order set promised_date = ? where id = ?', promisedDate, order.id);
  return order;
}
