import type { Core } from '../../core';
import type { ChannelRow } from '../../store/schema';
import { availabilityByWarehouse } from '../inventory/availability';
import { shopCalendar } from '../calendar/shop-calendar';
import { exportQuantity } from '../orders/stock-feed';
import { enqueueStock, stockKey, type StockPayload } from './outbox';

/** Where a channel's stock figures go: per mapped store location (Shopify) or the one store (WooCommerce, location null). */
interface StockDestination {
  locationId: string | null;
  /** The warehouses whose available-to-sell the location shows. */
  warehouseIds: number[];
}

/**
 * A store with one location (WooCommerce; a Shopify store with a single location, like most small
 * shops) sells from wherever Shipshape allocates, so it shows the available-to-sell of every active
 * warehouse — whichever warehouse its location is mapped to (a location maps to one warehouse only).
 * Unmapped (null), it is not pushed. With several locations, each shows its mapped warehouse.
 */
async function destinations(core: Core, channelId: number, platform: string): Promise<StockDestination[]> {
  const { store } = core;
  const allActive = async () => (await store.all(store.kysely.selectFrom('warehouse').select('id').where('active', '=', 1).orderBy('id'))).map((w) => w.id);
  if (platform === 'woocommerce') return [{ locationId: null, warehouseIds: await allActive() }];
  const locations = await store.all(store.kysely.selectFrom('channel_location').select(['external_id', 'warehouse_id']).where('channel_id', '=', channelId).orderBy('external_id'));
  if (locations.length === 1) return locations[0].warehouse_id === null ? [] : [{ locationId: locations[0].external_id, warehouseIds: await allActive() }];
  return locations.filter((l) => l.warehouse_id !== null).map((l) => ({ locationId: l.external_id, warehouseIds: [l.warehouse_id!] }));
}

/**
 * The figure each store location should show for each product (all active products, or the given
 * ones): the available-to-sell of the warehouses mapped to it, minus the channel's buffer, capped
 * by its max export, never below 0 — the same rule as the stock feed (stock-feed.ts).
 */
export async function stockTargets(core: Core, channel: ChannelRow, platform: string, productIds?: number[]): Promise<StockPayload[]> {
  const { store } = core;
  const dests = await destinations(core, channel.id, platform);
  if (dests.length === 0) return [];
  let query = store.kysely
    .selectFrom('product')
    .select(['id', 'sku', 'is_kit', 'lot_tracked', 'safety_stock'])
    .where('active', '=', 1)
    // Flash-sale hook: a drop SKU shows each channel its own quota instead (flash-sale.ts).
    .where('id', 'not in', (eb) => eb.selectFrom('drop_sku').select('product_id'));
  if (productIds) {
    if (productIds.length === 0) return [];
    query = query.where('id', 'in', productIds);
  }
  const products = await store.all(query.orderBy('sku'));
  const today = (await shopCalendar(core)).today();
  // Plain products read the maintained levels in one query; kits and lot-tracked stock (expiry) take the full rule.
  const levels = new Map<string, number>();
  const plainIds = products.filter((p) => !p.is_kit && !p.lot_tracked).map((p) => p.id);
  for (let i = 0; i < plainIds.length; i += 500) {
    const chunk = plainIds.slice(i, i + 500);
    for (const l of await store.all(store.kysely.selectFrom('stock_level').select(['product_id', 'warehouse_id', 'sellable', 'reserved']).where('product_id', 'in', chunk))) {
      levels.set(`${l.product_id}:${l.warehouse_id}`, l.sellable - l.reserved);
    }
  }
  // A store product mapped to one of ours (a channel SKU alias: a WooCommerce product without SKU
  // as `wc:<id>`, or the store's own SKU) shows the same figure, pushed under that key
  // (product-mapping.ts). A `wc:line:` key names no product (deleted in the store): nothing to push.
  const storeKeys = new Map<number, string[]>();
  for (const a of await store.all(store.kysely.selectFrom('sku_alias').select(['alias', 'product_id']).where('channel', '=', channel.name).orderBy('alias'))) {
    if (a.alias.startsWith('wc:line:')) continue;
    storeKeys.set(a.product_id, [...(storeKeys.get(a.product_id) ?? []), a.alias]);
  }
  const targets: StockPayload[] = [];
  for (const p of products) {
    const full = p.is_kit || p.lot_tracked ? await availabilityByWarehouse(core, p.id, today) : null;
    const warehouseCodes = full ? new Map((await store.all(store.kysely.selectFrom('warehouse').select(['id', 'code']))).map((w) => [w.id, w.code])) : null;
    for (const d of dests) {
      let available = 0;
      for (const w of d.warehouseIds) {
        available += full ? (full.find((a) => a.warehouse === warehouseCodes!.get(w))?.available ?? 0) : Math.max(0, (levels.get(`${p.id}:${w}`) ?? 0) - p.safety_stock);
      }
      const quantity = exportQuantity(channel, available);
      targets.push({ sku: p.sku, locationId: d.locationId, quantity });
      for (const key of storeKeys.get(p.id) ?? []) targets.push({ sku: key, locationId: d.locationId, quantity });
    }
  }
  return targets;
}

/**
 * Queues every figure that differs from what the store was last set to (and from what is already
 * queued), in one transaction. Called for the products a unit of work touched (after it committed)
 * and, for all products, when the worker starts and after each reconciliation pull — the ledger is
 * the source of truth, so a figure whose row a crash lost between the commit and this call is
 * queued again there.
 */
export async function queueStockChanges(core: Core, channelId: number, productIds?: number[]): Promise<number> {
  const { store } = core;
  return await store.tx(async () => {
    const channel = await store.get(store.kysely.selectFrom('channel').selectAll().where('id', '=', channelId)) as ChannelRow | undefined;
    const connection = await store.get(store.kysely.selectFrom('channel_connection').select(['platform', 'status']).where('channel_id', '=', channelId));
    if (!channel || !connection || connection.status === 'disconnected') return 0;
    const targets = await stockTargets(core, channel, connection.platform, productIds);
    if (targets.length === 0) return 0;
    const pushed = new Map<string, { quantity: number | null; unknown: boolean }>();
    const pending = new Map<string, number>();
    const skus = [...new Set(targets.map((t) => t.sku))];
    for (let i = 0; i < skus.length; i += 500) {
      const chunk = skus.slice(i, i + 500);
      for (const r of await store.all(store.kysely.selectFrom('channel_stock_push').select(['sku', 'location_id', 'quantity', 'unknown_sku']).where('channel_id', '=', channelId).where('sku', 'in', chunk))) {
        pushed.set(stockKey(r.sku, r.location_id || null), { quantity: r.quantity, unknown: r.unknown_sku === 1 });
      }
    }
    for (const r of await store.all(store.kysely.selectFrom('sync_outbox').select(['coalesce_key', 'payload']).where('channel_id', '=', channelId).where('kind', '=', 'stock').where('state', '=', 'pending'))) {
      pending.set(r.coalesce_key, (JSON.parse(r.payload) as StockPayload).quantity);
    }
    const at = core.clock.now().toISOString();
    let queued = 0;
    for (const t of targets) {
      const key = stockKey(t.sku, t.locationId);
      const last = pushed.get(key);
      if (last?.unknown) continue; // the store does not sell this SKU (cleared on reconnect)
      if (pending.has(key) ? pending.get(key) === t.quantity : last?.quantity === t.quantity) continue;
      await enqueueStock(store, channelId, t, at);
      queued++;
    }
    return queued;
  });
}
