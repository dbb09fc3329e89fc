import { eachInOrder } from '../util/in-order';
import { insertRows, insertRowsReturningIds } from '../store/bulk-insert';
import { ManualClock } from '../clock';
import { createInventory } from '../domain/inventory/index';
import { ChannelService } from '../domain/orders/channel-service';
import { simulateDemand, type DemandPattern, type PatternParams } from '../domain/forecasting/simulate';
import { EventBus } from '../events';
import type { DemoContext, DemoSeeder } from './index';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAYS = 365;
const ACTOR = 'demo';
export const COUNTER_CHANNEL = 'Harbor & Pine shop counter';
/** The shipping method of counter sales: the customer took it home, nothing was shipped. */
export const IN_STORE_PICKUP = 'In-store pickup';

interface HistoryProduct {
  sku: string;
  name: string;
  priceCents: number;
  costCents: number;
  weightG: number;
  /** Customs data, so an order abroad for it can be declared (CN22/CN23, commercial invoice). */
  customs: { hsCode: string; originCountry: string; description: string };
  pattern: DemandPattern;
  params: PatternParams;
  /** Receipts cover this many days of mean demand; a new one is ordered when cover falls below the lead time. */
  coverDays: number;
  leadDays: number;
  /** Days ago at which the supplier's delivery came this many days late (a stockout on the chart). */
  lateDelivery?: { daysAgo: number; lateBy: number };
}

/**
 * A year of sales for a handful of products with known demand patterns, so the forecast chart and
 * the replenishment autopilot have real history: weekly seasonal (weekend peaks), smooth,
 * intermittent and lumpy demand, and one supplier delivery that came three weeks late (an empty
 * shelf the forecaster must treat as censored, not as zero demand).
 */
export const DEMAND_HISTORY_PRODUCTS: HistoryProduct[] = [
  { sku: 'BREW-HOUSE-1KG', name: 'House Blend Coffee Beans 1 kg', priceCents: 2400, costCents: 1100, weightG: 1050, customs: { hsCode: '090121', originCountry: 'US', description: 'Roasted coffee beans' }, pattern: 'seasonal', params: { mean: 7 }, coverDays: 21, leadDays: 6 },
  { sku: 'MUG-ENAMEL-CRM', name: 'Enamel Camp Mug - Cream', priceCents: 1600, costCents: 520, weightG: 240, customs: { hsCode: '732394', originCountry: 'CN', description: 'Enamelled steel mug' }, pattern: 'seasonal', params: { mean: 3 }, coverDays: 35, leadDays: 10 },
  {
    sku: 'CANDLE-CEDAR', name: 'Cedar & Smoke Candle', priceCents: 2800, costCents: 900, weightG: 420, customs: { hsCode: '340600', originCountry: 'US', description: 'Wax candle' }, pattern: 'smooth', params: { mean: 4 }, coverDays: 28, leadDays: 8,
    lateDelivery: { daysAgo: 45, lateBy: 21 },
  },
  { sku: 'LANTERN-BRASS', name: 'Brass Storm Lantern', priceCents: 6400, costCents: 2600, weightG: 1300, customs: { hsCode: '940550', originCountry: 'IN', description: 'Brass lantern, non-electric' }, pattern: 'intermittent', params: { mean: 0.35, demandChance: 0.25 }, coverDays: 60, leadDays: 14 },
  { sku: 'HAMMOCK-CANVAS', name: 'Canvas Camp Hammock', priceCents: 8900, costCents: 3800, weightG: 1600, customs: { hsCode: '630690', originCountry: 'IN', description: 'Canvas camping hammock' }, pattern: 'lumpy', params: { mean: 0.6, demandChance: 0.12 }, coverDays: 60, leadDays: 21 },
];

/**
 * Written in bulk (one transaction, a few hundred rows per insert, no per-order service calls) so the demo
 * still starts in seconds: counter sales (a manual channel, in-store pickup: nothing ships, so no
 * shipments or postage) delivered on the spot, one line each, the `pick`
 * movement of each order and the supplier receipts in the ledger, and each product's balance and
 * level set to what its ledger sums to (`shipshape check` holds). Stock is simulated day by day:
 * a day's sales are what the shelf could supply; demand beyond it is lost, as in a real stockout.
 */
export const demandHistorySeeder: DemoSeeder = {
  name: 'demand history',
  async seed({ app, seed, today }: DemoContext) {
    const { store } = app;
    const bin = await store.get(
      store.kysely.selectFrom('bin as b').innerJoin('warehouse as w', 'w.id', 'b.warehouse_id').select(['b.id', 'b.warehouse_id'])
        .where('w.code', '=', 'MAIN').where('b.kind', '=', 'pick').orderBy('b.pick_sequence').orderBy('b.id').limit(1),
    );
    if (!bin) return; // the other seeders changed: nothing to attach the history to
    const first = today.getTime() - DAYS * DAY_MS;
    const clock = new ManualClock(new Date(first - DAY_MS));
    const core = { store, clock, events: new EventBus(clock), lanMode: false };
    const inv = createInventory(core);
    // Counter sales: handed over at the warehouse shop, so they never ship (no parcel, no shipment).
    const channel = await new ChannelService(core, inv.locations).upsert({ name: COUNTER_CHANNEL, kind: 'manual', defaultWarehouse: 'MAIN' });

    // The history is written now, like an import of past sales: created_at grows with the id as in a
    // real shop (the dashboard finds its 30-day window by created_at over ids), placed_at is the sale's day.
    const writtenAt = today.toISOString();
    // Rows are collected in the order the day-by-day simulation makes them, then written a few
    // hundred per statement (ids follow that order, as one insert each would give them).
    type OrderRow = Parameters<typeof insertRowsReturningIds<'sales_order'>>[2][number];
    type LineRow = Parameters<typeof insertRows<'order_line'>>[2][number];
    type MovementRow = Parameters<typeof insertRows<'stock_movement'>>[2][number];
    const orders: OrderRow[] = [];
    /** Each line with the index of its order in `orders` (its id is known once the orders are in). */
    const lines: { order: number; row: Omit<LineRow, 'order_id'> }[] = [];
    const movements: MovementRow[] = [];
    const balances: { productId: number; ledger: number }[] = [];
    await store.tx(async () => {
      let number = 70_001;
      await eachInOrder(DEMAND_HISTORY_PRODUCTS, async (p, k) => {
        const productId = (await inv.catalog.upsert({ sku: p.sku, name: p.name, priceCents: p.priceCents, costCents: p.costCents, weightG: p.weightG, hsCode: p.customs.hsCode, originCountry: p.customs.originCountry, customsDescription: p.customs.description, tags: ['demand-history'] })).id;
        await store.run(store.kysely.updateTable('product').set({ avg_cost_cents: p.costCents }).where('id', '=', productId));
        // Day 0 of the simulation is a Monday-relative weekday so the weekly shape falls on real weekends.
        const firstWeekday = (new Date(first).getUTCDay() + 6) % 7;
        const demand = simulateDemand(p.pattern, p.params, DAYS, seed * 31 + k, firstWeekday);
        const batch = Math.ceil(p.params.mean * p.coverDays);
        let onHand = batch;
        let arrivesOn = -1;
        let ledger = 0;
        const movement = (at: string, kind: 'receive' | 'pick', quantity: number, reason: string, reference: string) =>
          movements.push({ at, kind, product_id: productId, warehouse_id: bin.warehouse_id, bin_id: bin.id, lot_id: null, quantity, unit_cost_cents: p.costCents, reason, reference, actor: ACTOR });
        const receive = (day: number, quantity: number) => {
          const at = new Date(first + day * DAY_MS - 4 * HOUR_MS).toISOString(); // 08:00 at the shop (UTC-4/-5)
          movement(at, 'receive', quantity, 'supplier delivery', `PO-H${k}${day}`);
          ledger += quantity;
        };
        receive(-1, onHand);
        for (let day = 0; day < DAYS; day++) {
          if (day === arrivesOn) {
            onHand += batch;
            receive(day, batch);
            arrivesOn = -1;
          }
          let units = Math.min(demand[day], onHand);
          // One order per unit or two, at opening hours spread over the day.
          while (units > 0) {
            const quantity = p.pattern === 'lumpy' ? units : Math.min(units, units > 3 ? 2 : 1);
            units -= quantity;
            onHand -= quantity;
            const placed = first + day * DAY_MS + (1 + ((number * 7919) % 9)) * HOUR_MS; // 13:00-21:00 UTC, the shop's daytime
            const placedAt = new Date(placed).toISOString();
            const pickedAt = new Date(placed + 2 * HOUR_MS).toISOString();
            const subtotal = p.priceCents * quantity;
            const tax = Math.round((subtotal * 825) / 10_000);
            const orderNumber = `C-${number}`;
            lines.push({ order: orders.length, row: { line_no: 1, sku: p.sku, product_id: productId, name: p.name, quantity, unit_price_cents: p.priceCents, tax_cents: tax, warehouse_id: bin.warehouse_id, shipped_qty: quantity } });
            orders.push({
              channel_id: channel.id, external_id: `counter-${number}`, number: orderNumber, status: 'delivered', customer_name: 'Counter sale', ship_postal_code: '97217', ship_country: 'US', currency: 'USD',
              subtotal_cents: subtotal, tax_cents: tax, total_cents: subtotal + tax, payment_status: 'paid', shipping_method: IN_STORE_PICKUP, placed_at: placedAt, warehouse_id: bin.warehouse_id,
              raw_identifiers: '{}', created_at: writtenAt, updated_at: pickedAt,
            });
            movement(pickedAt, 'pick', -quantity, 'picked for order', `order ${orderNumber}`);
            ledger -= quantity;
            number++;
          }
          // Reorder when the shelf covers less than the lead time; one delivery comes late.
          if (arrivesOn < 0 && onHand < p.params.mean * (p.leadDays + 3)) {
            const late = p.lateDelivery && Math.abs(DAYS - day - p.lateDelivery.daysAgo) <= p.leadDays ? p.lateDelivery.lateBy : 0;
            arrivesOn = day + p.leadDays + late;
          }
        }
        balances.push({ productId, ledger });
      });
      const orderIds = await insertRowsReturningIds(store, 'sales_order', orders, 'external_id');
      await insertRows(store, 'order_line', lines.map((l) => ({ ...l.row, order_id: orderIds[l.order] })));
      await insertRows(store, 'stock_movement', movements);
      await insertRows(store, 'stock_balance', balances.map((b) => ({ product_id: b.productId, warehouse_id: bin.warehouse_id, bin_id: bin.id, lot_id: null, on_hand: b.ledger, reserved: 0 })));
      await insertRows(store, 'stock_level', balances.map((b) => ({ product_id: b.productId, warehouse_id: bin.warehouse_id, on_hand: b.ledger, sellable: b.ledger, reserved: 0, in_transit: 0 })));
    });
    // The forecasts the product page and the autopilot start from.
    const ids = (await store.all(store.kysely.selectFrom('product').select('id').where('sku', 'in', DEMAND_HISTORY_PRODUCTS.map((p) => p.sku)))).map((r) => r.id);
    await app.services.forecasting.refresh(ids);
  },
};
