import type { InvariantCheck } from '../system/checks';
import { ORDER_STATE_INFO, ORDER_STATES } from './logic/index';

/** States whose orders may hold reservations; from the state machine, so the two cannot disagree. */
const HOLDING_STATES = ORDER_STATES.filter((s) => ORDER_STATE_INFO[s].holdsStock);

/**
 * Stock reserved for an order that no longer holds stock (cancelled, on hold, shipped, …) is stock
 * nobody can sell: an oversell in reverse. Every reservation must belong to an order line whose
 * order is in a stock-holding state, and no order line may hold more than it ordered.
 */
export const reservationsBelongToLiveOrders: InvariantCheck = {
  name: 'orders.reservations_belong_to_live_orders',
  async run({ store }) {
    const orphaned = await store.raw<{ id: number; holder_id: number; number: string | null; status: string | null; quantity: number }>(
      `select r.id, r.holder_id, o.number, o.status, r.quantity from reservation r
       left join order_line l on l.id = r.holder_id left join sales_order o on o.id = l.order_id
       where r.holder_type = 'order_line' and (o.id is null or o.status not in (${HOLDING_STATES.map(() => '?').join(',')}))`,
      ...HOLDING_STATES,
    );
    const excessive = await store.raw<{ line_id: number; number: string; reserved: number; quantity: number }>(
      `select l.id as line_id, o.number, sum(r.quantity) as reserved, l.quantity from reservation r
       join order_line l on l.id = r.holder_id join sales_order o on o.id = l.order_id
       left join kit_component k on k.kit_id = l.product_id
       where r.holder_type = 'order_line' and k.kit_id is null
       group by l.id, o.number, l.quantity, l.shipped_qty having sum(r.quantity) > l.quantity - l.shipped_qty`,
    );
    return [
      ...orphaned.map((r) => ({
        check: 'orders.reservations_belong_to_live_orders',
        message: r.number ? `reservation ${r.id} (${r.quantity} units) is held by order ${r.number}, which is ${r.status}` : `reservation ${r.id} points to order line ${r.holder_id}, which does not exist`,
        details: r,
      })),
      ...excessive.map((r) => ({
        check: 'orders.reservations_belong_to_live_orders',
        message: `order ${r.number} line ${r.line_id} holds ${r.reserved} units but still needs only ${r.quantity}`,
        details: r,
      })),
    ];
  },
};
