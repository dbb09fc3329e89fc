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
    const orphaned = await store.all(
      store.kysely.selectFrom('reservation as r')
        .leftJoin('order_line as l', 'l.id', 'r.holder_id')
        .leftJoin('sales_order as o', 'o.id', 'l.order_id')
        .select(['r.id', 'r.holder_id', 'o.number', 'o.status', 'r.quantity'])
        .where('r.holder_type', '=', 'order_line')
        .where((eb) => eb.or([eb('o.id', 'is', null), eb('o.status', 'not in', HOLDING_STATES)])),
    );
    // A kit line's reservations are its components' (more units than the line's own quantity).
    const excessive = await store.all(
      store.kysely.selectFrom('reservation as r')
        .innerJoin('order_line as l', 'l.id', 'r.holder_id')
        .innerJoin('sales_order as o', 'o.id', 'l.order_id')
        .leftJoin('kit_component as k', 'k.kit_id', 'l.product_id')
        .select((eb) => ['l.id as line_id', 'o.number', eb.fn.sum<number>('r.quantity').as('reserved'), 'l.quantity'])
        .where('r.holder_type', '=', 'order_line')
        .where('k.kit_id', 'is', null)
        .groupBy(['l.id', 'o.number', 'l.quantity', 'l.shipped_qty'])
        .having((eb) => eb(eb.fn.sum('r.quantity'), '>', eb(eb.ref('l.quantity'), '-', eb.ref('l.shipped_qty')))),
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
