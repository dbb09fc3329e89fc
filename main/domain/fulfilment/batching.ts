/**
 * Pick batching: which orders go on one cart, which tote each order gets, and
 * the pick list in walking order.
 *
 * Rules:
 * - Orders are taken by promise date (earliest first), then priority (highest
 *   first), then id, so nothing promised earlier waits behind later work.
 * - Urgent orders (priority >= urgentPriority, or promised today or earlier)
 *   go alone on a cart, before everything else: they leave the floor fastest.
 * - Other orders are grouped by zone set (when groupByZone) and filled into
 *   carts of `cartCapacity` totes, one tote per order. The first open order
 *   seeds a cart; it is filled from the next `lookahead` orders with the same
 *   promise date, preferring those that add the fewest new aisles (so the cart
 *   walks fewer aisles), and otherwise with the next orders in sequence.
 * - Orders without lines are left out (nothing to pick).
 * - A line whose bin is not in the layout is kept, at the end of the pick
 *   list, with `located: false`, so nobody loses it.
 */
import { locateBin } from './layout';
import { planPickRoute, type RoutingMethod } from './route';
import type { RouteMethod, WarehouseLayout } from './types';

export interface PickOrderLine {
  lineId?: string;
  bin: string;
  sku: string;
  qty: number;
  lot?: string | null;
  /** Product name for the pick list; falls back to options.productNames, then the SKU. */
  name?: string;
}

export interface PickOrder {
  id: string;
  /** Higher is more important. */
  priority: number;
  /** Calendar date YYYY-MM-DD the customer was promised (ship-by). */
  promisedDate: string;
  /** Zones the order is picked from; derived from its bins when absent. */
  zones?: string[];
  lines: PickOrderLine[];
}

export interface BatchOptions {
  layout: WarehouseLayout;
  /** Today's date YYYY-MM-DD in the warehouse's time zone (from the app clock). */
  today: string;
  /** Totes (orders) per cart. */
  cartCapacity: number;
  /** Only batch orders whose zone sets are equal. Default true. */
  groupByZone?: boolean;
  /** Priority at or above which an order is urgent. Default 8. */
  urgentPriority?: number;
  /** Orders scanned when choosing the next order for a cart. Default 24. */
  lookahead?: number;
  routing?: RoutingMethod;
  productNames?: Record<string, string>;
  /** Batch ids are prefix + 3-digit sequence. Default "B". */
  idPrefix?: string;
}

export interface PickListLine {
  orderId: string;
  lineId: string | null;
  tote: number;
  bin: string;
  sku: string;
  name: string;
  qty: number;
  lot: string | null;
  /** 1-based stop in the route; lines in one bin share a stop. Null when unlocated. */
  stop: number | null;
  located: boolean;
}

export interface PickBatch {
  id: string;
  urgent: boolean;
  /** Zone set the batch was grouped by ("Z1+Z2"), or null when not grouped / unknown. */
  zoneKey: string | null;
  orders: { orderId: string; tote: number }[];
  picks: PickListLine[];
  routeLengthM: number;
  routeMethod: RouteMethod;
}

export function planPickBatches(orders: readonly PickOrder[], options: BatchOptions): PickBatch[] {
  if (!Number.isInteger(options.cartCapacity) || options.cartCapacity < 1) {
    throw new RangeError('cartCapacity must be a positive integer');
  }
  const urgentPriority = options.urgentPriority ?? 8;
  const lookahead = options.lookahead ?? 24;
  const groupByZone = options.groupByZone ?? true;

  const sorted = orders.filter((o) => o.lines.length > 0).sort(compareOrders);
  const isUrgent = (o: PickOrder) => o.priority >= urgentPriority || o.promisedDate <= options.today;
  const carts: { orders: PickOrder[]; urgent: boolean; zoneKey: string | null }[] = [];

  for (const order of sorted) {
    if (isUrgent(order)) carts.push({ orders: [order], urgent: true, zoneKey: zoneKeyOf(order, options.layout) });
  }
  const groups = new Map<string | null, PickOrder[]>();
  for (const order of sorted) {
    if (isUrgent(order)) continue;
    const key = groupByZone ? zoneKeyOf(order, options.layout) : null;
    const list = groups.get(key);
    if (list) list.push(order);
    else groups.set(key, [order]);
  }
  const regular: { orders: PickOrder[]; urgent: boolean; zoneKey: string | null }[] = [];
  for (const [zoneKey, pending] of groups) {
    for (const cartOrders of fillCarts(pending, options.cartCapacity, lookahead, options.layout)) {
      regular.push({ orders: cartOrders, urgent: false, zoneKey });
    }
  }
  // Carts from different zone groups interleave by their first order's place in the queue.
  regular.sort((a, b) => compareOrders(a.orders[0], b.orders[0]));
  carts.push(...regular);

  const prefix = options.idPrefix ?? 'B';
  return carts.map((cart, i) =>
    buildBatch(`${prefix}${String(i + 1).padStart(3, '0')}`, cart.orders, cart.urgent, cart.zoneKey, options),
  );
}

function compareOrders(a: PickOrder, b: PickOrder): number {
  if (a.promisedDate !== b.promisedDate) return a.promisedDate < b.promisedDate ? -1 : 1;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function zoneKeyOf(order: PickOrder, layout: WarehouseLayout): string | null {
  const zones = new Set<string>(order.zones ?? []);
  if (zones.size === 0) {
    for (const line of order.lines) {
      const zone = locateBin(layout, line.bin)?.zone;
      if (zone) zones.add(zone);
    }
  }
  return zones.size === 0 ? null : [...zones].sort().join('+');
}

function aislesOf(order: PickOrder, layout: WarehouseLayout): Set<number> {
  const aisles = new Set<number>();
  for (const line of order.lines) {
    const bin = locateBin(layout, line.bin);
    if (bin) aisles.add(bin.block * layout.aisles.length + bin.point.aisle!);
  }
  return aisles;
}

/** Seeded cart filling; `pending` is already in queue order. */
function fillCarts(pending: PickOrder[], capacity: number, lookahead: number, layout: WarehouseLayout): PickOrder[][] {
  const queue = pending.map((order) => ({ order, aisles: aislesOf(order, layout) }));
  const carts: PickOrder[][] = [];
  while (queue.length > 0) {
    const seed = queue.shift()!;
    const cart = [seed.order];
    const walked = new Set(seed.aisles);
    while (cart.length < capacity && queue.length > 0) {
      let pick = 0;
      let fewestNew = Infinity;
      for (let i = 0; i < Math.min(lookahead, queue.length); i++) {
        if (queue[i].order.promisedDate !== seed.order.promisedDate) break;
        let added = 0;
        for (const aisle of queue[i].aisles) if (!walked.has(aisle)) added++;
        if (added < fewestNew) {
          fewestNew = added;
          pick = i;
        }
      }
      const [chosen] = queue.splice(pick, 1);
      cart.push(chosen.order);
      for (const aisle of chosen.aisles) walked.add(aisle);
    }
    carts.push(cart);
  }
  return carts;
}

function buildBatch(
  id: string,
  orders: readonly PickOrder[],
  urgent: boolean,
  zoneKey: string | null,
  options: BatchOptions,
): PickBatch {
  const { layout } = options;
  const names = options.productNames ?? {};
  const lines: PickListLine[] = [];
  orders.forEach((order, i) => {
    for (const line of order.lines) {
      lines.push({
        orderId: order.id,
        lineId: line.lineId ?? null,
        tote: i + 1,
        bin: line.bin,
        sku: line.sku,
        name: line.name ?? (Object.hasOwn(names, line.sku) ? names[line.sku] : line.sku),
        qty: line.qty,
        lot: line.lot ?? null,
        stop: null,
        located: locateBin(layout, line.bin) !== undefined,
      });
    }
  });
  const located = lines.filter((l) => l.located);
  const route = planPickRoute(layout, located.map((l) => l.bin), options.routing ?? 'auto');

  const linesByBin = new Map<string, PickListLine[]>();
  for (const line of located) {
    const list = linesByBin.get(line.bin);
    if (list) list.push(line);
    else linesByBin.set(line.bin, [line]);
  }
  const picks: PickListLine[] = [];
  route.binOrder.forEach((bin, stopIndex) => {
    const atBin = linesByBin.get(bin)!.sort((a, b) => a.tote - b.tote);
    for (const line of atBin) picks.push({ ...line, stop: stopIndex + 1 });
  });
  picks.push(...lines.filter((l) => !l.located));

  return {
    id,
    urgent,
    zoneKey,
    orders: orders.map((o, i) => ({ orderId: o.id, tote: i + 1 })),
    picks,
    routeLengthM: route.lengthM,
    routeMethod: route.method,
  };
}
