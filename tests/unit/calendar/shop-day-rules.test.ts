import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';
import { placeOrder, shippingShop } from '../shipping/service-setup';

/**
 * "N days" rules count the shop's days, turning at the shop's midnight: not N × 24 hours after the
 * event, and not at UTC midnight. The shop is in Auckland (UTC+13 in summer), far from UTC, so each
 * rule's answer differs from both of those at the instants below.
 */
const ZONE = 'Pacific/Auckland';

let app: { cleanup(): Promise<void> } | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const customer = { name: 'Ada Lovelace', email: null, phone: null };
const shipTo = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true };

describe('stuck orders on the dashboard (allocated over 2 shop days)', () => {
  it('an order allocated at 00:10 and one at 23:50 on the same shop day become stuck together, at the shop’s midnight two days on', async () => {
    const clock = new ManualClock(new Date('2026-11-24T11:10:00Z'));
    const shop = await tempApp({ clock });
    app = shop;
    await shop.invoke('calendar.update', { timeZone: ZONE });
    await shop.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1000 });
    await shop.invoke('stock.receive', { sku: 'MUG', quantity: 40 });
    // 25 November at the shop: 00:10 (24 Nov in UTC) and 23:50.
    const early = await shop.invoke('orders.create', { customer, shipTo, lines: [{ sku: 'MUG', quantity: 1 }] });
    clock.set(new Date('2026-11-25T10:50:00Z'));
    const late = await shop.invoke('orders.create', { customer, shipTo, lines: [{ sku: 'MUG', quantity: 1 }] });
    expect([early.status, late.status]).toEqual(['allocated', 'allocated']);
    const stuck = async () => (await shop.invoke('reports.dashboard', {})).exceptions.filter((e) => e.kind === 'stuck').map((e) => e.orderId);

    // 27 November, 23:00 at the shop: 70 hours after the early order, but only 26 and 27 have gone by.
    clock.set(new Date('2026-11-27T10:00:00Z'));
    expect(await stuck()).toEqual([]);
    // 28 November, 00:05 at the shop (still the 27th in UTC): both, though the late one is only 48 h 15 min old.
    clock.set(new Date('2026-11-27T11:05:00Z'));
    expect((await stuck()).sort()).toEqual([early.id, late.id].sort());
  });
});

describe('stalled parcels (no scan for 3 shop days)', () => {
  it('counts shop days since the day of the last scan', async () => {
    const shop = await shippingShop();
    app = shop;
    await shop.invoke('calendar.update', { timeZone: ZONE });
    const ids: number[] = [];
    // Last scans on 10 March at the shop: 00:10 (9 March in UTC) and 23:50.
    for (const scannedAt of ['2026-03-09T11:10:00Z', '2026-03-10T10:50:00Z']) {
      const order = await placeOrder(shop);
      const shipment = await shop.invoke('shipping.ship', { orderId: order.id });
      await shop.store.raw("update shipment set status = 'in_transit', last_event_at = ?, promised_date = null where id = ?", scannedAt, shipment.id);
      ids.push(shipment.id);
    }
    const stalled = async () => (await shop.invoke('shipping.exceptions', {})).filter((e) => e.kind === 'stalled');

    // 13 March, 23:00 at the shop: almost 95 hours since the early scan, but 11 and 12 are the only whole days.
    shop.clock.set(new Date('2026-03-13T10:00:00Z'));
    expect(await stalled()).toEqual([]);
    // 14 March, 00:05 at the shop (still the 13th in UTC): both, with three shop days without a scan.
    shop.clock.set(new Date('2026-03-13T11:05:00Z'));
    const both = await stalled();
    expect(both.map((e) => e.shipmentId).sort()).toEqual([...ids].sort());
    expect(both.map((e) => e.detail)).toEqual(['no scan for 3 days', 'no scan for 3 days']);
  });
});

describe('inventory aging', () => {
  it('ages stock in shop days from the shop’s date of the receipt', async () => {
    const clock = new ManualClock(new Date('2026-11-25T11:10:00Z')); // 26 Nov 00:10 at the shop, 25 Nov in UTC
    const shop = await tempApp({ clock });
    app = shop;
    await shop.invoke('calendar.update', { timeZone: ZONE });
    await shop.invoke('catalog.upsert', { sku: 'OLD', name: 'Old', priceCents: 1000 });
    await shop.invoke('catalog.upsert', { sku: 'NEW', name: 'New', priceCents: 1000 });
    await shop.invoke('stock.receive', { sku: 'OLD', quantity: 2 });
    clock.set(new Date('2026-11-27T10:50:00Z')); // 27 Nov 23:50 at the shop
    await shop.invoke('stock.receive', { sku: 'NEW', quantity: 3 });
    clock.set(new Date('2026-11-27T11:05:00Z')); // 28 Nov 00:05 at the shop: NEW is 15 minutes old, but from yesterday
    const rows = await shop.invoke('stock.aging', {});
    expect(rows.map((r) => [r.sku, r.receivedOn, r.ageDays])).toEqual([
      ['NEW', '2026-11-27', 1],
      ['OLD', '2026-11-26', 2],
    ]);
  });
});
