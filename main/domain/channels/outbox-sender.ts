import { filterInOrder, mapInOrder } from '../../util/in-order';
import type { Core } from '../../core';
import type { SyncOutboxRow } from '../../store/schema';
import { ChannelApiError, type ChannelConnector, type StockSet } from './connector';
import { dueAfterRecovery, dueRows, markDead, markRetry, markSent, type FulfilmentCancelPayload, type FulfilmentPayload, type StockPayload } from './outbox';
import { isDropSku, isFlashSaleRow } from './flash-sale';
import { sendQuotaStock } from './quota-stock-sender';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'channel-sync' });

/** Backoff: full jitter over an exponential ceiling (1 s, 2 s, 4 s, ... capped at 5 minutes). */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** A compare-and-set that keeps meeting fresh storefront sales gives up after this many tries (and is retried later). */
const CAS_TRIES = 3;
/** Rows read per round; a drain pass keeps reading rounds until nothing is due. */
const ROUND = 200;

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts, 20));
  return Math.round(random() * ceiling);
}

export interface DrainResult {
  fulfilmentsSent: number;
  cancelsSent: number;
  stockSet: number;
  stockCalls: number;
  /** Compare-and-set refusals that were recomputed against the store's figure and set again. */
  stockMismatches: number;
  retried: number;
  dead: number;
  /** The channel was paused: its credentials were refused or lack a scope (status says which). */
  paused: string | null;
}

export const emptyDrain = (): DrainResult => ({ fulfilmentsSent: 0, cancelsSent: 0, stockSet: 0, stockCalls: 0, stockMismatches: 0, retried: 0, dead: 0, paused: null });

/** Stops this channel's pass: the rest of its rows wait (throttled, outage, paused). */
class StopPass extends Error {}

/**
 * Sends a channel's due outbox rows, oldest first: fulfilments and their cancels one by one, stock
 * figures in batches of the connector's maxStockBatch. One attempt per row per pass; failures are
 * classified by the connector (ChannelApiError.kind):
 * - throttled: the row waits retryAfterMs (or backoff) and the pass ends (the limit is per store);
 * - transient (5xx, timeout, network): backoff with full jitter, and the pass ends;
 * - auth / scope: the connection is marked "needs attention" with the plain-words error and the
 *   channel pauses (rows stay pending, nothing is lost) until the owner reconnects or retries;
 * - rejected: the row is dead, its error shown; the rest go on.
 */
export async function drainChannel(core: Core, channelId: number, connector: ChannelConnector, onPause: (error: ChannelApiError) => Promise<void>): Promise<DrainResult> {
  const result = emptyDrain();
  const { store, clock } = core;
  const seen = new Set<number>();
  try {
    for (;;) {
      const rows = (await dueRows(store, channelId, clock.now().toISOString(), ROUND)).filter((r) => !seen.has(r.id));
      if (rows.length === 0) break;
      for (const r of rows) seen.add(r.id);
      const stock = rows.filter((r) => r.kind === 'stock');
      for (const row of rows.filter((r) => r.kind !== 'stock')) {
        await attempt(core, [row], result, onPause, () => (row.kind === 'fulfilment' ? sendFulfilment(core, connector, row, result) : sendCancel(core, connector, row, result)));
      }
      for (let i = 0; i < stock.length; i += connector.maxStockBatch) {
        const batch = stock.slice(i, i + connector.maxStockBatch);
        await attempt(core, batch, result, onPause, () => sendStock(core, connector, channelId, batch, result));
      }
    }
  } catch (error) {
    if (!(error instanceof StopPass)) throw error;
  }
  // Something got through: whatever waits out a backoff from the outage goes with the next tick.
  if (result.fulfilmentsSent + result.cancelsSent + result.stockSet > 0) await dueAfterRecovery(store, channelId, clock.now().toISOString());
  return result;
}

async function attempt(core: Core, rows: SyncOutboxRow[], result: DrainResult, onPause: (e: ChannelApiError) => Promise<void>, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (raw) {
    const error = raw instanceof ChannelApiError ? raw : new ChannelApiError('transient', (raw as Error)?.message ?? String(raw));
    const { store, clock } = core;
    const now = clock.now();
    const context = { channelId: rows[0]?.channel_id, kind: rows[0]?.kind, rows: rows.length, error: error.message, failure: error.kind };
    if (error.kind === 'auth' || error.kind === 'scope') {
      log.error(context, 'the store refused our credentials; channel paused');
      await store.tx(async () => {
        for (const row of rows) await store.run(store.kysely.updateTable('sync_outbox').set({ last_error: error.message }).where('id', '=', row.id));
      });
      await onPause(error);
      result.paused = error.message;
      throw new StopPass();
    }
    if (error.kind === 'rejected') {
      log.error(context, 'the store rejected the change; given up');
      await store.tx(async () => {
        for (const row of rows) {
          await markDead(store, row.id, error.message, now.toISOString());
          if (row.kind !== 'stock') await markFulfilmentFailed(core, row, error.message);
        }
      });
      result.dead += rows.length;
      return;
    }
    await store.tx(async () => {
      for (const row of rows) {
        const wait = error.kind === 'throttled' && error.detail.retryAfterMs !== undefined ? error.detail.retryAfterMs : backoffMs(row.attempts);
        await markRetry(store, row.id, error.message, new Date(now.getTime() + wait).toISOString());
      }
    });
    log.warn(context, 'sending to the store failed; will retry');
    result.retried += rows.length;
    throw new StopPass();
  }
}

async function markFulfilmentFailed(core: Core, row: SyncOutboxRow, error: string): Promise<void> {
  const { store } = core;
  const { shipmentId } = JSON.parse(row.payload) as { shipmentId: number };
  await store.run(store.kysely.updateTable('channel_fulfilment').set({ state: 'failed', error }).where('shipment_id', '=', shipmentId).where('channel_id', '=', row.channel_id));
}

async function sendFulfilment(core: Core, connector: ChannelConnector, row: SyncOutboxRow, result: DrainResult): Promise<void> {
  const { shipmentId, ...push } = JSON.parse(row.payload) as FulfilmentPayload;
  const sent = await connector.createFulfilment(push);
  const { store, clock } = core;
  const at = clock.now().toISOString();
  await store.tx(async () => {
    await markSent(store, row, sent, at);
    // A void may have queued the cancel meanwhile: keep that state, but record the id it needs.
    await store.run(
      store.kysely
        .updateTable('channel_fulfilment')
        .set((eb) => ({ external_id: sent.fulfilmentId, sent_at: at, error: null, state: eb.case().when('state', '=', 'cancel_pending').then('cancel_pending' as const).else('sent' as const).end() }))
        .where('shipment_id', '=', shipmentId)
        .where('channel_id', '=', row.channel_id),
    );
  });
  result.fulfilmentsSent++;
}

async function sendCancel(core: Core, connector: ChannelConnector, row: SyncOutboxRow, result: DrainResult): Promise<void> {
  const { shipmentId, externalOrderId } = JSON.parse(row.payload) as FulfilmentCancelPayload;
  const { store, clock } = core;
  const known = await store.get(store.kysely.selectFrom('channel_fulfilment').select(['external_id']).where('shipment_id', '=', shipmentId).where('channel_id', '=', row.channel_id));
  const at = clock.now().toISOString();
  if (!known?.external_id) {
    const fulfilment = await store.get(
      store.kysely.selectFrom('sync_outbox').select(['state']).where('channel_id', '=', row.channel_id).where('coalesce_key', '=', `fulfilment:${shipmentId}`).orderBy('id', 'desc'),
    );
    if (fulfilment?.state === 'pending') {
      // The fulfilment itself has not reached the store yet (it is retrying): the cancel waits for it.
      await markRetry(store, row.id, 'waiting for the fulfilment to be sent first', new Date(clock.now().getTime() + backoffMs(row.attempts)).toISOString());
      return;
    }
    // The fulfilment never reached the store (refused for good): there is nothing to cancel.
    await store.tx(async () => {
      await markSent(store, row, { skipped: 'the fulfilment never reached the store' }, at);
      await store.run(store.kysely.updateTable('channel_fulfilment').set({ state: 'cancelled' }).where('shipment_id', '=', shipmentId).where('channel_id', '=', row.channel_id));
    });
    return;
  }
  await connector.cancelFulfilment(externalOrderId, known.external_id);
  await store.tx(async () => {
    await markSent(store, row, { cancelled: known.external_id }, at);
    await store.run(store.kysely.updateTable('channel_fulfilment').set({ state: 'cancelled', error: null }).where('shipment_id', '=', shipmentId).where('channel_id', '=', row.channel_id));
  });
  result.cancelsSent++;
}

const locationColumn = (locationId: string | null) => locationId ?? '';

async function lastPushed(core: Core, channelId: number, sku: string, locationId: string | null): Promise<number | null> {
  const { store } = core;
  return (await store.get(store.kysely.selectFrom('channel_stock_push').select('quantity').where('channel_id', '=', channelId).where('sku', '=', sku).where('location_id', '=', locationColumn(locationId))))?.quantity ?? null;
}

async function recordPushed(core: Core, channelId: number, item: { sku: string; locationId: string | null }, quantity: number | null, unknown: boolean, at: string): Promise<void> {
  const { store } = core;
  await store.run(
    store.kysely
      .insertInto('channel_stock_push')
      .values({ channel_id: channelId, sku: item.sku, location_id: locationColumn(item.locationId), quantity, unknown_sku: unknown ? 1 : 0, pushed_at: at })
      .onConflict((oc) => oc.columns(['channel_id', 'sku', 'location_id']).doUpdateSet({ quantity, unknown_sku: unknown ? 1 : 0, pushed_at: at, short_seen: null })),
  );
}

/**
 * WARNING — overselling. Stock is set with compare-and-set: compareQuantity is the figure Shipshape
 * last set there. A mismatch means the store's count moved since — normally a storefront sale
 * whose order has not reached Shipshape yet. Overwriting it with our figure would put those units
 * back on sale, so the sale is kept: new target = our figure − (last pushed − store's current),
 * never below 0, compared against the store's current. When the order then arrives, our figure
 * drops by the same units and equals what was set: no further change. A store count that went UP
 * (someone edited it in the store's admin) is not kept: Shipshape's ledger is the stock truth.
 * If that sale had already reached Shipshape, the figure is understated (the safe side) until the
 * stock reconciliation after the pulls (stock-reconcile.ts) reads the store and sets the exact figure again.
 */
async function sendStock(core: Core, connector: ChannelConnector, channelId: number, allRows: SyncOutboxRow[], result: DrainResult): Promise<void> {
  const { store, clock } = core;
  // Flash-sale hook: figures of drop SKUs are per-channel quotas with their own compare-and-set rule (quota-stock-sender.ts).
  const quotaRows = await filterInOrder(allRows, async (r) => await isFlashSaleRow(core, JSON.parse(r.payload) as StockPayload));
  const forOrdinaryPath = quotaRows.length > 0 ? await sendQuotaStock(core, connector, channelId, quotaRows, result) : [];
  const rows = quotaRows.length > 0 ? allRows.filter((r) => !quotaRows.includes(r) || forOrdinaryPath.includes(r)) : allRows;
  if (rows.length === 0) return;
  let items: { row: SyncOutboxRow; set: StockSet }[] = await mapInOrder(rows, async (row) => {
    const p = JSON.parse(row.payload) as StockPayload;
    return { row, set: { sku: p.sku, locationId: p.locationId, quantity: p.quantity, compareQuantity: await lastPushed(core, channelId, p.sku, p.locationId) } };
  });
  for (let tries = 0; items.length > 0; tries++) {
    // Flash-sale hook: a SKU that became a drop since this pass began gets no shared figure (the row waits for the quota path).
    items = await filterInOrder(items, async (i) => i.set.quantity === 0 || !await isDropSku(core, i.set.sku));
    if (items.length === 0) return;
    result.stockCalls++;
    const answers = await connector.setStock(items.map((i) => i.set));
    const at = clock.now().toISOString();
    const again: typeof items = [];
    await store.tx(async () => {
      for (const item of items) {
        const answer = answers.find((a) => a.sku === item.set.sku && a.locationId === item.set.locationId);
        if (!answer) continue; // not answered: stays pending, sent again next pass
        if (answer.outcome === 'set') {
          await recordPushed(core, channelId, item.set, item.set.quantity, false, at);
          await markSent(store, item.row, { quantity: item.set.quantity, compareQuantity: item.set.compareQuantity }, at);
          result.stockSet++;
        } else if (answer.outcome === 'unknown_sku') {
          await recordPushed(core, channelId, item.set, null, true, at);
          await markSent(store, item.row, { unknownSku: true }, at);
        } else {
          result.stockMismatches++;
          const ours = (JSON.parse(item.row.payload) as StockPayload).quantity;
          const last = item.set.compareQuantity;
          const soldMeanwhile = last === null ? 0 : Math.max(0, last - answer.current);
          again.push({ row: item.row, set: { ...item.set, quantity: Math.max(0, ours - soldMeanwhile), compareQuantity: answer.current } });
        }
      }
    });
    if (again.length > 0 && tries + 1 >= CAS_TRIES) {
      throw new ChannelApiError('transient', `the store's stock kept changing while it was being set (${again.map((a) => a.set.sku).join(', ')})`);
    }
    items = again;
  }
}
