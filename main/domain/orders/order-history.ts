import type { Store } from '../../store/store';

/**
 * An order's history (who, when, why). Each event is stored under rowid `order_id * 65536 + seq`,
 * seq counting the order's events from 1 (migrations 0010 and 0014): a new order's history is
 * appended at the table's right edge, and one order's events are one contiguous rowid range.
 */
const EVENTS_PER_ORDER = 65536;
/** `where` condition for one order's events, the order id bound twice (a rowid range scan). */
const ONE_ORDERS_EVENTS = `id between ? * ${EVENTS_PER_ORDER} and ? * ${EVENTS_PER_ORDER} + ${EVENTS_PER_ORDER - 1}`;

export interface OrderEventRow {
  at: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
}

/** A new order's first two events (received, then its first state), in one statement. */
export function recordNewOrderEvents(store: Store, orderId: number, at: string, actor: string, receivedReason: string, to: string, reason: string): void {
  store.raw(
    `insert into order_event (id, order_id, seq, at, from_status, to_status, actor, reason)
     values (? * ${EVENTS_PER_ORDER} + 1, ?, 1, ?, null, 'new', ?, ?), (? * ${EVENTS_PER_ORDER} + 2, ?, 2, ?, 'new', ?, ?, ?)`,
    orderId, orderId, at, actor, receivedReason,
    orderId, orderId, at, to, actor, reason,
  );
}

/** Appends one event to an order's history. */
export function appendOrderEvent(store: Store, orderId: number, at: string, from: string | null, to: string, actor: string, reason: string): void {
  store.raw(
    `insert into order_event (id, order_id, seq, at, from_status, to_status, actor, reason)
     select ? * ${EVENTS_PER_ORDER} + n, ?, n, ?, ?, ?, ?, ?
     from (select ifnull(max(id) % ${EVENTS_PER_ORDER}, 0) + 1 as n from order_event where ${ONE_ORDERS_EVENTS})`,
    orderId, orderId, at, from, to, actor, reason,
    orderId, orderId,
  );
}

/** One order's history, oldest first. */
export function orderEvents(store: Store, orderId: number): OrderEventRow[] {
  return store.raw<OrderEventRow>(`select at, from_status, to_status, actor, reason from order_event where ${ONE_ORDERS_EVENTS} order by id`, orderId, orderId);
}
