import type { Core } from '../../core';
import type { Store } from '../../store/store';

/**
 * An order's history (who, when, why), in two places read as one by orderEvents():
 * - its first two entries (received; then its first state) are written with the order's own row,
 *   as JSON in `sales_order.intake_events` (migration 0015): intake is the busiest write there is,
 *   and a separate history row was one more b-tree page in every new order's commit;
 * - every later transition is a row of `order_event`, stored under rowid `order_id * 65536 + seq`
 *   (migration 0014), so one order's rows are one contiguous rowid range.
 * Orders taken before 0015 have all their entries in order_event. Nothing else reads order_event
 * for an intake state: the books look only for shipped entries (accounting/journal.ts).
 */
const EVENTS_PER_ORDER = 65536;
/** `where` condition for one order's events, the order id bound twice (a rowid range scan). */
// bigint casts: PostgreSQL would type a bare `? * 65536` as integer, which overflows past order 32,767.
const ONE_ORDERS_EVENTS = `id between cast(? as bigint) * ${EVENTS_PER_ORDER} and cast(? as bigint) * ${EVENTS_PER_ORDER} + ${EVENTS_PER_ORDER - 1}`;

export interface OrderEventRow {
  at: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
}

/**
 * What `intake_events` holds, kept small (it is part of every order row): who took the order and
 * how it was received, then its first state and why. Both entries are at the order's created_at.
 */
interface IntakeEntries {
  actor: string;
  received: string;
  to: string;
  reason: string;
}

/** The `intake_events` of a new order taken at its created_at: received, then its first state. */
export function intakeEvents(actor: string, receivedReason: string, to: string, reason: string): string {
  const entries: IntakeEntries = { actor, received: receivedReason, to, reason };
  return JSON.stringify(entries);
}

/** Appends one event to an order's history. */
export async function appendOrderEvent(store: Store, orderId: number, at: string, from: string | null, to: string, actor: string, reason: string): Promise<void> {
  await store.raw(
    `insert into order_event (id, order_id, seq, at, from_status, to_status, actor, reason)
     select cast(? as bigint) * ${EVENTS_PER_ORDER} + n, cast(? as bigint), n, cast(? as text), cast(? as text), cast(? as text), cast(? as text), cast(? as text)
     from (select coalesce(max(id) % ${EVENTS_PER_ORDER}, 0) + 1 as n from order_event where ${ONE_ORDERS_EVENTS}) e`,
    orderId, orderId, at, from, to, actor, reason,
    orderId, orderId,
  );
}

/** One order's whole history, oldest first. */
export async function orderEvents(store: Store, orderId: number): Promise<OrderEventRow[]> {
  const order = await store.get(store.kysely.selectFrom('sales_order').select(['intake_events', 'created_at']).where('id', '=', orderId));
  // An order's events have ids in its own block (see appendOrderEvent), so this is one index range.
  const later: OrderEventRow[] = await store.all(
    store.kysely.selectFrom('order_event').select(['at', 'from_status', 'to_status', 'actor', 'reason'])
      .where('id', '>=', orderId * EVENTS_PER_ORDER).where('id', '<=', orderId * EVENTS_PER_ORDER + EVENTS_PER_ORDER - 1)
      .orderBy('id'),
  );
  if (!order?.intake_events) return later;
  const intake = JSON.parse(order.intake_events) as IntakeEntries;
  const at = order.created_at;
  return [
    { at, from_status: null, to_status: 'new', actor: intake.actor, reason: intake.received },
    { at, from_status: 'new', to_status: intake.to, actor: intake.actor, reason: intake.reason },
    ...later,
  ];
}

/** Appends a history entry at the clock's now and tells the console the order changed (inside the caller's transaction). */
export async function recordOrderEvent(core: Core, orderId: number, from: string | null, to: string, actor: string, reason: string): Promise<void> {
  await appendOrderEvent(core.store, orderId, core.clock.now().toISOString(), from, to, actor, reason);
  core.events.publish('orders.changed', { id: orderId, status: to });
}
