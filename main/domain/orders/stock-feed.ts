import type { StockFeedRow } from '../../../shared/api/orders';
import type { ChannelRow } from '../../store/schema';
import type { Core } from '../../services';
import { availabilityByWarehouse } from '../inventory/availability';
import { csvLine } from '../../util/csv-write';
import { shopCalendar } from '../calendar/shop-calendar';

/**
 * What each storefront should show per SKU: available-to-sell (all active warehouses) minus the
 * channel's buffer, capped by its max-export quantity, never below 0.
 */
export function stockFeed(core: Core, channel: ChannelRow, opts: { query?: string; limit: number }): StockFeedRow[] {
  const today = shopCalendar(core).today();
  const products = core.store.raw<{ id: number; sku: string; name: string; is_kit: number; lot_tracked: number; fast: number | null }>(
    `select p.id, p.sku, p.name, p.is_kit, p.lot_tracked,
       (select sum(max(0, l.sellable - l.reserved - p.safety_stock)) from stock_level l join warehouse w on w.id = l.warehouse_id where w.active = 1 and l.product_id = p.id) as fast
     from product p where p.active = 1 and (? is null or p.sku like ?) order by p.sku limit ?`,
    opts.query ?? null,
    `${opts.query ?? ''}%`,
    opts.limit,
  );
  return products.map((p) => {
    // Kits and lot-tracked stock (expiry) need the full rule; the rest uses the maintained levels.
    const available = p.is_kit || p.lot_tracked ? availabilityByWarehouse(core, p.id, today).reduce((s, a) => s + a.available, 0) : (p.fast ?? 0);
    const afterBuffer = Math.max(0, available - channel.safety_buffer);
    return { sku: p.sku, name: p.name, available, exportQuantity: channel.max_export_qty === null ? afterBuffer : Math.min(afterBuffer, channel.max_export_qty) };
  });
}

/** Shopify's inventory import CSV (Handle, Title, SKU, Location, On hand); Shopify matches rows by SKU and location. */
export function stockFeedShopifyCsv(rows: StockFeedRow[], location: string): string {
  const handle = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const lines = ['Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,Location,On hand'];
  for (const r of rows) lines.push(csvLine([handle(r.name), r.name, 'Title', 'Default Title', '', '', '', '', r.sku, location, r.exportQuantity]));
  return `${lines.join('\n')}\n`;
}
