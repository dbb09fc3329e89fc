import type { Store } from '../../store/store';

/**
 * Order tags for the queue's tag filter. `sales_order.tags` keeps the comma-separated text the
 * channel sent; `order_tag` (migration 0009) holds one row per (normalised tag, order) so a tag
 * filter matches whole tags, case-insensitively ("VIP" finds "vip", never "vipx"), newest first
 * from its primary key.
 */

/** A tag as the filter compares it: trimmed and lower-cased. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** Distinct normalised tags, in order; blanks dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter(Boolean))];
}

/**
 * Adds a new order's tags to order_tag. OrderService.insertOrder calls it right after the INSERT
 * into sales_order, in the same transaction. Orders without tags cost no write.
 */
export async function writeOrderTags(store: Store, orderId: number, tags: readonly string[]): Promise<void> {
  const normalized = normalizeTags(tags);
  if (normalized.length === 0) return;
  // One statement for all of them (intake writes an order's tags for every webhook). Raw SQL:
  // this is on the order-intake hot path (bench/orders.ts), where compiling a builder per order costs.
  const params: unknown[] = [];
  for (const tag of normalized) params.push(tag, orderId);
  await store.raw(`insert into order_tag (tag, order_id) values ${'(?, ?), '.repeat(normalized.length - 1)}(?, ?) on conflict do nothing`, ...params);
}

/**
 * Brings order_tag in step with an existing order's new tags. Call it in the same transaction
 * BEFORE the UPDATE that writes `sales_order.tags` (OrderService.applyChannelUpdate): the previous
 * tags are read from that column to find the rows to delete (order_tag is keyed by tag first, so
 * deleting "by order" would scan it). Unchanged tags cost one read and no write.
 */
export async function replaceOrderTags(store: Store, orderId: number, tags: readonly string[]): Promise<void> {
  const next = normalizeTags(tags);
  const row = await store.get(store.kysely.selectFrom('sales_order').select('tags').where('id', '=', orderId));
  const prev = row ? normalizeTags(row.tags.split(',')) : [];
  for (const tag of prev) if (!next.includes(tag)) await store.run(store.kysely.deleteFrom('order_tag').where('tag', '=', tag).where('order_id', '=', orderId));
  for (const tag of next) if (!prev.includes(tag)) await store.run(store.kysely.insertInto('order_tag').values({ tag, order_id: orderId }).onConflict((oc) => oc.doNothing()));
}

/** Known tags (normalised), alphabetically, read by skipping through the index (one seek per tag). */
export async function knownTags(store: Store, max = 200): Promise<string[]> {
  const out: string[] = [];
  let last = '';
  for (;;) {
    const next = (await store.get(store.kysely.selectFrom('order_tag').select((eb) => eb.fn.min('tag').as('tag')).where('tag', '>', last)))?.tag;
    if (next == null || out.length >= max) return out;
    out.push(next);
    last = next;
  }
}
