import { sql } from 'kysely';
import type { Store } from '../../store/store';
import type { SyncOutboxKind, SyncOutboxRow } from '../../store/schema';
import { trackingPageUrl } from '../shipping/tracking-pages';
import { isCustomerTrackingNumber, labelKindOf } from '../shipping/honest-labels';
import type { FulfilmentPush } from './connector';

/**
 * The durable outbox of everything Shipshape tells the stores. Rows are written inside the
 * transaction of the change that causes them (a shipment, a void, a stock figure), so a change
 * that committed always has its row, and a change that rolled back never does. The worker
 * (outbox-sender.ts) sends them; each row is idempotent at the store (absolute stock figures,
 * fulfilments recognised by tracking number), so sending one twice after a crash changes nothing.
 */

/** What a stock row carries: the absolute figure to show, for one SKU at one store location. */
export interface StockPayload {
  sku: string;
  locationId: string | null;
  quantity: number;
}
export interface FulfilmentPayload extends FulfilmentPush {
  shipmentId: number;
}
export interface FulfilmentCancelPayload {
  shipmentId: number;
  externalOrderId: string;
}

/** The channel an order came from, when that channel is connected to its store (else null: nothing to tell). */
async function connectedChannelOfOrder(store: Store, orderId: number): Promise<{ channelId: number; externalId: string; notify: boolean } | null> {
  const row = await store.get(
    store.kysely
      .selectFrom('sales_order as o')
      .innerJoin('channel_connection as c', 'c.channel_id', 'o.channel_id')
      .select(['o.channel_id', 'o.external_id', 'c.notify_customer', 'c.status'])
      .where('o.id', '=', orderId),
  );
  if (!row || row.status === 'disconnected') return null;
  return { channelId: row.channel_id, externalId: row.external_id, notify: row.notify_customer === 1 };
}

async function insertRow(store: Store, channelId: number, kind: SyncOutboxKind, key: string, payload: unknown, at: string): Promise<void> {
  await store.run(
    store.kysely
      .insertInto('sync_outbox')
      .values({ channel_id: channelId, kind, coalesce_key: key, payload: JSON.stringify(payload), state: 'pending', next_attempt_at: at, created_at: at })
      // A pending row for the same key (a fulfilment enqueued twice by a retried unit of work) takes the newer payload.
      .onConflict((oc) =>
        oc
          .columns(['channel_id', 'coalesce_key'])
          // A literal, not a parameter: the conflict target must name the partial index's own predicate.
          .where('state', '=', sql.lit('pending'))
          .doUpdateSet({ payload: (eb) => eb.ref('excluded.payload'), revision: sql`sync_outbox.revision + 1`, next_attempt_at: (eb) => eb.ref('excluded.next_attempt_at') }),
      ),
  );
}

/**
 * Called inside the transaction that wrote an outbound shipment: when the order's channel is
 * connected, the fulfilment (lines, carrier, tracking) is queued for its store.
 */
export async function enqueueFulfilment(store: Store, shipmentId: number, at: string): Promise<void> {
  const shipment = await store.get(store.kysely.selectFrom('shipment').select(['id', 'order_id', 'direction', 'carrier_code']).where('id', '=', shipmentId));
  if (!shipment?.order_id || shipment.direction !== 'outbound') return;
  const channel = await connectedChannelOfOrder(store, shipment.order_id);
  if (!channel) return;
  const lines = await store.all(
    store.kysely
      .selectFrom('shipment_line as s')
      .innerJoin('order_line as l', 'l.id', 's.order_line_id')
      .select(['l.sku', 'l.external_line_id', (eb) => eb.fn.sum<number>('s.quantity').as('quantity')])
      .where('s.shipment_id', '=', shipmentId)
      .groupBy(['l.id', 'l.sku', 'l.external_line_id'])
      .orderBy('l.id'),
  );
  // Honest tracking: a label made without bought postage for USPS/UPS/FedEx/DHL carries an internal
  // reference, which must never reach the store (and the customer) as if it were a tracking number.
  const tracking = (await store
    .all(store.kysely.selectFrom('shipment_package').select(['tracking_number', 'postage_ref']).where('shipment_id', '=', shipmentId).where('tracking_number', 'is not', null).orderBy('seq')))
    .filter((p) => isCustomerTrackingNumber(labelKindOf(shipment.carrier_code, p.postage_ref !== null)));
  const carrier = (await store.get(store.kysely.selectFrom('shipping_carrier').select('name').where('code', '=', shipment.carrier_code)))?.name ?? shipment.carrier_code;
  const left = (await store.get(
    store.kysely
      .selectFrom('order_line')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(sql<number>`quantity - shipped_qty`), sql<number>`0`).as('n'))
      .where('order_id', '=', shipment.order_id),
  ))!.n;
  // One fulfilment per shipment; a multi-parcel shipment sends its first tracking number (both
  // APIs take one per fulfilment), the others are in the order note of the shipment in Shipshape.
  const trackingNumber = tracking[0]?.tracking_number ?? '';
  const payload: FulfilmentPayload = {
    shipmentId,
    externalOrderId: channel.externalId,
    shipmentRef: `shipshape-shipment-${shipmentId}`,
    lines: lines.map((l) => ({ sku: l.sku || null, externalLineId: l.external_line_id, quantity: Number(l.quantity) })),
    carrier,
    trackingNumber,
    trackingUrl: trackingNumber ? trackingPageUrl(shipment.carrier_code, trackingNumber) : null,
    notifyCustomer: channel.notify,
    orderComplete: Number(left) === 0,
  };
  await insertRow(store, channel.channelId, 'fulfilment', `fulfilment:${shipmentId}`, payload, at);
  await store.run(
    store.kysely
      .insertInto('channel_fulfilment')
      .values({ shipment_id: shipmentId, channel_id: channel.channelId, external_id: null, state: 'pending', sent_at: null, error: null })
      .onConflict((oc) => oc.columns(['shipment_id', 'channel_id']).doUpdateSet({ state: 'pending', error: null })),
  );
}

/** Called inside the transaction that voided a shipment: its fulfilment at the store is cancelled. */
export async function enqueueFulfilmentCancel(store: Store, shipmentId: number, at: string): Promise<void> {
  const shipment = await store.get(store.kysely.selectFrom('shipment').select(['order_id']).where('id', '=', shipmentId));
  if (!shipment?.order_id) return;
  const channel = await connectedChannelOfOrder(store, shipment.order_id);
  if (!channel) return;
  const known = await store.get(store.kysely.selectFrom('channel_fulfilment').select('state').where('shipment_id', '=', shipmentId).where('channel_id', '=', channel.channelId));
  if (!known) return; // never told the store about it
  const payload: FulfilmentCancelPayload = { shipmentId, externalOrderId: channel.externalId };
  await insertRow(store, channel.channelId, 'fulfilment_cancel', `fulfilment_cancel:${shipmentId}`, payload, at);
  await store.run(store.kysely.updateTable('channel_fulfilment').set({ state: 'cancel_pending', error: null }).where('shipment_id', '=', shipmentId).where('channel_id', '=', channel.channelId));
}

/** The coalescing key of a stock figure: one pending row per channel, SKU and store location. */
export const stockKey = (sku: string, locationId: string | null) => `stock:${sku}:${locationId ?? ''}`;

/**
 * Queues (or updates in place) the absolute figure a store should show for a SKU at a location.
 * A burst of changes to one SKU is one pending row holding the latest figure.
 */
export async function enqueueStock(store: Store, channelId: number, item: StockPayload, at: string): Promise<void> {
  await insertRow(store, channelId, 'stock', stockKey(item.sku, item.locationId), item, at);
}

/** Rows of a channel that are due now, oldest first (fulfilments before the cancels queued after them). */
export async function dueRows(store: Store, channelId: number, now: string, limit: number): Promise<SyncOutboxRow[]> {
  return await store.all(
    store.kysely
      .selectFrom('sync_outbox')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit),
  );
}

/** Marks a row sent, unless a newer change was coalesced into it meanwhile (then it stays pending, due now). */
export async function markSent(store: Store, row: Pick<SyncOutboxRow, 'id' | 'revision'>, result: unknown, at: string): Promise<boolean> {
  const updated = await store.run(
    store.kysely
      .updateTable('sync_outbox')
      .set({ state: 'sent', sent_at: at, result: JSON.stringify(result), last_error: null, attempts: (eb) => eb('attempts', '+', 1) })
      .where('id', '=', row.id)
      .where('revision', '=', row.revision),
  );
  return Number(updated.changes) > 0;
}

export async function markRetry(store: Store, id: number, error: string, nextAt: string): Promise<void> {
  await store.run(store.kysely.updateTable('sync_outbox').set({ last_error: error, next_attempt_at: nextAt, attempts: (eb) => eb('attempts', '+', 1) }).where('id', '=', id));
}

export async function markDead(store: Store, id: number, error: string, at: string): Promise<void> {
  await store.run(store.kysely.updateTable('sync_outbox').set({ state: 'dead', last_error: error, sent_at: at, attempts: (eb) => eb('attempts', '+', 1) }).where('id', '=', id));
}

/**
 * The store answered again after an outage: rows of the channel waiting out a backoff (which grows
 * to minutes during a long outage) are due now instead. Rows the store throttled come back too; if
 * it is still throttling, it names the wait again.
 */
export async function dueAfterRecovery(store: Store, channelId: number, at: string): Promise<number> {
  return Number(
    (await store.run(
      store.kysely.updateTable('sync_outbox').set({ next_attempt_at: at }).where('channel_id', '=', channelId).where('state', '=', 'pending').where('attempts', '>', 0).where('next_attempt_at', '>', at),
    )).changes,
  );
}

/** "Retry now": every pending row of the channel is due at once, and rows given up on are tried again. */
export async function retryNow(store: Store, channelId: number, at: string): Promise<number> {
  return await store.tx(async () => {
    const due = Number((await store.run(store.kysely.updateTable('sync_outbox').set({ next_attempt_at: at }).where('channel_id', '=', channelId).where('state', '=', 'pending'))).changes);
    // A dead row comes back only when no newer pending row holds its key (which would supersede it).
    const revived = Number(
      (await store.run(
        store.kysely
          .updateTable('sync_outbox as d')
          .set({ state: 'pending', next_attempt_at: at, attempts: 0 })
          .where('d.channel_id', '=', channelId)
          .where('d.state', '=', 'dead')
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('sync_outbox as p').select('p.id').where('p.channel_id', '=', channelId).where('p.state', '=', 'pending').whereRef('p.coalesce_key', '=', 'd.coalesce_key'))),
          )
          // Of several dead rows with one key, only the newest (one pending row per key).
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('sync_outbox as n').select('n.id').where('n.channel_id', '=', channelId).where('n.state', '=', 'dead').whereRef('n.coalesce_key', '=', 'd.coalesce_key').whereRef('n.id', '>', 'd.id'))),
          ),
      )).changes,
    );
    return due + revived;
  });
}
