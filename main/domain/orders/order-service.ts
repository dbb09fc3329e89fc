import type { OrderStatus } from '../../../shared/api/orders';
import { AppError, conflict, notFound } from '../../../shared/errors';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import type { Core } from '../../core';
import { allocationSnapshot } from '../inventory/availability';
import type { CatalogService } from '../catalog/catalog-service';
import { releaseReservations, reserveStock } from '../inventory/reservations';
import { WOO_PRODUCT_KEY_PREFIX, type IncomingOrder, type IncomingRefund } from './intake/index';
import { applyStoreChange, type ChannelUpdatePort } from './channel-updates';
import { canTransition, chooseFulfilmentLocation, ORDER_STATE_INFO, promisedDate, type AllocationDecision, type OrderState } from './logic/index';
import type { ChannelService } from './channel-service';
import { appendOrderEvent, intakeEvents } from './order-history';
import { writeOrderTags } from './order-tags';
import { shopCalendar } from '../calendar/shop-calendar';
import type { AddressDto } from '../../../shared/api/orders';
import { ADDRESS_EDITABLE, ADDRESS_HOLD_PREFIX, addressProblem, oneLineAddress } from './address-check';

export type IngestOutcome = 'created' | 'duplicate' | 'updated' | 'cancelled';
export interface IngestResult {
  outcome: IngestOutcome;
  orderId: number;
  status: OrderStatus;
}

interface LineRow {
  id: number;
  sku: string;
  product_id: number | null;
  quantity: number;
  line_no: number;
  /** The catalog product's own SKU and kit flag (null for an unknown SKU). */
  product_sku: string | null;
  is_kit: number | null;
}

/** What allocating a stored order (a backorder, a released hold) needs of it. */
type AllocatableOrder = Pick<SalesOrderRow, 'id' | 'channel_id' | 'number' | 'status' | 'ship_to'>;

const MAX_ALLOCATION_ATTEMPTS = 3;
const STOCK_TAKEN_MEANWHILE = 'stock was taken by other orders while allocating';

/** What allocation needs of a line: the catalog product behind it. */
type PlannedLine = Pick<LineRow, 'product_id' | 'product_sku' | 'is_kit' | 'quantity'>;
/** A line about to be inserted. */
type NewLine = Omit<LineRow, 'id'>;

/** One unit of demand: a plain line, or one component of a kit line. */
interface Demand {
  key: string;
  lineIndex: number;
  productId: number;
  sku: string;
  quantity: number;
}

interface AllocationPlan {
  decision: AllocationDecision;
  reservations: { lineIndex: number; productId: number; warehouseId: number; quantity: number }[];
  /** Line index -> the warehouse that ships it. */
  warehouseByLine: Map<number, number>;
  /** The one warehouse that ships everything, or null for a split or a backorder. */
  singleWarehouseId: number | null;
}

interface NewOrderState {
  status: OrderStatus;
  allocation: string | null;
  warehouseId: number | null;
  holdReason: string | null;
  /** Line index -> warehouse. */
  lineWarehouse: Map<number, number>;
  intakeEvents: string;
}

/** Thrown inside ingest's transaction when a reservation fails after the decision; the attempt is rolled back and retried. */
class StockMovedMeanwhile extends Error {}

/**
 * "Unknown SKU …": the prefix fixLine looks for to release the hold once every line is mapped. A
 * WooCommerce line that had no SKU at all carries a stand-in key (wooCommerceProductKey), named here
 * with the product and variation ids it came from so the owner can find it in WooCommerce.
 */
function unknownSkuReason(unknown: readonly { sku: string; line_no: number; name?: string | null }[]): string {
  return `Unknown SKU ${unknown.map((u) => `${u.sku} (line ${u.line_no}${describeStandInSku(u.sku, u.name)})`).join(', ')}`;
}

function describeStandInSku(sku: string, name: string | null | undefined): string {
  if (!sku.startsWith(WOO_PRODUCT_KEY_PREFIX)) return '';
  const [product, variation] = sku.slice(WOO_PRODUCT_KEY_PREFIX.length).split(':');
  const named = name ? ` "${name}"` : '';
  if (product === 'line') return `${named}: no SKU in WooCommerce and its product was deleted`;
  return `${named}: no SKU in WooCommerce, product ${product}${variation ? ` variation ${variation}` : ''} — map it under Settings → Store connections`;
}

/** The decision as stored on the order (the "why this warehouse" of the order screen). */
function allocationSummary(decision: AllocationDecision): string {
  return JSON.stringify({
    kind: decision.kind,
    explanation: decision.explanation,
    warehouses: decision.warehouseReasons.map((r) => ({ warehouse: r.warehouseCode, chosen: r.chosen, reason: r.reason })),
  });
}

/**
 * Orders: idempotent intake, the state machine, and allocation with oversell-proof reservations.
 * Every public method is one unit of work in one transaction (a savepoint when nested, e.g. in
 * the flash-sale group commit).
 */
export class OrderService {
  constructor(
    private readonly core: Core,
    private readonly catalog: CatalogService,
    private readonly channels: ChannelService,
  ) {}

  private today(): string {
    return shopCalendar(this.core).today();
  }

  row(id: number): SalesOrderRow {
    const row = this.core.store.raw<SalesOrderRow>('select * from sales_order where id = ?', id)[0];
    if (!row) throw notFound(`Order ${id}`);
    return row;
  }

  /**
   * Takes one order from a channel. Idempotent by (channel, external id): a redelivered webhook,
   * a re-imported file or a double click returns the existing order instead of making a second.
   *
   * The allocation is decided before the order row is written, so a new order is inserted in its
   * final state (allocated, backordered, on hold or cancelled) with its history in one statement:
   * this runs once per order in a flash sale, and every extra write is another index update.
   */
  ingest(channel: ChannelRow, incoming: IncomingOrder, actor: string, options: { applyStoreChanges?: boolean } = {}): IngestResult {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.core.store.tx(() => this.ingestOnce(channel, incoming, actor, attempt < MAX_ALLOCATION_ATTEMPTS, options.applyStoreChanges ?? true));
      } catch (error) {
        // The transaction (or savepoint) is rolled back: nothing of this attempt remains.
        if (error instanceof StockMovedMeanwhile && attempt < MAX_ALLOCATION_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private ingestOnce(channel: ChannelRow, incoming: IncomingOrder, actor: string, mayAllocate: boolean, applyStoreChanges: boolean): IngestResult {
    const { store } = this.core;
    const existing = store.raw<{ id: number; status: OrderStatus }>('select id, status from sales_order where channel_id = ? and external_id = ?', channel.id, incoming.externalId)[0];
    // An order file read again is an idempotent re-import, not news from the store: the order stays as it is.
    if (existing && !applyStoreChanges) return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
    if (existing) return applyStoreChange(this.core, this.port, channel, existing.id, { incoming, refunds: incoming.refunds ?? [] }, actor);

    const lines = incoming.lines.map((l, i): NewLine => {
      const product = this.resolveSku(channel.name, l.sku);
      return { sku: l.sku, product_id: product?.id ?? null, quantity: l.quantity, line_no: i + 1, product_sku: product?.sku ?? null, is_kit: product?.is_kit ?? null };
    });
    // One clock reading for the whole unit of work: the order, its history and its day.
    const at = this.core.clock.now().toISOString();
    const today = at.slice(0, 10);
    let to: 'allocated' | 'backordered' | 'on_hold' | 'cancelled';
    let reason: string;
    let plan: AllocationPlan | null = null;
    let holdReason: string | null = null;
    if (incoming.event === 'cancelled' || incoming.lines.length === 0) {
      // A cancellation for an order we never saw (or one with every line removed or refunded): keep it, cancelled, so a late "create" stays a duplicate.
      to = 'cancelled';
      reason = 'cancelled by the channel';
    } else if (lines.some((l) => l.product_id === null)) {
      to = 'on_hold';
      reason = holdReason = unknownSkuReason(lines.filter((l) => l.product_id === null).map((l) => ({ ...l, name: incoming.lines[l.line_no - 1].name })));
    } else if ((holdReason = addressProblem(incoming.shipTo))) {
      // Nothing is reserved for an order no carrier can deliver: the stock stays sellable.
      to = 'on_hold';
      reason = holdReason;
    } else if (mayAllocate) {
      plan = this.plan(lines, channel, incoming.shipTo ?? null, today);
      to = plan.decision.kind === 'backorder' ? 'backordered' : 'allocated';
      reason = plan.decision.explanation;
    } else {
      to = 'backordered';
      reason = STOCK_TAKEN_MEANWHILE;
    }
    if (!canTransition('new', to)) throw new AppError('CONFLICT', `A new order cannot go to ${to}`, { from: 'new', to });

    const lineWarehouse = plan && to === 'allocated' ? plan.warehouseByLine : new Map<number, number>();
    const { orderId, lineIds } = this.insertOrder(channel, incoming, lines, at, {
      status: to,
      allocation: plan ? allocationSummary(plan.decision) : null,
      warehouseId: plan && to === 'allocated' ? plan.singleWarehouseId : null,
      holdReason,
      lineWarehouse,
      // Its history's first two entries, written with the row (order-history.ts).
      intakeEvents: intakeEvents(actor, `received from ${channel.name}`, to, reason),
    });
    if (plan && to === 'allocated' && !this.reservePlan(plan, lineIds, today)) throw new StockMovedMeanwhile();
    this.core.events.publish('orders.changed', { id: orderId, status: to });
    return { outcome: to === 'cancelled' ? 'cancelled' : 'created', orderId, status: to };
  }

  /**
   * The channel deleted an order (WooCommerce order.deleted carries only its id): cancels it and
   * releases its stock through the same path as a channel cancellation. Null when the order was never
   * received (nothing to cancel, and no data to keep); an order past cancelling is left as it is.
   */
  cancelByExternalId(channel: ChannelRow, externalId: string, reason: string, actor: string): IngestResult | null {
    return this.core.store.tx(() => {
      const existing = this.core.store.raw<{ id: number; status: OrderStatus }>('select id, status from sales_order where channel_id = ? and external_id = ?', channel.id, externalId)[0];
      if (!existing) return null;
      if (existing.status !== 'cancelled' && canTransition(existing.status, 'cancelled')) {
        this.cancel(existing.id, reason, actor);
        return { outcome: 'cancelled', orderId: existing.id, status: 'cancelled' };
      }
      return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
    });
  }

  /**
   * A refund made in the store, on its own (Shopify refunds/create). Null when the order was never
   * received. Applied like the refund in an order update, once per refund id (channel-updates.ts).
   */
  applyStoreRefund(channel: ChannelRow, externalOrderId: string, refund: IncomingRefund, actor: string): IngestResult | null {
    return this.core.store.tx(() => {
      const existing = this.core.store.raw<{ id: number }>('select id from sales_order where channel_id = ? and external_id = ?', channel.id, externalOrderId)[0];
      if (!existing) return null;
      return applyStoreChange(this.core, this.port, channel, existing.id, { incoming: null, refunds: [refund] }, actor);
    });
  }

  /** What channel-updates.ts needs of this service, inside the caller's transaction. */
  private readonly port: ChannelUpdatePort = {
    row: (id) => this.row(id),
    resolveSku: (channelName, sku) => this.resolveSku(channelName, sku),
    recordEvent: (orderId, from, to, actor, reason) => this.recordEvent(orderId, from, to, actor, reason),
    hold: (orderId, reason, actor) => this.hold(orderId, reason, actor),
    cancel: (orderId, reason, actor) => this.cancel(orderId, reason, actor),
    recheckAddress: (orderId, actor) => this.recheckAddress(orderId, actor),
    reallocate: (order, channel, actor) => {
      this.releaseAll(order.id);
      const lines = this.core.store.raw<LineRow>(
        'select l.id, l.sku, l.product_id, l.quantity, l.line_no, p.sku as product_sku, p.is_kit from order_line l left join product p on p.id = l.product_id where l.order_id = ? order by l.line_no',
        order.id,
      );
      const unknown = lines.filter((l) => l.product_id === null);
      if (unknown.length > 0) {
        this.hold(order.id, unknownSkuReason(unknown), actor);
        return 'on_hold';
      }
      return this.allocateInTransaction(order, lines, channel, actor);
    },
  };

  private insertOrder(channel: ChannelRow, o: IncomingOrder, lines: NewLine[], now: string, state: NewOrderState): { orderId: number; lineIds: number[] } {
    const { store } = this.core;
    const subtotal = o.lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
    const discount = o.lines.reduce((s, l) => s + l.discountCents, 0);
    const tax = o.lines.reduce((s, l) => s + l.taxCents, 0);
    const calendar = shopCalendar(this.core);
    const promise = promisedDate(o.placedAt, calendar.promiseRule(this.channels.promiseDays(channel, o.shippingMethod)), calendar);
    const orderId = store.insert(
      `insert into sales_order (channel_id, external_id, number, status, customer_name, customer_email, customer_phone, ship_to, ship_postal_code, ship_country,
         currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, payment_status, shipping_method, tags, note, priority,
         placed_at, promised_date, raw_identifiers, allocation, warehouse_id, hold_reason, intake_events, created_at, updated_at)
       values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      channel.id,
      o.externalId,
      o.orderNumber,
      state.status,
      o.customer.name,
      o.customer.email,
      o.customer.phone,
      o.shipTo ? JSON.stringify(o.shipTo) : null,
      o.shipTo?.postalCode ?? '',
      o.shipTo?.countryCode ?? '',
      o.currency,
      subtotal,
      discount,
      tax,
      o.shippingChargedCents,
      subtotal - discount + tax + o.shippingChargedCents,
      o.paymentStatus,
      o.shippingMethod,
      o.tags.join(','),
      o.note,
      o.tags.some((t) => /^(urgent|priority|express)$/i.test(t)) ? 5 : 0,
      o.placedAt,
      promise,
      JSON.stringify(o.rawIdentifiers),
      state.allocation,
      state.warehouseId,
      state.holdReason,
      state.intakeEvents,
      now,
      now,
    );
    writeOrderTags(store, orderId, o.tags);
    const lineIds = o.lines.map((l, i) =>
      store.insert(
        'insert into order_line (order_id, line_no, external_line_id, sku, product_id, name, quantity, unit_price_cents, discount_cents, tax_cents, warehouse_id) values (?,?,?,?,?,?,?,?,?,?,?)',
        orderId,
        i + 1,
        l.externalLineId,
        l.sku,
        lines[i].product_id,
        l.name,
        l.quantity,
        l.unitPriceCents,
        l.discountCents,
        l.taxCents,
        state.lineWarehouse.get(i) ?? null,
      ),
    );
    return { orderId, lineIds };
  }

  /** The channel's own alias first (a storefront may use its own SKUs), then our SKU. */
  private resolveSku(channelName: string, sku: string): { id: number; sku: string; is_kit: number } | undefined {
    return this.core.store.raw<{ id: number; sku: string; is_kit: number }>(
      `select id, sku, is_kit from product where id = coalesce(
         (select product_id from sku_alias where channel = ? and alias = ? collate nocase),
         (select id from product where sku = ? collate nocase))`,
      channelName,
      sku,
      sku,
    )[0];
  }

  /** Unknown SKUs put the order on hold (never dropped); otherwise allocate. */
  private allocateOrHold(orderId: number, actor: string): OrderStatus {
    const unknown = this.core.store.raw<{ line_no: number; sku: string; name: string }>('select line_no, sku, name from order_line where order_id = ? and product_id is null order by line_no', orderId);
    if (unknown.length > 0) {
      this.hold(orderId, unknownSkuReason(unknown), actor);
      return 'on_hold';
    }
    return this.allocate(orderId, actor);
  }

  /**
   * Allocation: choose the warehouse (or split, or backorder) from a snapshot of available-to-sell,
   * then reserve with conditional updates. If a reservation fails because the stock went in the
   * meantime, everything taken is released and the decision is made again on a fresh snapshot.
   */
  allocate(orderId: number, actor: string): OrderStatus {
    const { store } = this.core;
    return store.tx(() => {
      const order = this.row(orderId);
      if (order.status !== 'new' && order.status !== 'backordered') throw conflict(`Order ${order.number} is ${order.status}; only new or backordered orders are allocated`);
      const lines = store.raw<LineRow>(
        'select l.id, l.sku, l.product_id, l.quantity, l.line_no, p.sku as product_sku, p.is_kit from order_line l left join product p on p.id = l.product_id where l.order_id = ? order by l.line_no',
        orderId,
      );
      return this.allocateInTransaction(order, lines, this.channels.row(order.channel_id), actor);
    });
  }

  /**
   * The allocation of an order already in the store (a backorder, a released hold); the caller
   * holds the transaction. If a reservation fails because the stock went in the meantime,
   * everything taken is released and the decision is made again on a fresh snapshot.
   */
  private allocateInTransaction(order: AllocatableOrder, lines: LineRow[], channel: ChannelRow, actor: string): OrderStatus {
    const { store } = this.core;
    if (lines.some((l) => l.product_id === null)) throw conflict(`Order ${order.number} has lines with unknown SKUs; fix them first`);
    const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as AddressDto) : null;
    const addressHold = addressProblem(shipTo);
    if (addressHold) {
      this.hold(order.id, addressHold, actor);
      return 'on_hold';
    }
    const lineIds = lines.map((l) => l.id);
    for (let attempt = 1; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt++) {
      const today = this.today();
      const plan = this.plan(lines, channel, shipTo, today);
      const { decision } = plan;
      if (decision.kind === 'backorder') {
        this.finishAllocation(order, 'backordered', decision, null, actor, decision.explanation);
        return 'backordered';
      }
      if (!this.reservePlan(plan, lineIds, today)) continue;
      if (plan.singleWarehouseId !== null) store.raw('update order_line set warehouse_id = ? where order_id = ?', plan.singleWarehouseId, order.id);
      else for (const [index, warehouseId] of plan.warehouseByLine) store.raw('update order_line set warehouse_id = ? where id = ?', warehouseId, lineIds[index]);
      this.finishAllocation(order, 'allocated', decision, plan.singleWarehouseId, actor, decision.explanation);
      return 'allocated';
    }
    this.finishAllocation(order, 'backordered', null, null, actor, STOCK_TAKEN_MEANWHILE);
    return 'backordered';
  }

  /**
   * The allocation decision for an order's lines, from one availability snapshot of every product
   * and warehouse involved (a pure read; nothing is reserved yet). Kits count as their components.
   */
  private plan(lines: readonly PlannedLine[], channel: ChannelRow, shipTo: { postalCode: string; countryCode: string } | null, today: string): AllocationPlan {
    const { store } = this.core;
    const demand: Demand[] = [];
    for (const [index, line] of lines.entries()) {
      if (!line.is_kit) {
        demand.push({ key: String(index), lineIndex: index, productId: line.product_id!, sku: line.product_sku!, quantity: line.quantity });
        continue;
      }
      const components = store.raw<{ component_id: number; quantity: number; sku: string }>(
        'select k.component_id, k.quantity, p.sku from kit_component k join product p on p.id = k.component_id where k.kit_id = ?',
        line.product_id,
      );
      for (const c of components) demand.push({ key: `${index}:${c.component_id}`, lineIndex: index, productId: c.component_id, sku: c.sku, quantity: c.quantity * line.quantity });
    }
    const { warehouses, available } = allocationSnapshot(this.core, [...new Set(demand.map((d) => d.productId))], today);
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
   * false, with nothing left reserved, when stock went since the snapshot.
   */
  private reservePlan(plan: AllocationPlan, lineIds: readonly number[], today: string): boolean {
    for (const r of plan.reservations) {
      if (reserveStock(this.core, r.productId, r.warehouseId, r.quantity, { type: 'order_line', id: lineIds[r.lineIndex] }, today)) continue;
      for (const id of lineIds) releaseReservations(this.core, { type: 'order_line', id });
      return false;
    }
    return true;
  }

  /**
   * Stores the decision (explanation and each warehouse's reason) and moves the order, in one
   * UPDATE that is conditional on the state the allocation started from.
   */
  private finishAllocation(order: AllocatableOrder, to: 'allocated' | 'backordered', decision: AllocationDecision | null, warehouseId: number | null, actor: string, reason: string): void {
    const from = order.status as OrderState;
    const allocation = decision ? allocationSummary(decision) : null;
    if (from === to) {
      // Still backordered: only the reason is new.
      this.core.store.raw('update sales_order set allocation = ?, warehouse_id = ? where id = ?', allocation, warehouseId, order.id);
      return;
    }
    if (!canTransition(from, to)) throw new AppError('CONFLICT', `Order ${order.number} cannot go from ${from} to ${to}`, { from, to });
    const moved = this.core.store.raw<{ id: number }>(
      'update sales_order set status = ?, updated_at = ?, allocation = ?, warehouse_id = ? where id = ? and status = ? returning id',
      to,
      this.core.clock.now().toISOString(),
      allocation,
      warehouseId,
      order.id,
      from,
    );
    if (moved.length !== 1) throw conflict(`Order ${order.number} changed state meanwhile; try again`);
    this.recordEvent(order.id, from, to, actor, reason);
  }

  /**
   * Moves an order along the state machine, recording who, when and why. `knownFrom` is for callers
   * that hold the order's current state in this transaction already; the update still checks it.
   */
  transition(orderId: number, to: OrderState, actor: string, reason: string, knownFrom?: OrderState): void {
    const { store, clock } = this.core;
    let from = knownFrom;
    if (from === undefined) {
      const order = store.raw<{ status: OrderState; number: string }>('select status, number from sales_order where id = ?', orderId)[0];
      if (!order) throw notFound(`Order ${orderId}`);
      from = order.status;
    }
    if (!canTransition(from, to)) {
      const number = store.raw<{ number: string }>('select number from sales_order where id = ?', orderId)[0]?.number ?? String(orderId);
      throw new AppError('CONFLICT', `Order ${number} cannot go from ${from} to ${to}`, { from, to });
    }
    const now = clock.now().toISOString();
    // Conditional on the state we checked, so a stale `knownFrom` can never skip the state machine.
    const moved = store.raw<{ id: number }>('update sales_order set status = ?, updated_at = ? where id = ? and status = ? returning id', to, now, orderId, from);
    if (moved.length !== 1) throw conflict(`Order ${orderId} changed state meanwhile; try again`);
    this.recordEvent(orderId, from, to, actor, reason);
  }

  private recordEvent(orderId: number, from: string | null, to: string, actor: string, reason: string): void {
    appendOrderEvent(this.core.store, orderId, this.core.clock.now().toISOString(), from, to, actor, reason);
    this.core.events.publish('orders.changed', { id: orderId, status: to });
  }

  private releaseAll(orderId: number): number {
    let released = 0;
    for (const line of this.core.store.raw<{ id: number; product_id: number | null }>('select id, product_id from order_line where order_id = ?', orderId)) {
      released += releaseReservations(this.core, { type: 'order_line', id: line.id });
    }
    this.core.store.raw('update order_line set warehouse_id = null where order_id = ?', orderId);
    if (released > 0) this.core.events.publish('stock.changed', { orderId });
    return released;
  }

  hold(orderId: number, reason: string, actor: string): void {
    this.core.store.tx(() => {
      this.transition(orderId, 'on_hold', actor, reason);
      this.releaseAll(orderId);
      this.core.store.raw('update sales_order set hold_reason = ?, warehouse_id = null where id = ?', reason, orderId);
    });
  }

  /** Releasing a hold sends the order back through allocation, because stock may have moved. */
  release(orderId: number, actor: string): OrderStatus {
    return this.core.store.tx(() => {
      const order = this.row(orderId);
      if (order.status !== 'on_hold') throw conflict(`Order ${order.number} is not on hold`);
      this.transition(orderId, 'new', actor, 'hold released');
      this.core.store.raw('update sales_order set hold_reason = null where id = ?', orderId);
      return this.allocateOrHold(orderId, actor);
    });
  }

  cancel(orderId: number, reason: string, actor: string): void {
    this.core.store.tx(() => {
      this.transition(orderId, 'cancelled', actor, reason);
      this.releaseAll(orderId);
    });
  }

  /** Generic move for the UI/owner; releases stock when leaving a stock-holding state for one that holds none. */
  move(orderId: number, to: OrderState, reason: string, actor: string): void {
    this.core.store.tx(() => {
      const from = this.row(orderId).status as OrderState;
      if (to === 'cancelled') return this.cancel(orderId, reason, actor);
      if (to === 'on_hold') return this.hold(orderId, reason, actor);
      this.transition(orderId, to, actor, reason);
      if (ORDER_STATE_INFO[from].holdsStock && to === 'backordered') this.releaseAll(orderId);
      if (to === 'new') this.allocateOrHold(orderId, actor);
    });
  }

  /**
   * Changes the ship-to address (the console's edit, or the store's): recorded in the history with
   * the old and new address, then checked again. A failing address holds the order (releasing its
   * stock); a passing one releases an address hold, which allocates the order.
   */
  updateAddress(orderId: number, address: AddressDto, actor: string): OrderStatus {
    const { store } = this.core;
    return store.tx(() => {
      const order = this.row(orderId);
      if (!ADDRESS_EDITABLE.includes(order.status as OrderStatus)) throw conflict(`Order ${order.number} is ${order.status}; its address can no longer change`, { status: order.status });
      const before = order.ship_to ? oneLineAddress(JSON.parse(order.ship_to) as AddressDto) : 'no address';
      store.raw(
        'update sales_order set ship_to = ?, ship_postal_code = ?, ship_country = ?, updated_at = ? where id = ?',
        JSON.stringify(address),
        address.postalCode,
        address.countryCode,
        this.core.clock.now().toISOString(),
        orderId,
      );
      this.recordEvent(orderId, order.status, order.status, actor, `address changed: ${before} → ${oneLineAddress(address)}`);
      return this.recheckAddress(orderId, actor);
    });
  }

  /** After an address change: hold (or re-word the hold) when it fails, release an address hold when it passes. */
  recheckAddress(orderId: number, actor: string): OrderStatus {
    const order = this.row(orderId);
    const problem = addressProblem(order.ship_to ? (JSON.parse(order.ship_to) as AddressDto) : null);
    const heldForAddress = order.status === 'on_hold' && (order.hold_reason ?? '').startsWith(ADDRESS_HOLD_PREFIX);
    if (problem) {
      if (order.status === 'on_hold') {
        if (heldForAddress && order.hold_reason !== problem) {
          this.core.store.raw('update sales_order set hold_reason = ? where id = ?', problem, orderId);
          this.recordEvent(orderId, 'on_hold', 'on_hold', actor, problem);
        }
        return 'on_hold';
      }
      this.hold(orderId, problem, actor);
      return 'on_hold';
    }
    if (heldForAddress) return this.release(orderId, actor);
    return order.status as OrderStatus;
  }

  /** Points a line with an unknown SKU at a real product; remembers the alias for the channel. */
  fixLine(orderId: number, lineId: number, sku: string, rememberAlias: boolean, actor: string): OrderStatus {
    const { store } = this.core;
    return store.tx(() => {
      const order = this.row(orderId);
      const line = store.raw<{ sku: string; product_id: number | null }>('select sku, product_id from order_line where id = ? and order_id = ?', lineId, orderId)[0];
      if (!line) throw notFound(`Line ${lineId} of order ${order.number}`);
      const product = this.catalog.getRow({ sku });
      store.raw('update order_line set product_id = ? where id = ?', product.id, lineId);
      if (rememberAlias && line.sku.toUpperCase() !== product.sku.toUpperCase()) {
        const channel = this.channels.row(order.channel_id);
        store.raw('insert or replace into sku_alias (channel, alias, product_id) values (?,?,?)', channel.name, line.sku, product.id);
      }
      this.recordEvent(orderId, order.status, order.status, actor, `line ${lineId}: ${line.sku} is ${product.sku}`);
      const stillUnknown = store.raw('select 1 from order_line where order_id = ? and product_id is null', orderId).length > 0;
      if (order.status === 'on_hold' && !stillUnknown && order.hold_reason?.startsWith('Unknown SKU')) return this.release(orderId, actor);
      return this.row(orderId).status as OrderStatus;
    });
  }

  /** Backordered orders get stock as it arrives, earliest promise first. */
  releaseBackorders(actor: string, productIds?: number[]): { allocated: number; still: number } {
    const { store } = this.core;
    const filter = productIds?.length
      ? `and exists (select 1 from order_line l left join kit_component k on k.kit_id = l.product_id where l.order_id = o.id and (l.product_id in (${productIds.map(() => '?').join(',')}) or k.component_id in (${productIds.map(() => '?').join(',')})))`
      : '';
    const ids = store.raw<{ id: number }>(
      `select o.id from sales_order o where o.status = 'backordered' ${filter} order by o.promised_date, o.priority desc, o.id`,
      ...(productIds ?? []),
      ...(productIds ?? []),
    );
    let allocated = 0;
    for (const { id } of ids) {
      if (this.allocate(id, actor) === 'allocated') allocated++;
    }
    return { allocated, still: ids.length - allocated };
  }
}
