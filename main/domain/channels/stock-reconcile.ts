import type { Core } from '../../core';
import type { ChannelRow } from '../../store/schema';
import type { ChannelConnector } from './connector';
import { enqueueStock, markSent, stockKey, type StockPayload } from './outbox';
import { stockTargets } from './stock-targets';

/**
 * Stock reconciliation: after each reconciliation pull, the store's actual counts are read and
 * compared with the figures Shipshape wants there. Pushing only what changed on our side is not
 * enough: a storefront sale decrements the store's count, and when its order is allocated from a
 * warehouse the location does not show (or had already reached Shipshape when a compare-and-set
 * mismatch was recomputed), our figure does not move, nothing is pushed, and the store stays wrong.
 *
 * The rule never risks overselling:
 * - store count HIGHER than ours: pushed down at once (the safe side), compare-and-set against
 *   the count read — or, when the store has dropped below what we last set (a storefront sale
 *   that may not have reached us), against that figure, so the sender's mismatch rule keeps the sale;
 * - store count LOWER than ours: may be a sale whose order has not arrived yet, so it is only
 *   noted (channel_stock_push.short_seen). When the next pass — after another pull, which brings
 *   any such order — reads the very same count and it is still short, the shortfall is drift and
 *   the figure is raised, compare-and-set against that count. A count that moved between the two
 *   reads (a fresh sale) starts the wait again: a busy SKU stays on the safe side until it is quiet
 *   for one pull interval.
 *
 * Large catalogues: each pass reads the SKUs noted short on the last pass plus a slice of
 * RECONCILE_SLICE products, rotating through the catalogue by SKU (cursor on channel_connection),
 * so a pass costs a bounded number of API calls; a catalogue within one slice is read whole each pass.
 */
export const RECONCILE_SLICE = 250;

export interface StockReconcileResult {
  /** Store figures read and compared. */
  checked: number;
  /** Over-counts queued to be pushed down now. */
  pushedDown: number;
  /** Shortfalls seen on two passes in a row, queued to be raised. */
  raised: number;
  /** Shortfalls seen for the first time (waiting for the next pass). */
  shortSeen: number;
}

interface Known {
  quantity: number | null;
  shortSeen: number | null;
  /** A figure for this key waiting in the outbox. */
  pending: { id: number; revision: number } | null;
}

export async function reconcileStock(core: Core, channelId: number, connector: ChannelConnector, slice = RECONCILE_SLICE): Promise<StockReconcileResult> {
  const result: StockReconcileResult = { checked: 0, pushedDown: 0, raised: 0, shortSeen: 0 };
  const { store } = core;
  const channel = await store.get(store.kysely.selectFrom('channel').selectAll().where('id', '=', channelId)) as ChannelRow | undefined;
  const connection = await store.get(store.kysely.selectFrom('channel_connection').select(['platform', 'status', 'stock_check_cursor']).where('channel_id', '=', channelId));
  if (!channel || !connection || connection.status !== 'connected') return result;

  const { productIds, nextCursor } = await productsToCheck(core, channel, connection.stock_check_cursor, slice);
  const candidates = await comparable(core, channelId, await stockTargets(core, channel, connection.platform, productIds));
  const read = new Map<string, number | null>();
  for (let i = 0; i < candidates.length; i += connector.maxStockBatch) {
    const chunk = candidates.slice(i, i + connector.maxStockBatch);
    for (const r of await connector.readStock(chunk.map((c) => ({ sku: c.sku, locationId: c.locationId })))) read.set(stockKey(r.sku, r.locationId), r.quantity);
  }

  const at = core.clock.now().toISOString();
  await store.tx(async () => {
    // Recomputed now: an order or a stock change may have committed while the store was being read.
    for (const t of await comparable(core, channelId, await stockTargets(core, channel, connection.platform, productIds))) {
      const key = stockKey(t.sku, t.locationId);
      if (!read.has(key)) continue;
      const current = read.get(key)!;
      const known = t.known;
      result.checked++;
      const update = async (values: { quantity?: number; short_seen: number | null }) =>
        await store.run(store.kysely.updateTable('channel_stock_push').set(values).where('channel_id', '=', channelId).where('sku', '=', t.sku).where('location_id', '=', t.locationId ?? ''));
      if (current === null || current === t.quantity) {
        // The store does not stock it there, or shows our figure: that figure is the compare-and-set baseline from now on.
        await update(current === null || current === known.quantity ? { short_seen: null } : { quantity: current, short_seen: null });
        // A figure waiting to be sent is already there. Sent against the older baseline, it would read as
        // a mismatch and count a sale that has reached Shipshape a second time (outbox-sender.ts).
        if (current !== null && known.pending) await markSent(store, known.pending, { alreadyInStore: current }, at);
      } else if (current > t.quantity) {
        // Below what we last set, the store may hold a sale not yet here: keep that baseline so the mismatch rule keeps it.
        await update(known.quantity !== null && current < known.quantity ? { short_seen: null } : { quantity: current, short_seen: null });
        await enqueueStock(store, channelId, payload(t), at);
        result.pushedDown++;
      } else if (known.shortSeen === current) {
        await update({ quantity: current, short_seen: null });
        await enqueueStock(store, channelId, payload(t), at);
        result.raised++;
      } else {
        await update({ short_seen: current });
        result.shortSeen++;
      }
    }
    await store.run(store.kysely.updateTable('channel_connection').set({ stock_check_cursor: nextCursor }).where('channel_id', '=', channelId));
  });
  return result;
}

const payload = (t: StockPayload): StockPayload => ({ sku: t.sku, locationId: t.locationId, quantity: t.quantity });

/** The products noted short on the last pass, and the next slice of the catalogue. */
async function productsToCheck(core: Core, channel: ChannelRow, cursor: string | null, size: number): Promise<{ productIds: number[]; nextCursor: string | null }> {
  const { store } = core;
  const from = async (after: string | null, limit: number) => {
    let q = store.kysely.selectFrom('product').select(['id', 'sku']).where('active', '=', 1);
    if (after !== null) q = q.where('sku', '>', after);
    return await store.all(q.orderBy('sku').limit(limit));
  };
  let slice = await from(cursor, size);
  let nextCursor = slice.length === size ? slice[slice.length - 1].sku : null;
  if (slice.length < size && cursor !== null) {
    // The end of the catalogue: the slice goes on from its start.
    const wrapped = (await from(null, size - slice.length)).filter((p) => p.sku <= cursor);
    nextCursor = wrapped.length === size - slice.length ? wrapped[wrapped.length - 1].sku : null;
    slice = [...slice, ...wrapped];
  }
  const ids = new Set(slice.map((p) => p.id));
  const short = store.kysely.selectFrom('channel_stock_push').select('sku').where('channel_id', '=', channel.id).where('short_seen', 'is not', null);
  for (const p of await store.all(store.kysely.selectFrom('product').select('id').where('sku', 'in', short))) ids.add(p.id);
  // A store key mapped to one of our products (product-mapping.ts) is pushed under its own name.
  for (const a of await store.all(store.kysely.selectFrom('sku_alias').select('product_id').where('channel', '=', channel.name).where('alias', 'in', short))) ids.add(a.product_id);
  return { productIds: [...ids], nextCursor };
}

/**
 * The figures that have been pushed before (a figure never pushed gets its first push from
 * queueStockChanges; a SKU the store does not list is left alone), with the outbox row waiting to
 * send each, if any (the reconciliation works out its compare-and-set baseline).
 */
async function comparable(core: Core, channelId: number, targets: StockPayload[]): Promise<(StockPayload & { known: Known })[]> {
  const { store } = core;
  const pushed = new Map<string, { quantity: number | null; unknown: boolean; shortSeen: number | null }>();
  const skus = [...new Set(targets.map((t) => t.sku))];
  for (let i = 0; i < skus.length; i += 500) {
    const rows = await store.all(
      store.kysely
        .selectFrom('channel_stock_push')
        .select(['sku', 'location_id', 'quantity', 'unknown_sku', 'short_seen'])
        .where('channel_id', '=', channelId)
        .where('sku', 'in', skus.slice(i, i + 500)),
    );
    for (const r of rows) pushed.set(stockKey(r.sku, r.location_id || null), { quantity: r.quantity, unknown: r.unknown_sku === 1, shortSeen: r.short_seen });
  }
  const pending = new Map(
    (await store
      .all(store.kysely.selectFrom('sync_outbox').select(['id', 'revision', 'coalesce_key']).where('channel_id', '=', channelId).where('kind', '=', 'stock').where('state', '=', 'pending')))
      .map((r) => [r.coalesce_key, { id: r.id, revision: r.revision }]),
  );
  const out: (StockPayload & { known: Known })[] = [];
  for (const t of targets) {
    const key = stockKey(t.sku, t.locationId);
    const p = pushed.get(key);
    if (!p || p.unknown || p.quantity === null) continue;
    out.push({ ...t, known: { quantity: p.quantity, shortSeen: p.shortSeen, pending: pending.get(key) ?? null } });
  }
  return out;
}
