import { eachInOrder, mapInOrder } from '../../util/in-order';
import { sql } from 'kysely';
import type { FlashSaleDto } from '../../../shared/api/channels-flash-sale';
import { notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import { availabilityByWarehouse } from '../inventory/availability';
import { shopCalendar } from '../calendar/shop-calendar';
import { enqueueStock, stockKey, type StockPayload } from './outbox';
import { autoDropWanted, DEFAULT_QUOTA_RULES, planQuotas, quotaStockSet, type ChannelQuotaState, type QuotaRules } from './quotas';

/**
 * Flash-sale mode, wired to the store and the outbox (the rule itself is quotas.ts). A drop SKU's
 * stock figure for channel C is C's remaining quota, queued in the sync core's outbox under the
 * same key as the ordinary figure (`stock:SKU:location`, marked `quota: true`) and sent by
 * quota-stock-sender.ts, which computes the compare-and-set at send time from the stored exposure.
 */

/** A quota row in the outbox: the figure is recomputed when sent, never taken from the payload. */
export interface QuotaStockPayload extends StockPayload {
  quota: true;
}
export const isQuotaPayload = (p: StockPayload): p is QuotaStockPayload => (p as Partial<QuotaStockPayload>).quota === true;

/**
 * Whether a stock row goes the flash-sale way: queued as a quota, or for a SKU that is a drop *now*
 * (a shared figure queued before the drop began must never reach a storefront after it: it would
 * hand it units another channel holds). Asked by the sender at send time, not at queue time.
 */
export async function isFlashSaleRow(core: Core, p: StockPayload): Promise<boolean> {
  return isQuotaPayload(p) || await isDropSku(core, p.sku);
}

export async function isDropSku(core: Core, sku: string): Promise<boolean> {
  const { store } = core;
  return !!await store.get(store.kysely.selectFrom('drop_sku as d').innerJoin('product as p', 'p.id', 'd.product_id').select('d.product_id').where('p.sku', '=', sku));
}

let rules: QuotaRules = DEFAULT_QUOTA_RULES;
/** Seconds of a channel's recent sales held on top of its figure when a drop begins mid-sale (orders still on their way). */
const ALLOWANCE_S = 2;
/** Tests and the bench may shorten the idle time; the shop runs with the defaults. */
export function setQuotaRules(next: Partial<QuotaRules>): void {
  rules = { ...DEFAULT_QUOTA_RULES, ...next };
}

interface Destination {
  channelId: number;
  channel: string;
  platform: string;
  /** Where the quota is shown ('' for WooCommerce's one location); other mapped Shopify locations show 0. */
  locationId: string;
  otherLocations: string[];
}

/** Connected channels and where each shows a drop SKU: WooCommerce its store, Shopify its first mapped location. */
async function destinations(core: Core): Promise<Destination[]> {
  const { store } = core;
  const connections = await store.all(
    store.kysely
      .selectFrom('channel_connection as cc')
      .innerJoin('channel as c', 'c.id', 'cc.channel_id')
      .select(['cc.channel_id', 'cc.platform', 'c.name'])
      .where('cc.status', '<>', 'disconnected')
      .orderBy('cc.channel_id'),
  );
  const out: Destination[] = [];
  for (const c of connections) {
    if (c.platform === 'woocommerce') {
      out.push({ channelId: c.channel_id, channel: c.name, platform: c.platform, locationId: '', otherLocations: [] });
      continue;
    }
    const locations = (await store
      .all(store.kysely.selectFrom('channel_location').select('external_id').where('channel_id', '=', c.channel_id).where('warehouse_id', 'is not', null).orderBy('external_id')))
      .map((l) => l.external_id);
    if (locations.length > 0) out.push({ channelId: c.channel_id, channel: c.name, platform: c.platform, locationId: locations[0], otherLocations: locations.slice(1) });
  }
  return out;
}

/** Available-to-sell over all active warehouses (the pool the quotas share). */
async function availableOf(core: Core, productId: number): Promise<number> {
  const { store } = core;
  const p = await store.get(store.kysely.selectFrom('product').select(['is_kit', 'lot_tracked', 'safety_stock']).where('id', '=', productId));
  if (!p) return 0;
  if (p.is_kit || p.lot_tracked) return (await availabilityByWarehouse(core, productId, (await shopCalendar(core)).today())).reduce((s, a) => s + a.available, 0);
  const levels = await store.all(
    store.kysely
      .selectFrom('stock_level as l')
      .innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
      .select(['l.sellable', 'l.reserved'])
      .where('w.active', '=', 1)
      .where('l.product_id', '=', productId),
  );
  return levels.reduce((s, l) => s + Math.max(0, l.sellable - l.reserved - p.safety_stock), 0);
}

/** Per channel: units of the product in its orders after `afterOrderId` (cancelled ones given back), the last arrival, and the units of the last rate window. */
async function salesSince(core: Core, productId: number, afterOrderId: number): Promise<Map<number, { units: number; lastAt: string | null; recent: number }>> {
  const { store } = core;
  const cutoff = new Date(core.clock.now().getTime() - rules.rateWindowMs).toISOString();
  const rows = await store.all(
    store.kysely
      .selectFrom('order_line as l')
      .innerJoin('sales_order as o', 'o.id', 'l.order_id')
      .select((eb) => [
        'o.channel_id',
        eb.fn.sum<number>('l.quantity').as('units'),
        eb.fn.max<string>('o.created_at').as('last_at'),
        eb.fn.sum<number>(eb.case().when('o.created_at', '>=', cutoff).then(eb.ref('l.quantity')).else(0).end()).as('recent'),
      ])
      .where('l.product_id', '=', productId)
      .where('l.order_id', '>', afterOrderId)
      .where('o.status', '<>', 'cancelled')
      .groupBy('o.channel_id'),
  );
  return new Map(rows.map((r) => [r.channel_id!, { units: Number(r.units), lastAt: r.last_at, recent: Number(r.recent) }]));
}

/** The first order of the rate window (by the store's placed time, indexed): where a non-drop SKU's recent sales start. */
async function firstOrderOfWindow(core: Core): Promise<number> {
  const { store } = core;
  const cutoff = new Date(core.clock.now().getTime() - rules.rateWindowMs).toISOString();
  const row = await store.get(store.kysely.selectFrom('sales_order').select('id').where('placed_at', '>=', cutoff).orderBy('placed_at').orderBy('id').limit(1));
  return row ? row.id - 1 : Number((await store.get(store.kysely.selectFrom('sales_order').select((eb) => eb.fn.max<number>('id').as('id'))))?.id ?? 0);
}

const lastOrderId = async (core: Core) => Number((await core.store.get(core.store.kysely.selectFrom('sales_order').select((eb) => eb.fn.max<number>('id').as('id'))))?.id ?? 0);

/** The quota state of each destination (rows created for channels new to the drop, holding what their storefront was last told). */
async function channelStates(core: Core, productId: number, sku: string, drop: { order_watermark: number; started_at: string }, dests: Destination[], available: number, at: string) {
  const { store } = core;
  const sales = await salesSince(core, productId, drop.order_watermark);
  const rows = new Map((await store.all(store.kysely.selectFrom('channel_quota').selectAll().where('product_id', '=', productId))).map((r) => [r.channel_id, r]));
  let recentAll: Awaited<ReturnType<typeof salesSince>> | undefined;
  return await mapInOrder(dests, async (d) => {
    let row = rows.get(d.channelId);
    if (!row) {
      // What the storefront may sell from now on: what it was last told (a sale since only lowers it),
      // or the shared figure on its way to it, whichever is more; never told anything, the shared
      // figure. WARNING — a drop that begins mid-sale: orders the storefront took just before its last
      // figure was set, arriving after this moment, are counted as sold against the quota although that
      // figure did not include them; ALLOWANCE_S of its recent sales are held on top to cover them.
      const key = stockKey(sku, d.locationId || null);
      const last = await store.get(store.kysely.selectFrom('channel_stock_push').select(['quantity']).where('channel_id', '=', d.channelId).where('sku', '=', sku).where('location_id', '=', d.locationId));
      const pending = await store.get(store.kysely.selectFrom('sync_outbox').select('payload').where('channel_id', '=', d.channelId).where('coalesce_key', '=', key).where('state', '=', 'pending'));
      const onItsWay = pending ? (JSON.parse(pending.payload) as StockPayload).quantity : 0;
      recentAll ??= await salesSince(core, productId, await firstOrderOfWindow(core));
      const recent = recentAll.get(d.channelId)?.recent ?? 0;
      const allowance = Math.ceil((recent / (rules.rateWindowMs / 1000)) * ALLOWANCE_S);
      const shown = Math.max(last?.quantity ?? available, onItsWay) + allowance;
      const sold = sales.get(d.channelId)?.units ?? 0;
      row = { product_id: productId, channel_id: d.channelId, location_id: d.locationId, quota: shown + sold, exposed: shown + sold, raise_in_flight: 0, updated_at: at };
      await store.run(store.kysely.insertInto('channel_quota').values(row));
    }
    const s = sales.get(d.channelId);
    const state: ChannelQuotaState = {
      channelId: d.channelId,
      quota: row.quota,
      sold: s?.units ?? 0,
      exposed: row.exposed,
      lastSaleAt: s?.lastAt ? Date.parse(s.lastAt) : null,
      rate: (s?.recent ?? 0) / (rules.rateWindowMs / 1000),
    };
    return { dest: d, row, state };
  });
}

/**
 * Re-plans one drop SKU's quotas and queues a figure for every channel whose storefront is not at
 * its quota yet. Inside the caller's transaction. Returns the rows queued.
 */
async function replanDrop(core: Core, productId: number, sku: string, drop: { order_watermark: number; started_at: string }, dests: Destination[], at: string): Promise<number> {
  const { store } = core;
  const available = await availableOf(core, productId);
  const states = await channelStates(core, productId, sku, drop, dests, available, at);
  const plan = planQuotas({ available, dropStartedAt: Date.parse(drop.started_at), now: core.clock.now().getTime(), channels: states.map((s) => s.state), rules });
  let queued = 0;
  await eachInOrder(states, async ({ dest, row, state }, i) => {
    const quota = plan.quotas[i].quota;
    if (quota !== row.quota) {
      await store.run(store.kysely.updateTable('channel_quota').set({ quota, updated_at: at }).where('product_id', '=', productId).where('channel_id', '=', dest.channelId));
    }
    const set = quotaStockSet({ ...state, quota }, { exactCompareAndSet: dest.platform !== 'woocommerce' });
    const key = stockKey(sku, dest.locationId || null);
    const pending = await store.get(store.kysely.selectFrom('sync_outbox').select(['payload']).where('channel_id', '=', dest.channelId).where('coalesce_key', '=', key).where('state', '=', 'pending'));
    if (set && (!pending || !isQuotaPayload(JSON.parse(pending.payload)) || (JSON.parse(pending.payload) as StockPayload).quantity !== set.quantity)) {
      const payload: QuotaStockPayload = { sku, locationId: dest.locationId || null, quantity: set.quantity, quota: true };
      await enqueueStock(store, dest.channelId, payload, at);
      queued++;
    }
    for (const other of dest.otherLocations) {
      const last = await store.get(store.kysely.selectFrom('channel_stock_push').select('quantity').where('channel_id', '=', dest.channelId).where('sku', '=', sku).where('location_id', '=', other));
      const waiting = await store.get(store.kysely.selectFrom('sync_outbox').select('payload').where('channel_id', '=', dest.channelId).where('coalesce_key', '=', stockKey(sku, other)).where('state', '=', 'pending'));
      if (last?.quantity !== 0 && (!waiting || (JSON.parse(waiting.payload) as StockPayload).quantity !== 0)) {
        await enqueueStock(store, dest.channelId, { sku, locationId: other, quantity: 0 }, at);
        queued++;
      }
    }
  });
  return queued;
}

/**
 * For the products a unit of work touched (or every drop SKU, on the worker's tick): switches the
 * automatic drop mode on or off, re-plans the quotas of drop SKUs and queues the figures that must
 * change. One transaction per product. Returns the outbox rows queued.
 */
export async function refreshFlashSales(core: Core, productIds?: number[]): Promise<number> {
  const { store } = core;
  const dests = await destinations(core);
  const drops = (await store.all(store.kysely.selectFrom('drop_sku').select('product_id'))).map((r) => r.product_id);
  // One storefront cannot race another: with fewer than two connected, only the owner's drops keep quotas.
  const ids = productIds ? (dests.length >= 2 ? productIds : productIds.filter((id) => drops.includes(id))) : drops;
  let queued = 0;
  for (const productId of ids) {
    queued += await store.tx(async () => {
      const product = await store.get(store.kysely.selectFrom('product').select(['sku', 'active']).where('id', '=', productId));
      if (!product) return 0;
      const at = core.clock.now().toISOString();
      let drop = await store.get(store.kysely.selectFrom('drop_sku').selectAll().where('product_id', '=', productId));
      if (!drop?.owner_marked) {
        const available = await availableOf(core, productId);
        const recent = await salesSince(core, productId, drop ? drop.order_watermark : await firstOrderOfWindow(core));
        const rates = dests.map((d) => (recent.get(d.channelId)?.recent ?? 0) / (rules.rateWindowMs / 1000));
        const wanted = product.active === 1 && autoDropWanted({ available, ratesPerChannel: rates, currentlyAuto: !!drop, channelCount: dests.length, rules });
        if (wanted && !drop) {
          await store.run(store.kysely.insertInto('drop_sku').values({ product_id: productId, owner_marked: 0, auto: 1, started_at: at, order_watermark: await lastOrderId(core), marked_by: null, updated_at: at }));
          drop = await store.get(store.kysely.selectFrom('drop_sku').selectAll().where('product_id', '=', productId));
        } else if (!wanted && drop) {
          // Back to the shared figure: the ordinary stock path takes over (the rows' key is the same).
          await store.run(store.kysely.deleteFrom('drop_sku').where('product_id', '=', productId));
          return 0;
        }
      }
      return drop ? await replanDrop(core, productId, product.sku, drop, dests, at) : 0;
    });
  }
  return queued;
}

/** The owner marks (or unmarks) a SKU as a drop: sold from per-channel quotas until unmarked. */
export async function markDrop(core: Core, sku: string, drop: boolean, actor: string): Promise<FlashSaleDto> {
  const { store } = core;
  const product = await store.get(store.kysely.selectFrom('product').select(['id', 'sku']).where(sql`sku`, '=', sql`${sku} collate nocase`));
  if (!product) throw notFound(`Product ${sku}`, { field: 'sku' });
  const at = core.clock.now().toISOString();
  await store.tx(async () => {
    const existing = await store.get(store.kysely.selectFrom('drop_sku').select(['product_id']).where('product_id', '=', product.id));
    if (drop && !existing) {
      await store.run(
        store.kysely.insertInto('drop_sku').values({ product_id: product.id, owner_marked: 1, auto: 0, started_at: at, order_watermark: await lastOrderId(core), marked_by: actor, updated_at: at }),
      );
    } else if (drop && existing) {
      await store.run(store.kysely.updateTable('drop_sku').set({ owner_marked: 1, marked_by: actor, updated_at: at }).where('product_id', '=', product.id));
    } else if (!drop && existing) {
      await store.run(store.kysely.deleteFrom('drop_sku').where('product_id', '=', product.id));
    }
  });
  // The quotas at once (the answer shows them), then the figures they change go out: `flashSale.changed`
  // wakes the worker, `stock.changed` gives an unmarked SKU its shared figure back.
  await refreshFlashSales(core, [product.id]);
  core.events.publish('flashSale.changed', { productIds: [product.id] });
  core.events.publish('stock.changed', { productId: product.id });
  return await flashSaleOf(core, product.id);
}

/** The rule and the current quotas of one product, for its detail screen. */
export async function flashSaleOf(core: Core, productId: number): Promise<FlashSaleDto> {
  const { store } = core;
  const drop = await store.get(store.kysely.selectFrom('drop_sku').selectAll().where('product_id', '=', productId));
  if (!drop) return { mode: null, since: null, available: await availableOf(core, productId), channels: [], unassigned: 0 };
  const names = new Map((await store.all(store.kysely.selectFrom('channel').select(['id', 'name']))).map((c) => [c.id, c.name]));
  const sales = await salesSince(core, productId, drop.order_watermark);
  const rows = await store.all(store.kysely.selectFrom('channel_quota').selectAll().where('product_id', '=', productId).orderBy('channel_id'));
  const available = await availableOf(core, productId);
  const channels = rows.map((r) => {
    const sold = sales.get(r.channel_id)?.units ?? 0;
    return { channelId: r.channel_id, channel: names.get(r.channel_id) ?? `#${r.channel_id}`, quota: r.quota, sold, remaining: Math.max(0, r.quota - sold), confirmed: r.exposed === r.quota };
  });
  return {
    mode: drop.owner_marked ? 'owner' : 'auto',
    since: drop.started_at,
    available,
    channels,
    unassigned: available - channels.reduce((s, c) => s + c.remaining, 0),
  };
}
