import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

const DAY = 86_400_000;
// Saturday 28 November 2026, 12:00 UTC; the shop calendar is on UTC.
const NOW = new Date('2026-11-28T12:00:00Z');
const clock = new ManualClock(NOW);
let app: Awaited<ReturnType<typeof tempApp>>;

beforeEach(async () => {
  clock.set(NOW);
  app = await tempApp({ clock });
  await app.invoke('calendar.update', { timeZone: 'UTC' });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1000, reorderPoint: 50 });
  await app.invoke('catalog.upsert', { sku: 'CAP', name: 'Cap', priceCents: 1500 });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 40, unitCostCents: 400 });
});
afterEach(() => app.cleanup());

/** An order placed `daysAgo` days before now (the clock is moved there for it), on a channel. */
async function orderPlaced(daysAgo: number, sku = 'MUG', channel?: number) {
  clock.set(new Date(NOW.getTime() - daysAgo * DAY));
  const order = await app.invoke('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku, quantity: 1 }],
    ...(channel ? { channel } : {}),
  });
  clock.set(NOW);
  return order;
}

describe('dashboard', () => {
  it('counts thirty shop days of orders per channel, leaving cancelled ones and older ones out', async () => {
    const wholesale = await app.invoke('channels.upsert', { name: 'Wholesale', kind: 'csv' });
    await orderPlaced(40); // before the window
    await orderPlaced(2);
    await orderPlaced(2, 'MUG', wholesale.id);
    const cancelled = await orderPlaced(1);
    await app.invoke('orders.cancel', { id: cancelled.id, reason: 'customer changed their mind' });
    await orderPlaced(0);

    const d = await app.invoke('reports.dashboard', {});
    expect(d.today).toBe('2026-11-28');
    expect(d.ordersPerDay).toHaveLength(30);
    expect(d.ordersPerDay[0].date).toBe('2026-10-30');
    const day = (date: string) => d.ordersPerDay.find((x) => x.date === date)!;
    expect(day('2026-11-26').byChannel).toEqual({ 'Manual orders': 1, Wholesale: 1 });
    expect(day('2026-11-26').revenueCents).toBe(2000);
    expect(day('2026-11-27').byChannel).toEqual({});
    expect(d.orders.receivedToday).toBe(1);
    expect(d.ordersPerDay.reduce((n, x) => n + Object.values(x.byChannel).reduce((a, b) => a + b, 0), 0)).toBe(3);
  });

  it('lists the exceptions — past the promise, stuck, on hold — and counts today’s work', async () => {
    const late = await orderPlaced(12); // manual orders promise 5 business days: due on 2026-11-23
    const stuck = await orderPlaced(3); // allocated three days ago, promised 2026-12-02
    const held = await orderPlaced(0, 'NO-SUCH-SKU');
    const backordered = await orderPlaced(0, 'CAP');
    expect([late.status, stuck.status, held.status, backordered.status]).toEqual(['allocated', 'allocated', 'on_hold', 'backordered']);

    const d = await app.invoke('reports.dashboard', {});
    expect(d.orders).toMatchObject({ late: 1, onHold: 1, backordered: 1, open: 4, receivedToday: 2 });
    expect(d.exceptions.map((e) => [e.orderId, e.kind])).toEqual([
      [late.id, 'late'],
      [stuck.id, 'stuck'],
      [held.id, 'on_hold'],
    ]);
    expect(d.exceptions[0].detail).toBe(`promised ${late.promisedDate}, still allocated`);
    expect(d.exceptions[2].detail).toContain('Unknown SKU NO-SUCH-SKU');
    // Stock: MUG is below its reorder point (40 − 2 reserved ≤ 50), CAP has none; valued at moving-average cost.
    expect(d.stock).toMatchObject({ lowStock: 1, outOfStock: 1, valueCents: 40 * 400 });
  });

  it("counts the stock view's own marks: low, out and expiring in every warehouse, kits left out", async () => {
    await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East', postalCode: '10001' });
    await app.invoke('catalog.upsert', { sku: 'TEA', name: 'Tea', lotTracked: true, reorderPoint: 5 });
    await app.invoke('catalog.upsert', { sku: 'GIFT', name: 'Gift set', components: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 1 }] });
    // TEA: a lot expiring in 10 days at MAIN (and low there: 3 ≤ 5), one expiring in 60 days at EAST.
    await app.invoke('stock.receive', { sku: 'TEA', quantity: 3, lot: 'L-SOON', expiresOn: '2026-12-08' });
    await app.invoke('stock.receive', { sku: 'TEA', warehouse: 'EAST', quantity: 20, lot: 'L-LATER', expiresOn: '2027-01-27' });
    await app.invoke('stock.receive', { sku: 'MUG', warehouse: 'EAST', quantity: 60 });
    const view = async (filter: 'low' | 'out' | 'expiring') => (await app.invoke('stock.list', { filter, expiringDays: 30 })).rows.map((r) => `${r.sku}@${r.warehouse}`).sort();
    expect(await view('low')).toEqual(['MUG@MAIN', 'TEA@MAIN']);
    expect(await view('out')).toEqual(['CAP@EAST', 'CAP@MAIN']);
    expect(await view('expiring')).toEqual(['TEA@MAIN']);

    const d = await app.invoke('reports.dashboard', {});
    expect(d.stock).toMatchObject({ lowStock: 2, outOfStock: 2, expiringSoon: 1 });
    // Fifty days on, the EAST lot is within 30 days too.
    clock.set(new Date(NOW.getTime() + 50 * DAY));
    expect((await app.invoke('reports.dashboard', {})).stock.expiringSoon).toBe(2);
    expect((await app.invoke('stock.list', { filter: 'expiring', expiringDays: 30 })).total).toBe(2);
  });
});
