import type { AddressDto, OrderStatus } from '../../../shared/api/orders';
import { AppError, conflict } from '../../../shared/errors';
import type { Core } from '../../core';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import { shopCalendar } from '../calendar/shop-calendar';
import { allocationSnapshot, type AllocationSnapshot } from '../inventory/availability';
import { releaseReservations, reserveStock, reserveStockAndCommit } from '../inventory/reservations';
import { addressProblem } from './address-check';
import { canTransition, chooseFulfilmentLocation, type AllocationDecision, type OrderState } from './logic/index';
import { recordOrderEvent } from './order-history';

// Allocation: the decision (which warehouse, a split or a backorder) from one availability
// snapshot, then oversell-proof reservations with conditional updates. OrderService runs these
// inside its transactions.

export interface LineRow {
  id: number;
  sku: string;
  product_id: number | null;
  quantity: number;
  line_no: number;
  /** The catalog product's own SKU and kit flag (null for an unknown SKU). */
  product_sku: string | null;
  is_kit: number | null;
}

/** The lines of an order as allocation reads them, in line order (one order id parameter). */
export const ALLOCATION_LINES_SQL =
  'select l.id, l.sku, l.product_id, l.quantity, l.line_no, p.sku as product_sku, p.is_kit from order_line l left join product p on p.id = l.product_id where l.order_id = ? order by l.line_no';

/** What allocating a stored order (a backorder, a released hold) needs of it. */
export type AllocatableOrder = Pick<SalesOrderRow, 'id' | 'channel_id' | 'number' | 'status' | 'ship_to'>;

export const MAX_ALLOCATION_ATTEMPTS = 3;
export const STOCK_TAKEN_MEANWHILE = 'stock was taken by other orders while allocating';

/** What allocation needs of a line: the catalog product behind it. */
export type PlannedLine = Pick<LineRow, 'product_id' | 'product_sku' | 'is_kit' | 'quantity'>;

/** One unit of demand: a plain line, or one component of a kit line. */
interface Demand {
  key: string;
  lineIndex: number;
  productId: number;
  sku: string;
  quantity: number;
}

export interface AllocationPlan {
  decision: AllocationDecision;
  reservations: { lineIndex: number; productId: number; warehouseId: number; quantity: number }[];
  /** Line index -> the warehouse that ships it. */
  warehouseByLine: Map<number, number>;
  /** The one warehouse that ships everything, or null for a split or a backorder. */
  singleWarehouseId: number | null;
}

/** The decision as stored on the order (the "why this warehouse" of the order screen). */
export function allocationSummary(decision: AllocationDecision): string {
  return JSON.stringify({
    kind: decision.kind,
    explanation: decision.explanation,
    warehouses: decision.warehouseReasons.map((r) => ({ warehouse: r.warehouseCode, chosen: r.chosen, reason: r.reason })),
  });
}

/**
 * The allocation decision for an order's lines, from one availability snapshot of every product
 * and warehouse involved (a pure read; nothing is reserved yet). Kits count as their components.
 * `read` is a snapshot already read in the same transaction, used when it covers the products.
 */
export async function planAllocation(core: Core, lines: readonly PlannedLine[], channel: ChannelRow, shipTo: { postalCode: string; countryCode: string } | null, today: string, read: AllocationSnapshot | null = null): Promise<AllocationPlan> {
  const { store } = core;
  const demand: Demand[] = [];
  for (const [index, line] of lines.entries()) {
    if (!line.is_kit) {
      demand.push({ key: String(index), lineIndex: index, productId: line.product_id!, sku: line.product_sku!, quantity: line.quantity });
      continue;
    }
    const components = await store.raw<{ component_id: number; quantity: number; sku: string }>(
      'select k.component_id, k.quantity, p.sku from kit_component k join product p on p.id = k.component_id where k.kit_id = ?',
      line.product_id,
    );
    for (const c of components) demand.push({ key: `${index}:${c.component_id}`, lineIndex: index, productId: c.component_id, sku: c.sku, quantity: c.quantity * line.quantity });
  }
  const products = [...new Set(demand.map((d) => d.productId))];
  // `read`: a snapshot the caller already has (intake reads its first product's with the order look-up).
  const { warehouses, available } = products.length === 1 && read?.available.has(products[0]) ? read : await allocationSnapshot(core, products, today);
  const decision = chooseFulfilmentLocation({
    lines: demand.map((d) => ({ lineId: d.key, sku: d.sku, quantity: d.quantity })),
    warehouses: warehouses.map((w) => {
      const availableBySku: Record<string, number> = {};
      for (const d of demand) availableBySku[d.sku] = available.get(d.productId)?.get(w.id) ?? 0;
      return {
        code: w.code,
        postalCode: w.postal_code,
        countryCode: w.country,
        latitude: w.latitude,
        longitude: w.longitude,
        // The channel's preferred warehouse wins ties; cost rank orders the rest.
        costCents: w.cost_rank * 100 + (w.id === channel.default_warehouse_id ? 0 : 1),
        availableBySku,
      };
    }),
    destination: { postalCode: shipTo?.postalCode ?? '', countryCode: shipTo?.countryCode ?? warehouses[0]?.country ?? 'US' },
    allowSplit: channel.allow_split === 1,
  });
  const warehouseId = new Map(warehouses.map((w) => [w.code, w.id]));
  const demandByKey = new Map(demand.map((d) => [d.key, d]));
  const reservations = decision.assignments.map((a) => {
    const d = demandByKey.get(a.lineId)!;
    return { lineIndex: d.lineIndex, productId: d.productId, warehouseId: warehouseId.get(a.warehouseCode)!, quantity: a.quantity };
  });
  // A line split across warehouses (only its kit components can be) is filed under the last one.
  const warehouseByLine = new Map(reservations.map((r) => [r.lineIndex, r.warehouseId]));
  const singleWarehouseId = decision.kind === 'single' ? warehouseId.get(decision.warehouseCodes[0])! : null;
  return { decision, reservations, warehouseByLine, singleWarehouseId };
}

/**
 * Takes the plan's reservations with conditional updates, each held by its order line. Returns
 * false, with nothing left reserved, when stock went since the snapshot. `commitWithIt`: they are
 * the last statements of the caller's unit of work, and a single one may carry its COMMIT.
 */
export async function reservePlan(core: Core, plan: AllocationPlan, lineIds: readonly number[], today: string, commitWithIt = false): Promise<boolean> {
  // One reservation, the unit of work's last statement: on PostgreSQL it carries the COMMIT
  // (reserveStockAndCommit; a refusal rolls the whole unit of work back with ReservationRefused).
  if (commitWithIt && plan.reservations.length === 1) {
    const [r] = plan.reservations;
    if (await reserveStockAndCommit(core, r.productId, r.warehouseId, r.quantity, { type: 'order_line', id: lineIds[r.lineIndex] }, today)) return true;
  }
  for (const r of plan.reservations) {
    if (await reserveStock(core, r.productId, r.warehouseId, r.quantity, { type: 'order_line', id: lineIds[r.lineIndex] }, today)) continue;
    for (const id of lineIds) await releaseReservations(core, { type: 'order_line', id });
    return false;
  }
  return true;
}

/**
 * Stores the decision (explanation and each warehouse's reason) and moves the order, in one
 * UPDATE that is conditional on the state the allocation started from.
 */
export async function finishAllocation(core: Core, order: AllocatableOrder, to: 'allocated' | 'backordered', decision: AllocationDecision | null, warehouseId: number | null, actor: string, reason: string): Promise<void> {
  const from = order.status as OrderState;
  const allocation = decision ? allocationSummary(decision) : null;
  if (from === to) {
    // Still backordered: only the reason is new.
    await core.store.raw('update sales_order set allocation = ?, warehouse_id = ? where id = ?', allocation, warehouseId, order.id);
    return;
  }
  if (!canTransition(from, to)) throw new AppError('CONFLICT', `Order ${order.number} cannot go from ${from} to ${to}`, { from, to });
  const moved = await core.store.raw<{ id: number }>(
    'update sales_order set status = ?, updated_at = ?, allocation = ?, warehouse_id = ? where id = ? and status = ? returning id',
    to,
    core.clock.now().toISOString(),
    allocation,
    warehouseId,
    order.id,
    from,
  );
  if (moved.length !== 1) throw conflict(`Order ${order.number} changed state meanwhile; try again`);
  await recordOrderEvent(core, order.id, from, to, actor, reason);
}

/**
 * The allocation of an order already in the store (a backorder, a released hold); the caller
 * holds the transaction, and `hold` puts an order whose address fails on hold. If a reservation
 * fails because the stock went in the meantime, everything taken is released and the decision is
 * made again on a fresh snapshot.
 */
export async function allocateStoredOrder(core: Core, order: AllocatableOrder, lines: LineRow[], channel: ChannelRow, actor: string, hold: (orderId: number, reason: string, actor: string) => Promise<void>): Promise<OrderStatus> {
  const { store } = core;
  if (lines.some((l) => l.product_id === null)) throw conflict(`Order ${order.number} has lines with unknown SKUs; fix them first`);
  const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as AddressDto) : null;
  const addressHold = addressProblem(shipTo);
  if (addressHold) {
    await hold(order.id, addressHold, actor);
    return 'on_hold';
  }
  const lineIds = lines.map((l) => l.id);
  for (let attempt = 1; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt++) {
    const today = (await shopCalendar(core)).today();
    const plan = await planAllocation(core, lines, channel, shipTo, today);
    const { decision } = plan;
    if (decision.kind === 'backorder') {
      await finishAllocation(core, order, 'backordered', decision, null, actor, decision.explanation);
      return 'backordered';
    }
    if (!await reservePlan(core, plan, lineIds, today)) continue;
    if (plan.singleWarehouseId !== null) await store.raw('update order_line set warehouse_id = ? where order_id = ?', plan.singleWarehouseId, order.id);
    else for (const [index, warehouseId] of plan.warehouseByLine) await store.raw('update order_line set warehouse_id = ? where id = ?', warehouseId, lineIds[index]);
    await finishAllocation(core, order, 'allocated', decision, plan.singleWarehouseId, actor, decision.explanation);
    return 'allocated';
  }
  await finishAllocation(core, order, 'backordered', null, null, actor, STOCK_TAKEN_MEANWHILE);
  return 'backordered';
}
