import { eachInOrder } from '../../../main/util/in-order';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

export const DAY_MS = 86_400_000;
/** "Today" in these tests (the shop calendar defaults to UTC). */
export const TODAY = new Date('2026-03-02T15:00:00Z');

export interface ShopProduct {
  sku: string;
  priceCents: number;
  /** Units sold every day of the history (orders placed at noon). */
  perDay: number;
  stock: number;
  shelfLifeDays?: number;
}

/**
 * A shop on a real temp database: products with stock put away the morning the history starts (so the history is not
 * censored), 56 days of shipped orders at a steady rate, and one supplier selling every product.
 * The orders are written as rows (shipped long ago: they reserve nothing), the rest through the API.
 */
export async function shopWithHistory(
  products: ShopProduct[],
  supplier: { leadTimeDays?: number; orderMinimumCents?: number; casePack?: number; moq?: number; unitCostCents?: number } = {},
  today: Date = TODAY,
) {
  // Stock arrives the morning of the first day of history: no day before it is counted (censored), none after it is.
  const firstDay = new Date(today.getTime() - 56 * DAY_MS);
  firstDay.setUTCHours(6, 0, 0, 0);
  const clock = new ManualClock(firstDay);
  const app = await tempApp({ clock });
  for (const p of products) {
    await app.invoke('catalog.upsert', { sku: p.sku, name: `Product ${p.sku}`, priceCents: p.priceCents, costCents: Math.round(p.priceCents / 2) });
    if (p.stock > 0) await app.invoke('stock.adjust', { sku: p.sku, delta: p.stock, reason: 'opening stock' });
    if (p.shelfLifeDays) await app.store.raw('update product set shelf_life_days = ? where sku = ?', p.shelfLifeDays, p.sku);
  }
  const { id: supplierId } = await app.invoke('suppliers.create', { name: 'Acme', leadTimeDays: supplier.leadTimeDays ?? 6, orderMinimumCents: supplier.orderMinimumCents ?? 0 });
  for (const p of products) {
    const productId = await productIdOf(app, p.sku);
    await app.invoke('suppliers.upsertItem', { supplierId, productId, unitCostCents: supplier.unitCostCents ?? Math.round(p.priceCents / 2), casePack: supplier.casePack ?? 1, moq: supplier.moq ?? 0 });
  }
  await app.store.raw("insert into channel (name, kind, webhook_key, created_at) values ('History', 'manual', 'hist', 'now')");
  const channelId = (await app.store.raw<{ id: number }>("select id from channel where webhook_key = 'hist'"))[0].id;
  await app.store.tx(async () => {
    for (let day = 56; day >= 1; day--) {
      const placed = new Date(today.getTime() - day * DAY_MS);
      placed.setUTCHours(12, 0, 0, 0);
      const at = placed.toISOString();
      const orderId = await app.store.insert(
        "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at, warehouse_id) values (?, ?, ?, 'shipped', 'USD', 0, 0, ?, ?, ?, 1)",
        channelId,
        `h${day}`,
        `#H${day}`,
        at,
        at,
        at,
      );
      await eachInOrder(products, async (p, i) => {
        if (p.perDay > 0) await app.store.raw('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, shipped_qty) values (?, ?, ?, ?, ?, ?, ?, ?)', orderId, i + 1, p.sku, await productIdOf(app, p.sku), p.sku, p.perDay, p.priceCents, p.perDay);
      });
    }
  });
  clock.set(today);
  return Object.assign(app, { clock, supplierId });
}

export async function productIdOf(app: { store: { raw<T>(sql: string, ...p: unknown[]): Promise<T[]> } }, sku: string): Promise<number> {
  return (await app.store.raw<{ id: number }>('select id from product where sku = ?', sku))[0].id;
}
