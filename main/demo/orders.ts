import { ManualClock } from '../clock';
import { createInventory } from '../domain/inventory/index';
import { pickReserved, releaseReservations } from '../domain/inventory/reservations';
import { ChannelService } from '../domain/orders/channel-service';
import type { IncomingAddress, IncomingOrder } from '../domain/orders/intake/index';
import { OrderService } from '../domain/orders/order-service';
import { PostageAccount } from '../domain/shipping/service/postage';
import { ShipmentService } from '../domain/shipping/service/shipments';
import { ShippingConfig } from '../domain/shipping/service/shipping-config';
import { TrackingService } from '../domain/shipping/service/tracking';
import { EventBus } from '../events';
import type { ChannelRow } from '../store/schema';
import type { Core } from '../core';
import type { DemoContext, DemoSeeder } from './index';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const FIRST = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Priya', 'Lucas', 'Hana', 'Omar', 'Grace', 'Mateo', 'Chloe', 'Jonah', 'Ines', 'Theo', 'Ruth', 'Kai', 'Nora', 'Felix'];
const LAST = ['Nguyen', 'Okafor', 'Schmidt', 'Patel', 'Garcia', 'Kowalski', 'Haddad', 'Brennan', 'Tanaka', 'Silva', 'Lindqvist', 'Moreau', 'Adeyemi', 'Rossi', 'Cohen', 'Walsh'];
const STREETS = ['Maple Ave', 'Harbor St', 'Oak Ridge Rd', 'Elm St', 'Cedar Ln', 'Lakeview Dr', 'Union St', 'Mill Rd', 'Park Pl', 'Juniper Ct'];
/** Destinations across the US, so the allocator has real choices between Portland (MAIN) and Columbus (EAST). */
const CITIES: { city: string; region: string; postal: string }[] = [
  { city: 'Seattle', region: 'WA', postal: '98103' },
  { city: 'Portland', region: 'OR', postal: '97214' },
  { city: 'San Francisco', region: 'CA', postal: '94110' },
  { city: 'Los Angeles', region: 'CA', postal: '90026' },
  { city: 'Denver', region: 'CO', postal: '80205' },
  { city: 'Austin', region: 'TX', postal: '78704' },
  { city: 'Chicago', region: 'IL', postal: '60614' },
  { city: 'Columbus', region: 'OH', postal: '43215' },
  { city: 'Pittsburgh', region: 'PA', postal: '15213' },
  { city: 'Brooklyn', region: 'NY', postal: '11215' },
  { city: 'Boston', region: 'MA', postal: '02118' },
  { city: 'Atlanta', region: 'GA', postal: '30307' },
  { city: 'Asheville', region: 'NC', postal: '28801' },
  { city: 'Minneapolis', region: 'MN', postal: '55408' },
];
const HOLD_REASONS = ['Customer asked to change the delivery address', 'Payment under fraud review', 'Waiting for the customer to confirm the gift message'];
const CANCEL_REASONS = ['Customer changed their mind', 'Duplicate order placed by the customer', 'Payment failed'];

interface DemoProductRow {
  id: number;
  sku: string;
  name: string;
  price_cents: number;
  free: number;
}

/** Everything one demo order needs that the random stream decides. */
interface Draft {
  channel: ChannelRow;
  placedAt: number;
  lines: { sku: string; name: string; quantity: number; priceCents: number }[];
  express: boolean;
}

/**
 * The demo shop's orders: a Shopify store and a WooCommerce wholesale store, 90 days of history
 * (delivered, shipped, a few cancelled and returned), and open orders in every state for the queue.
 * Everything goes through the real order service on a demo clock (idempotent intake, allocation
 * with FEFO reservations, the state machine with history); stock that left in parcels is taken off
 * the shelf with real `pick` movements, so the ledger stays consistent and `shipshape check` passes.
 */
export const ordersSeeder: DemoSeeder = {
  name: 'orders',
  async seed({ app, random, seed, today }: DemoContext) {
    const clock = new ManualClock(new Date(today.getTime() - 91 * DAY_MS));
    // The real services on a demo clock; events go nowhere (nothing listens while seeding).
    const core: Core = { store: app.store, clock, events: new EventBus(clock), lanMode: false };
    const inventory = createInventory(core);
    const channels = new ChannelService(core, inventory.locations);
    const service = new OrderService(core, inventory.catalog, channels);
    // Parcels ship through the real shipment service on the same clock (the shipping seeder ran first: boxes, zones, rates).
    const shippingConfig = new ShippingConfig(core);
    const shipments = new ShipmentService(core, shippingConfig, { service }, app.services.devices, new PostageAccount(core));
    const tracking = new TrackingService(core, shippingConfig, shipments, { service });
    const { store } = app;
    const ACTOR = 'demo';

    const secretFor = (name: string) => `${name}_demo_${seed.toString(16)}_${Math.floor(random.next() * 0xffffffff).toString(16).padStart(8, '0')}`;
    const shopify = await channels.row(
      (await channels.upsert({
        name: 'Harbor & Pine (Shopify)',
        kind: 'shopify',
        secret: secretFor('shpss'),
        defaultWarehouse: 'MAIN',
        promiseRules: { Standard: 5, Express: 2, '*': 5 },
        safetyBuffer: 2,
        maxExportQty: 100,
      })).id,
    );
    const woo = await channels.row(
      (await channels.upsert({
        name: 'Harbor & Pine Wholesale (WooCommerce)',
        kind: 'woocommerce',
        secret: secretFor('wc'),
        promiseRules: { 'Flat rate': 7, 'Free shipping': 10, '*': 7 },
        safetyBuffer: 5,
        allowSplit: true,
      })).id,
    );

    // Products with plenty of free stock in MAIN (so history orders allocate), and ones with none (backorders).
    const db = store.kysely;
    const stocked: DemoProductRow[] = await store.all(
      db.selectFrom('product as p').innerJoin('stock_level as l', 'l.product_id', 'p.id').innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
        .select((eb) => ['p.id', 'p.sku', 'p.name', 'p.price_cents', eb(eb('l.sellable', '-', eb.ref('l.reserved')), '-', eb.ref('p.safety_stock')).as('free')])
        .where('p.active', '=', 1).where('p.is_kit', '=', 0).where('p.lot_tracked', '=', 0).where('w.code', '=', 'MAIN')
        .where((eb) => eb(eb(eb('l.sellable', '-', eb.ref('l.reserved')), '-', eb.ref('p.safety_stock')), '>=', 25))
        .orderBy('p.id'),
    );
    const empty: DemoProductRow[] = (await store.all(
      db.selectFrom('product as p').select(['p.id', 'p.sku', 'p.name', 'p.price_cents']).where('p.active', '=', 1).where('p.is_kit', '=', 0)
        .where((eb) => eb.not(eb.exists(
          eb.selectFrom('stock_level as l').select('l.product_id').whereRef('l.product_id', '=', 'p.id').where((l) => l(l('l.sellable', '-', l.ref('l.reserved')), '>', 0)),
        )))
        .orderBy('p.id'),
    )).map((p) => ({ ...p, free: 0 }));
    if (stocked.length < 10) return; // a catalog without stock (e.g. the inventory seeder changed): nothing sensible to sell

    // Each product sells at most a fifth of its free stock over the whole history, so the open
    // orders still find stock today.
    const budget = new Map(stocked.map((p) => [p.sku, Math.floor(p.free / 5)]));
    let shopifyNumber = 1001;
    let shopifyId = 5_804_211_000_000 + random.int(0, 999) * 1000;
    let wooNumber = 4200;

    const address = (name: string): IncomingAddress => {
      const c = random.pick(CITIES);
      return { name, company: null, line1: `${random.int(12, 4800)} ${random.pick(STREETS)}`, line2: random.chance(0.2) ? `Apt ${random.int(1, 40)}` : null, city: c.city, regionCode: c.region, postalCode: c.postal, countryCode: 'US', phone: null, residential: true };
    };

    const draft = (channel: ChannelRow, placedAt: number, pool: DemoProductRow[] = stocked): Draft => {
      const wholesale = channel.id === woo.id;
      const lineCount = random.chance(0.6) ? 1 : random.int(2, 3);
      const lines: Draft['lines'] = [];
      for (let i = 0; i < lineCount * 3 && lines.length < lineCount; i++) {
        const p = random.pick(pool);
        const quantity = wholesale ? random.int(2, 6) : random.chance(0.8) ? 1 : 2;
        if (lines.some((l) => l.sku === p.sku)) continue;
        if (pool === stocked) {
          const left = budget.get(p.sku) ?? 0;
          if (left < quantity) continue;
          budget.set(p.sku, left - quantity);
        }
        lines.push({ sku: p.sku, name: p.name, quantity, priceCents: wholesale ? Math.round(p.price_cents * 0.6) : p.price_cents });
      }
      if (lines.length === 0) {
        const p = pool[0];
        lines.push({ sku: p.sku, name: p.name, quantity: 1, priceCents: p.price_cents });
      }
      return { channel, placedAt, lines, express: !wholesale && random.chance(0.15) };
    };

    const incoming = (d: Draft): IncomingOrder => {
      const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
      const isShopify = d.channel.id === shopify.id;
      const externalId = isShopify ? String((shopifyId += random.int(1, 9000))) : String(wooNumber++);
      const number = isShopify ? `#${shopifyNumber++}` : externalId;
      const subtotal = d.lines.reduce((s, l) => s + l.priceCents * l.quantity, 0);
      const shippingMethod = isShopify ? (d.express ? 'Express' : 'Standard') : subtotal >= 20_000 ? 'Free shipping' : 'Flat rate';
      return {
        channel: isShopify ? 'shopify' : 'woocommerce',
        externalId,
        orderNumber: number,
        event: 'created',
        customer: { name, email, phone: null },
        shipTo: address(name),
        lines: d.lines.map((l, i) => ({
          externalLineId: isShopify ? String(Number(externalId) * 10 + i) : `${externalId}-${i + 1}`,
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitPriceCents: l.priceCents,
          discountCents: 0,
          // Sales tax at 8.25 %, rounded half-up to a whole cent per line.
          taxCents: Math.round((l.priceCents * l.quantity * 825) / 10_000),
        })),
        shippingChargedCents: shippingMethod === 'Free shipping' ? 0 : d.express ? 1495 : 595,
        currency: 'USD',
        paymentStatus: 'paid',
        shippingMethod,
        tags: d.express ? ['express'] : [],
        note: null,
        placedAt: new Date(d.placedAt).toISOString(),
        rawIdentifiers: isShopify ? { id: externalId, name: number, admin_graphql_api_id: `gid://shopify/Order/${externalId}` } : { id: externalId, order_key: `wc_order_${externalId}` },
      };
    };

    const at = (ms: number) => clock.set(new Date(ms));
    const ingest = async (d: Draft) => {
      at(d.placedAt);
      return await service.ingest(d.channel, incoming(d), `webhook:${d.channel.name}`);
    };
    const move = async (orderId: number, to: Parameters<OrderService['move']>[1], ms: number, reason: string, actor = ACTOR) => {
      at(ms);
      await service.move(orderId, to, reason, actor);
    };
    /** The packer took everything reserved off the shelf: real `pick` movements consume the reservations. */
    const pickAll = async (orderId: number, number: string, ms: number) => {
      at(ms);
      const reservations = await store.all(
        store.kysely.selectFrom('reservation as r').innerJoin('order_line as l', 'l.id', 'r.holder_id').select(['r.id', 'r.quantity'])
          .where('r.holder_type', '=', 'order_line').where('l.order_id', '=', orderId).orderBy('r.id'),
      );
      for (const r of reservations) await pickReserved(core, r.id, r.quantity, 'packer:demo', `order ${number}`);
    };
    /**
     * The parcel goes out as a real shipment (rated, the recommended service, a label and a tracking
     * number from the rate cards; the order moves to shipped or partially shipped): the dashboard's
     * shipping record and the books' postage come from these. `firstLineOnly`: the first parcel of two.
     */
    const shipParcel = async (orderId: number, ms: number, firstLineOnly = false) => {
      at(ms);
      const packages = firstLineOnly
        ? [{ lines: await store.all(store.kysely.selectFrom('order_line').select(['id as lineId', 'quantity']).where('order_id', '=', orderId).where('line_no', '=', 1)) }]
        : undefined;
      return await shipments.shipWithOwnLabels({ orderId, packages }, 'packer:demo');
    };
    /** The demo's present: nothing in the history happens after it. */
    const latest = today.getTime() - 2 * HOUR_MS;
    /** A carrier scan, unless it would lie ahead of today (false then); the delivery scan makes the shipment and the order delivered. */
    const scan = async (trackingNumber: string, status: 'in_transit' | 'delivered', ms: number, message: string): Promise<boolean> => {
      if (ms > latest) return false;
      at(ms);
      await tracking.update({ trackingNumber, status, at: new Date(ms).toISOString(), message, location: null }, 'demo', 'system:tracking');
      return true;
    };

    /** new -> allocated -> picking -> packed (stock picked) -> shipped -> delivered, at plausible times. */
    const fulfil = async (orderId: number, placedAt: number, until: 'picking' | 'packed' | 'partially_shipped' | 'shipped' | 'delivered' | 'returned') => {
      const number = (await service.row(orderId)).number;
      const pickAt = placedAt + random.int(2, 20) * HOUR_MS;
      await move(orderId, 'picking', pickAt, 'added to pick batch', 'picker:demo');
      if (until === 'picking') return;
      await pickAll(orderId, number, pickAt + random.int(10, 50) * 60_000);
      await move(orderId, 'packed', pickAt + HOUR_MS, 'packed and weighed at station 1', 'packer:demo');
      if (until === 'packed') return;
      const shipAt = pickAt + random.int(2, 6) * HOUR_MS;
      if (until === 'partially_shipped') {
        await shipParcel(orderId, shipAt, true);
        return;
      }
      const shipment = await shipParcel(orderId, shipAt);
      const trackingNumber = shipment.packages[0].trackingNumber!;
      await scan(trackingNumber, 'in_transit', shipAt + random.int(3, 9) * HOUR_MS, 'Departed origin facility');
      if (until === 'shipped') return;
      // On the expected day mostly; about one parcel in eight a day or two late, a few a day early.
      const expected = Date.parse(`${shipment.expectedDeliveryDate}T00:00:00Z`) + random.int(14, 20) * HOUR_MS;
      const deliveredAt = expected + (random.chance(0.12) ? random.int(1, 2) : random.chance(0.08) ? -1 : 0) * DAY_MS;
      // A delivery still ahead of today: the parcel is in transit, and the order stays shipped.
      if (!await scan(trackingNumber, 'delivered', Math.max(deliveredAt, shipAt + 6 * HOUR_MS), 'Delivered, front door')) return;
      const returnedAt = deliveredAt + random.int(3, 9) * DAY_MS;
      if (until === 'returned' && returnedAt <= latest) await move(orderId, 'returned', returnedAt, 'returned: wrong size', 'owner');
    };

    await store.tx(async () => {
      // ---- 90 days of history: placed, fulfilled, delivered (a few cancelled or returned). ----
      const now = latest;
      for (let daysAgo = 90; daysAgo >= 1; daysAgo--) {
        const weekend = new Date(today.getTime() - daysAgo * DAY_MS).getUTCDay() % 6 === 0;
        // A slow start, then growth: the shop is doing better lately.
        const perDay = Math.max(1, Math.round((weekend ? 3 : 5) * (1 + (90 - daysAgo) / 90) + random.int(-1, 2)));
        for (let i = 0; i < perDay; i++) {
          const placedAt = today.getTime() - daysAgo * DAY_MS - 6 * HOUR_MS + random.int(0, 14 * 60) * 60_000;
          const d = draft(random.chance(0.8) ? shopify : woo, placedAt);
          const result = await ingest(d);
          if (result.status !== 'allocated') continue; // backordered history stays as it is (it is waiting for stock)
          if (random.chance(0.03)) {
            await move(result.orderId, 'cancelled', placedAt + HOUR_MS, random.pick(CANCEL_REASONS), 'owner');
            continue;
          }
          // Recent orders may still be in transit; older ones were delivered (a few came back).
          const until = daysAgo <= 2 ? 'shipped' : daysAgo <= 5 && random.chance(0.5) ? 'shipped' : random.chance(0.02) ? 'returned' : 'delivered';
          if (placedAt + 8 * DAY_MS > now && until !== 'shipped') await fulfil(result.orderId, placedAt, 'shipped');
          else await fulfil(result.orderId, placedAt, until);
        }
      }

      // ---- Today's open orders, one group per state, for the queue. ----
      const recent = (hoursAgo: number) => today.getTime() - hoursAgo * HOUR_MS - random.int(0, 50) * 60_000;
      const open = async (n: number, fn: (placedAt: number, i: number) => Promise<unknown>) => {
        for (let i = 0; i < n; i++) await fn(recent(random.int(1, 20)), i);
      };
      await open(3, async (p) => {
        const r = await ingest(draft(random.chance(0.7) ? shopify : woo, p));
        if (r.status === 'allocated') await fulfil(r.orderId, p, 'partially_shipped');
      });
      await open(4, async (p) => {
        const r = await ingest(draft(shopify, p));
        if (r.status === 'allocated') await fulfil(r.orderId, p, 'packed');
      });
      await open(5, async (p) => {
        const r = await ingest(draft(random.chance(0.7) ? shopify : woo, p));
        if (r.status === 'allocated') await fulfil(r.orderId, p, 'picking');
      });
      await open(9, async (p) => await ingest(draft(random.chance(0.75) ? shopify : woo, p)));
      // Backorders: products with no free stock anywhere (the release pass allocates them when stock arrives).
      if (empty.length) await open(3, async (p) => await ingest(draft(shopify, p, empty)));
      await open(2, async (p, i) => {
        const r = await ingest(draft(shopify, p));
        await move(r.orderId, 'on_hold', p + 30 * 60_000, HOLD_REASONS[i % HOLD_REASONS.length], 'owner');
      });
      await open(2, async (p, i) => {
        const r = await ingest(draft(i ? woo : shopify, p));
        await move(r.orderId, 'cancelled', p + 40 * 60_000, CANCEL_REASONS[i % CANCEL_REASONS.length], 'owner');
      });
      // A storefront SKU the catalog does not know: held with the reason, fixable from the order page.
      {
        const p = recent(1);
        const d = draft(shopify, p);
        d.lines = [{ sku: 'HP-GIFTCARD-25', name: 'Gift wrap & card', quantity: 1, priceCents: 500 }, ...d.lines.slice(0, 1)];
        await ingest(d);
      }
      // "New": sent back to the start by the owner (the customer upgraded to Express), waiting for
      // the next allocation pass. Legal moves only: reservations released, then allocated -> new.
      await open(3, async (p) => {
        const r = await ingest(draft(shopify, p));
        if (r.status !== 'allocated') return;
        at(p + 20 * 60_000);
        const db = store.kysely;
        for (const line of await store.all(db.selectFrom('order_line').select('id').where('order_id', '=', r.orderId))) await releaseReservations(core, { type: 'order_line', id: line.id });
        await store.run(db.updateTable('order_line').set({ warehouse_id: null }).where('order_id', '=', r.orderId));
        await store.run(db.updateTable('sales_order').set({ warehouse_id: null, allocation: null }).where('id', '=', r.orderId));
        await service.transition(r.orderId, 'new', 'owner', 'customer upgraded to Express: allocate again');
      });
    });
  },
};

