import type { Core } from '../../core';
import type { SyncOutboxRow } from '../../store/schema';
import { ChannelApiError, type ChannelConnector, type StockSet, type StockSetResult } from './connector';
import { isDropSku, isQuotaPayload, refreshFlashSales } from './flash-sale';
import { markSent, type StockPayload } from './outbox';
import type { DrainResult } from './outbox-sender';
import { quotaStockSet, settleQuotaPush, type QuotaPushOutcome, type QuotaSet } from './quotas';

/** A compare-and-set that keeps meeting fresh storefront sales is retried next pass after this many tries. */
const CAS_TRIES = 3;

interface QuotaItem {
  row: SyncOutboxRow;
  productId: number;
  set: StockSet & QuotaSet;
}

const location = (id: string | null) => id ?? '';

/**
 * Sends flash-sale figures: the stock rows of drop SKUs (and rows queued as quotas), handed over by
 * the sync core's sender (the hook in outbox-sender.ts). Returns the rows the ordinary path may send
 * after all (the drop ended; a 0 for another Shopify location). WARNING — overselling: the figure and
 * its compare-and-set come from the stored exposure *now*, never from the payload, and every change
 * of `exposed` follows quotas.ts (a raise counted before it is sent, a lowering when confirmed), so
 * a storefront is never able to sell a unit another channel holds. See README, "Flash-sale mode".
 */
export async function sendQuotaStock(core: Core, connector: ChannelConnector, channelId: number, rows: SyncOutboxRow[], result: DrainResult): Promise<SyncOutboxRow[]> {
  const { store, clock } = core;
  const touched = new Set<number>();
  const forOrdinaryPath: SyncOutboxRow[] = [];
  let items: QuotaItem[] = [];
  await store.tx(async () => {
    const at = clock.now().toISOString();
    for (const row of rows) {
      const p = JSON.parse(row.payload) as StockPayload;
      const state = await quotaState(core, channelId, p.sku, p.locationId);
      if (!state) {
        // Not a drop (any more): the shared figure goes the ordinary way. A drop SKU's 0 at a Shopify
        // location other than the quota's may go too (a lower figure is always safe). Anything else
        // for a drop SKU waits (its quota is being set up): a shared figure must not reach the store.
        if (!await isDropSku(core, p.sku) || (!isQuotaPayload(p) && p.quantity === 0)) forOrdinaryPath.push(row);
        continue;
      }
      // WooCommerce's compare-and-set is a read before the write (woocommerce/stock.ts): raises wait for a sold-out storefront.
      const set = quotaStockSet(state, { exactCompareAndSet: connector.platform !== 'woocommerce' });
      if (!set) {
        // The storefront is at its quota already: it counts down from it on its own.
        await markSent(store, row, { quota: 'in step' }, at);
        continue;
      }
      items.push({ row, productId: state.productId, set: { sku: p.sku, locationId: p.locationId, ...set } });
      touched.add(state.productId);
    }
  });
  for (let tries = 0; items.length > 0; tries++) {
    await beforeSend(core, channelId, items);
    result.stockCalls++;
    let answers: StockSetResult[];
    try {
      answers = await connector.setStock(items.map((i) => i.set));
    } catch (error) {
      // Throttled, refused or paused: certainly not applied, the raises are taken back. A timeout or
      // 5xx may have been applied: they stay counted (the units stay held, never handed out twice).
      const certain = error instanceof ChannelApiError && error.kind !== 'transient';
      await settleAll(core, channelId, items, certain ? { kind: 'refused' } : { kind: 'unknown' });
      throw error;
    }
    const again: QuotaItem[] = [];
    await store.tx(async () => {
      const at = clock.now().toISOString();
      for (const item of items) {
        const answer = answers.find((a) => a.sku === item.set.sku && a.locationId === item.set.locationId);
        if (!answer) {
          await settle(core, channelId, item, { kind: 'unknown' });
          continue;
        }
        if (answer.outcome === 'unknown_sku') {
          await settle(core, channelId, item, { kind: 'refused' });
          await recordPushed(core, channelId, item.set, null, at);
          await markSent(store, item.row, { unknownSku: true }, at);
          continue;
        }
        const retry = await settle(core, channelId, item, answer.outcome === 'set' ? { kind: 'set' } : { kind: 'mismatch', current: answer.current });
        if (answer.outcome === 'set') {
          await recordPushed(core, channelId, item.set, item.set.quantity, at);
          result.stockSet++;
        } else result.stockMismatches++;
        if (retry) again.push({ ...item, set: { ...item.set, ...retry } });
        // Set, or nothing left to move (the store is at 0 already): the next re-plan queues what is still due.
        else await markSent(store, item.row, { quantity: item.set.quantity, compareQuantity: item.set.compareQuantity, outcome: answer.outcome, quota: true }, at);
      }
    });
    if (again.length > 0 && tries + 1 >= CAS_TRIES) {
      // Left pending: the next pass recomputes from the stored exposure.
      throw new ChannelApiError('transient', `the store's stock kept changing while its flash-sale quota was being set (${again.map((a) => a.set.sku).join(', ')})`);
    }
    items = again;
  }
  // A storefront confirmed a lower figure: its units may now go to a channel that sells.
  // Another channel's figure may have been queued: `flashSale.changed` makes the worker drain again now.
  if (touched.size > 0 && await refreshFlashSales(core, [...touched]) > 0) core.events.publish('flashSale.changed', { productIds: [...touched] });
  return forOrdinaryPath;
}

/** The quota shown at this store location (null: no quota there — not a drop, or another Shopify location). */
async function quotaState(core: Core, channelId: number, sku: string, locationId: string | null) {
  const { store } = core;
  const row = await store.get(
    store.kysely
      .selectFrom('channel_quota as q')
      .innerJoin('product as p', 'p.id', 'q.product_id')
      .innerJoin('drop_sku as d', 'd.product_id', 'q.product_id')
      .select(['q.product_id', 'q.quota', 'q.exposed', 'd.order_watermark'])
      .where('q.channel_id', '=', channelId)
      .where('q.location_id', '=', location(locationId))
      .where('p.sku', '=', sku),
  );
  if (!row) return null;
  const sold = await store.get(
    store.kysely
      .selectFrom('order_line as l')
      .innerJoin('sales_order as o', 'o.id', 'l.order_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('l.quantity'), eb.val(0)).as('units'))
      .where('l.product_id', '=', row.product_id)
      .where('l.order_id', '>', row.order_watermark)
      .where('o.channel_id', '=', channelId)
      .where('o.status', '<>', 'cancelled'),
  );
  return { productId: row.product_id, quota: row.quota, exposed: row.exposed, sold: Number(sold?.units ?? 0) };
}

/** Write-ahead (quotas.ts exposedBeforeSend, as one UPDATE): a raise counts as exposure before it leaves (the answer may be lost). */
async function beforeSend(core: Core, channelId: number, items: QuotaItem[]): Promise<void> {
  const { store } = core;
  await store.tx(async () => {
    for (const item of items) {
      const raise = Math.max(0, item.set.quantity - item.set.compareQuantity);
      if (raise === 0) continue;
      await store.run(
        store.kysely
          .updateTable('channel_quota')
          .set((eb) => ({ exposed: eb('exposed', '+', raise), raise_in_flight: raise }))
          .where('product_id', '=', item.productId)
          .where('channel_id', '=', channelId),
      );
    }
  });
}

async function settle(core: Core, channelId: number, item: QuotaItem, outcome: QuotaPushOutcome): Promise<QuotaSet | null> {
  const { store } = core;
  const row = await store.get(store.kysely.selectFrom('channel_quota').select(['exposed']).where('product_id', '=', item.productId).where('channel_id', '=', channelId));
  if (!row) return null; // the drop ended meanwhile
  const { exposed, retry } = settleQuotaPush(row.exposed, item.set, outcome);
  await store.run(
    store.kysely
      .updateTable('channel_quota')
      .set({ exposed: Math.max(0, exposed), raise_in_flight: 0, updated_at: core.clock.now().toISOString() })
      .where('product_id', '=', item.productId)
      .where('channel_id', '=', channelId),
  );
  return retry;
}

async function settleAll(core: Core, channelId: number, items: QuotaItem[], outcome: QuotaPushOutcome): Promise<void> {
  await core.store.tx(async () => {
    for (const item of items) await settle(core, channelId, item, outcome);
  });
}

/** The compare-and-set baseline of the ordinary stock path, for when the drop ends. */
async function recordPushed(core: Core, channelId: number, item: { sku: string; locationId: string | null }, quantity: number | null, at: string): Promise<void> {
  const { store } = core;
  await store.run(
    store.kysely
      .insertInto('channel_stock_push')
      .values({ channel_id: channelId, sku: item.sku, location_id: location(item.locationId), quantity, unknown_sku: quantity === null ? 1 : 0, pushed_at: at })
      .onConflict((oc) => oc.columns(['channel_id', 'sku', 'location_id']).doUpdateSet({ quantity, unknown_sku: quantity === null ? 1 : 0, pushed_at: at })),
  );
}
