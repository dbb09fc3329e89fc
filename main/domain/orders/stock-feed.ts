import { mapInOrder } from '../../util/in-order';
import type { StockFeedRow } from '../../../shared/api/orders';
import type { StockFeedChange } from '../../../shared/events';
import type { ChannelRow } from '../../store/schema';
import type { Core } from '../../core';
import { availabilityByWarehouse } from '../inventory/availability';
import { csvLine } from '../../util/csv';
import { shopCalendar } from '../calendar/shop-calendar';
import { afterCommitPass } from './after-commit';
import { skuPrefixMatch } from '../catalog/product-search';

/** Per product: the fast figure from the maintained levels (null without any level). */
type FeedProduct = { id: number; sku: string; name: string; is_kit: number; lot_tracked: number; fast: number | null };
const FEED_PRODUCT_COLUMNS = `p.id, p.sku, p.name, p.is_kit, p.lot_tracked,
  (select sum(case when l.sellable - l.reserved - p.safety_stock > 0 then l.sellable - l.reserved - p.safety_stock else 0 end) from stock_level l join warehouse w on w.id = l.warehouse_id where w.active = 1 and l.product_id = p.id) as fast`;

/** Available-to-sell over all active warehouses. Kits and lot-tracked stock (expiry) need the full rule; the rest uses the maintained levels. */
async function feedAvailable(core: Core, p: FeedProduct, today: string): Promise<number> {
  return p.is_kit || p.lot_tracked ? (await availabilityByWarehouse(core, p.id, today)).reduce((s, a) => s + a.available, 0) : (p.fast ?? 0);
}

/** What a channel is told to show: available minus its buffer, capped by its max export, never below 0. */
export function exportQuantity(channel: Pick<ChannelRow, 'safety_buffer' | 'max_export_qty'>, available: number): number {
  const afterBuffer = Math.max(0, available - channel.safety_buffer);
  return channel.max_export_qty === null ? afterBuffer : Math.min(afterBuffer, channel.max_export_qty);
}

/**
 * What each storefront should show per SKU: available-to-sell (all active warehouses) minus the
 * channel's buffer, capped by its max-export quantity, never below 0.
 */
export async function stockFeed(core: Core, channel: ChannelRow, opts: { query?: string; limit: number }): Promise<StockFeedRow[]> {
  const today = (await shopCalendar(core)).today();
  // product.sku's nocase collation refuses LIKE on PostgreSQL: skuPrefixMatch matches it on both engines.
  const prefix = opts.query === undefined ? null : skuPrefixMatch(core.store, 'p.sku', opts.query);
  const products = await core.store.raw<FeedProduct>(
    `select ${FEED_PRODUCT_COLUMNS} from product p where p.active = 1${prefix ? ` and ${prefix.sql}` : ''} order by p.sku limit ?`,
    ...(prefix?.params ?? []),
    opts.limit,
  );
  return await mapInOrder(products, async (p) => {
    const available = await feedAvailable(core, p, today);
    return { sku: p.sku, name: p.name, available, exportQuantity: exportQuantity(channel, available) };
  });
}

/** One `stockFeed.changed` event (its type lives with the event map the renderer shares). */
export type { StockFeedChange };

/**
 * Keeps the channel stock feeds current as events: whenever stock is reserved or released
 * (`stock.reserved`) or moved (`stock.changed`), the products involved — and the kits built from
 * them — are recomputed once per turn of the event loop, after the unit of work has committed, and
 * each whose figure for some channel changed is published as `stockFeed.changed` (a
 * StockFeedChange), over IPC and the station server's event stream, so whatever pushes stock to
 * the storefronts needs no polling. Started by the app for its own bus; events from the order
 * intake thread arrive re-published there. Returns the unsubscribe and `settled` (every recompute asked for so far done).
 */
export function publishStockFeedChanges(core: Core): { stop: () => void; settled: () => Promise<void> } {
  /** The last figure published per channel and product (`channelId:productId`), so unchanged ones stay quiet. */
  const published = new Map<string, number>();
  let pending = new Set<number>();
  const recompute = async () => {
    const ids = [...pending];
    pending = new Set();
    if (!core.store.open || ids.length === 0) return;
    const { store } = core;
    const marks = ids.map(() => '?').join(',');
    const kits = (await store.raw<{ kit_id: number }>(`select distinct kit_id from kit_component where component_id in (${marks})`, ...ids)).map((k) => k.kit_id);
    const all = [...new Set([...ids, ...kits])];
    const products = await store.raw<FeedProduct>(`select ${FEED_PRODUCT_COLUMNS} from product p where p.active = 1 and p.id in (${all.map(() => '?').join(',')}) order by p.sku`, ...all);
    const channels = await store.raw<ChannelRow>('select * from channel order by id');
    const today = (await shopCalendar(core)).today();
    for (const p of products) {
      const available = await feedAvailable(core, p, today);
      const change: StockFeedChange = { sku: p.sku, available, channels: [] };
      let changed = false;
      for (const c of channels) {
        const quantity = exportQuantity(c, available);
        change.channels.push({ channelId: c.id, channel: c.name, exportQuantity: quantity });
        const key = `${c.id}:${p.id}`;
        if (published.get(key) !== quantity) changed = true;
        published.set(key, quantity);
      }
      if (changed) core.events.publish('stockFeed.changed', change);
    }
  };
  const pass = afterCommitPass(core.store, 'stock-feed deferred work', recompute);
  const stop = core.events.subscribeLocal((event) => {
    if (event.topic !== 'stock.reserved' && event.topic !== 'stock.changed') return;
    const productId = (event.data as { productId?: number }).productId;
    if (!productId) return;
    pending.add(productId);
    pass.schedule();
  });
  return { stop, settled: () => pass.settled() };
}

/** Shopify's inventory import CSV (Handle, Title, SKU, Location, On hand); Shopify matches rows by SKU and location. */
export function stockFeedShopifyCsv(rows: StockFeedRow[], location: string): string {
  const handle = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const lines = ['Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,Location,On hand'];
  // Read by Shopify's importer, not opened in a spreadsheet: a formula-guard ' would become part of the SKU it matches on.
  for (const r of rows) lines.push(csvLine([handle(r.name), r.name, 'Title', 'Default Title', '', '', '', '', r.sku, location, r.exportQuantity], { formulaGuard: false }));
  return `${lines.join('\n')}\n`;
}
