import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { IN_STORE_PICKUP } from '../../../main/demo/demand-history';
import { seedDemo } from '../../../main/demo/index';
import { tempApp } from '../../helpers/temp-app';

/**
 * The whole demo shop, as someone opening `shipshape serve --demo` finds it: the orders that left
 * went out as real shipments (so the dashboard's shipping record and the books have them), and the
 * ledger, reservations and history are consistent.
 */
let app: Awaited<ReturnType<typeof tempApp>>;
beforeAll(async () => {
  app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T15:00:00Z')) });
  expect(await seedDemo(app, { seed: 7 })).toBe(true);
}, 180_000); // as purchasing/demo.test.ts: the whole demo shop, seeded on PostgreSQL too
afterAll(async () => {
  await app.cleanup();
});

describe('demo shop', () => {
  // Counter sales (the year of demand history, main/demo/demand-history.ts) are handed over at the shop: they never leave.
  it('every order that left has an outbound shipment, and delivered ones a delivery scan', async () => {
    const withoutShipment = (await app.store.raw<{ n: number }>(
      `select count(*) as n from sales_order o where o.status in ('shipped','delivered','returned','partially_shipped')
         and o.shipping_method is distinct from '${IN_STORE_PICKUP}'
         and not exists (select 1 from shipment s where s.order_id = o.id and s.direction = 'outbound' and s.status <> 'voided')`,
    ))[0].n;
    expect(withoutShipment).toBe(0);
    const delivered = (await app.store.raw<{ orders: number; undelivered: number }>(
      `select count(*) as orders, sum(case when not exists (select 1 from shipment s where s.order_id = o.id and s.delivered_date is not null) then 1 else 0 end) as undelivered
       from sales_order o where o.status = 'delivered' and o.shipping_method is distinct from '${IN_STORE_PICKUP}'`,
    ))[0];
    expect(delivered.orders).toBeGreaterThan(100);
    expect(delivered.undelivered).toBe(0);
    // Nothing in the history lies ahead of the demo's today.
    expect((await app.store.raw<{ n: number }>("select count(*) as n from tracking_event where at > '2026-11-02T15:00:00Z'"))[0].n).toBe(0);
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  });

  it('an order abroad for any demo product can be declared to customs (HS code, origin and description)', async () => {
    const incomplete = await app.store.raw<{ sku: string }>(
      "select sku from product where active = 1 and is_kit = 0 and (hs_code is null or origin_country is null or customs_description is null or trim(customs_description) = '') limit 5",
    );
    expect(incomplete).toEqual([]);
  });

  it('the dashboard shows a shipping record per carrier, mostly on time, with its postage', async () => {
    const dash = await app.invoke('reports.dashboard', {});
    expect(dash.shipping.length).toBeGreaterThanOrEqual(3);
    expect(dash.shipping.map((c) => c.carrierName)).toEqual(expect.arrayContaining(['USPS', 'Local courier'])); // the carriers' names, not their codes
    const total = dash.shipping.reduce((t, c) => ({ shipments: t.shipments + c.shipments, delivered: t.delivered + c.delivered, onTime: t.onTime + c.onTime, costCents: t.costCents + c.costCents }), { shipments: 0, delivered: 0, onTime: 0, costCents: 0 });
    expect(total.shipments).toBeGreaterThan(100);
    expect(total.onTime / total.delivered).toBeGreaterThan(0.7);
    expect(total.onTime).toBeLessThan(total.delivered); // some parcels were late
    expect(total.costCents).toBeGreaterThan(0);
  });

  it("the dashboard's 30-day orders chart counts every channel's orders of those days", async () => {
    const dash = await app.invoke('reports.dashboard', {});
    const first = dash.ordersPerDay[0].date;
    const inChart = dash.ordersPerDay.reduce((n, d) => n + Object.values(d.byChannel).reduce((a, b) => a + b, 0), 0);
    const placed = await app.store.raw<{ channel: string; n: number }>(
      "select c.name as channel, count(*) as n from sales_order o join channel c on c.id = o.channel_id where o.status <> 'cancelled' and substr(o.placed_at, 1, 10) >= ? group by c.name",
      first,
    );
    expect(dash.channels).toEqual(placed.map((p) => p.channel).sort());
    // Shop days and UTC days differ at the window's first evening: the chart may hold a few orders fewer.
    const total = placed.reduce((n, p) => n + p.n, 0);
    expect(inChart).toBeGreaterThan(total * 0.95);
    expect(inChart).toBeLessThanOrEqual(total);
  });

  it("the books carry the postage of the demo's shipments", async () => {
    const preview = await app.invoke('accounting.preview', { from: '2026-10-01', to: '2026-10-31' });
    const postage = preview.entries.filter((e) => e.kind === 'postage');
    expect(postage.length).toBeGreaterThan(15); // a postage entry on most shipping days of October
    const booked = postage.reduce((sum, e) => sum + e.lines.reduce((s, l) => s + l.debitCents, 0), 0);
    const labelled = (await app.store.raw<{ cents: number }>(
      "select sum(coalesce(cost_cents, price_cents)) as cents from shipment where direction = 'outbound' and status <> 'voided' and created_at >= '2026-10-01' and created_at < '2026-11-01'",
    ))[0].cents;
    expect(booked).toBeGreaterThan(0);
    expect(Math.abs(booked - labelled)).toBeLessThan(labelled * 0.05); // the month's labels (the shop calendar's day edges aside)
  });
});
