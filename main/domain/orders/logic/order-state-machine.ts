/**
 * Order lifecycle as data. The table is the single source of truth: services call assertTransition
 * inside the order's transaction, and the UI reads ORDER_TRANSITIONS to decide which buttons to show,
 * so the two can never disagree.
 */

export const ORDER_STATES = [
  'new',
  'allocated',
  'backordered',
  'picking',
  'packed',
  'shipped',
  'partially_shipped',
  'delivered',
  'on_hold',
  'cancelled',
  'returned',
] as const;

export type OrderState = (typeof ORDER_STATES)[number];

export interface OrderStateInfo {
  label: string;
  /** No transition leaves a terminal state. */
  terminal: boolean;
  /** Stock is reserved or already picked for the order in this state (cancelling must release it). */
  holdsStock: boolean;
}

export const ORDER_STATE_INFO: Readonly<Record<OrderState, OrderStateInfo>> = {
  new: { label: 'New', terminal: false, holdsStock: false },
  allocated: { label: 'Allocated', terminal: false, holdsStock: true },
  backordered: { label: 'Backordered', terminal: false, holdsStock: false },
  picking: { label: 'Picking', terminal: false, holdsStock: true },
  packed: { label: 'Packed', terminal: false, holdsStock: true },
  shipped: { label: 'Shipped', terminal: false, holdsStock: false },
  partially_shipped: { label: 'Partially shipped', terminal: false, holdsStock: true },
  delivered: { label: 'Delivered', terminal: false, holdsStock: false },
  on_hold: { label: 'On hold', terminal: false, holdsStock: false },
  cancelled: { label: 'Cancelled', terminal: true, holdsStock: false },
  returned: { label: 'Returned', terminal: true, holdsStock: false },
};

/**
 * Allowed moves. Notes on the less obvious ones:
 * - allocated/picking -> backordered: a short pick or a count correction took the stock away.
 * - packed -> picking: the pack station found a wrong item and sent the order back.
 * - partially_shipped -> picking: the rest of the order became available (backorder release).
 * - on_hold -> new: a released hold re-enters allocation from the start, because stock may have moved.
 * - shipped/partially_shipped/delivered can no longer be cancelled: the parcel is gone; use returned.
 * - delivered is not terminal: a return can still arrive.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  new: ['allocated', 'backordered', 'on_hold', 'cancelled'],
  allocated: ['picking', 'backordered', 'new', 'on_hold', 'cancelled'],
  backordered: ['allocated', 'on_hold', 'cancelled'],
  picking: ['packed', 'backordered', 'allocated', 'on_hold', 'cancelled'],
  packed: ['shipped', 'partially_shipped', 'picking', 'on_hold', 'cancelled'],
  shipped: ['delivered', 'returned'],
  partially_shipped: ['shipped', 'picking', 'backordered', 'returned'],
  delivered: ['returned'],
  on_hold: ['new', 'cancelled'],
  cancelled: [],
  returned: [],
};

export class IllegalOrderTransitionError extends Error {
  constructor(
    readonly from: OrderState,
    readonly to: OrderState,
  ) {
    const allowed = ORDER_TRANSITIONS[from];
    super(
      `An order cannot go from "${from}" to "${to}". ` +
        (allowed.length ? `From "${from}" it can go to: ${allowed.join(', ')}.` : `"${from}" is final.`),
    );
    this.name = 'IllegalOrderTransitionError';
  }
}

export function isOrderState(value: string): value is OrderState {
  return (ORDER_STATES as readonly string[]).includes(value);
}

export function canTransition(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws IllegalOrderTransitionError naming both states (and the legal alternatives). */
export function assertTransition(from: OrderState, to: OrderState): void {
  if (!isOrderState(from) || !isOrderState(to)) {
    throw new Error(`Unknown order state in transition "${String(from)}" -> "${String(to)}"`);
  }
  if (!canTransition(from, to)) throw new IllegalOrderTransitionError(from, to);
}

/** Flat list for a UI diagram or an admin table: one row per allowed move. */
export function listOrderTransitions(): { from: OrderState; to: OrderState }[] {
  return ORDER_STATES.flatMap((from) => ORDER_TRANSITIONS[from].map((to) => ({ from, to })));
}
