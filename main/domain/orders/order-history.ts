import type { Store } from '../../store/store';

/**
 * Appends one event to an order's history (who, when, why). Events are keyed by (order_id, seq),
 * seq counting the order's events from 1 (migration 0010); a new order's first two events are
 * written by intake itself in one statement.
 */
export function appendOrderEvent(store: Store, orderId: number, at: string, from: string | null, to: string, actor: string, reason: string): void {
  store.raw(
    'insert into order_event (order_id, seq, at, from_status, to_status, actor, reason) values (?, (select ifnull(max(seq), 0) + 1 from order_event where order_id = ?), ?, ?, ?, ?, ?)',
    orderId,
    orderId,
    at,
    from,
    to,
    actor,
    reason,
  );
}
