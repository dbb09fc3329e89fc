import type { OrderStatus } from '../../../shared/api/orders';
import { AppError, conflict, notFound } from '../../../shared/errors';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import type { Core } from '../../services';
import { availabilityMatrix } from '../inventory/availability';
import type { CatalogService } from '../inventory/catalog-service';
import { releaseReservations, reserveStock } from '../inventory/reservations';
import type { IncomingOrder } from './intake/index';
import { canTransition, chooseFulfillmentLocation, ORDER_STATE_INFO, promisedDate, type AllocationDecision, type OrderState } from './logic/index';
import type { ChannelService } from './channel-service';
import { replaceOrderTags, writeOrderTags } from './order-tags';

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

/** What allocation needs of an order; ingest passes what it just inserted instead of reading it back. */
type AllocatableOrder = Pick<SalesOrderRow, 'id' | 'channel_id' | 'number' | 'status' | 'ship_to'>;

interface Warehouse {
  id: number;
  code: string;
  postal_code: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  cost_rank: number;
}

const MAX_ALLOCATION_ATTEMPTS = 3;

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
    return this.core.clock.now().toISOString().slice(0, 10);
  }

  row(id: number): SalesOrderRow {
    const row = this.core.store.raw<SalesOrderRow>('select * from sales_order where id = ?', id)[0];
    if (!row) throw notFound(`Order ${id}`);
    return row;
  }

  /**
   * Takes one order from a channel. Idempotent by (channel, external id): a redelivered webhook,
   * a re-imported file or a double click returns the existing order instead of making a second.
   */
  ingest(channel: ChannelRow, incoming: IncomingOrder, actor: string): IngestResult {
    const { store } = this.core;
    return store.tx(() => {
      const existing = store.raw<{ id: number; status: OrderStatus }>('select id, status from sales_order where channel_id = ? and external_id = ?', channel.id, incoming.externalId)[0];
      if (existing) return this.applyChannelUpdate(existing, incoming, actor);

      const { orderId, lines } = this.insertOrder(channel, incoming);
      this.recordEvent(orderId, null, 'new', actor, `received from ${channel.name}`);
      if (incoming.event === 'cancelled') {
        // A cancellation for an order we never saw: keep it, cancelled, so a late "create" stays a duplicate.
        this.transition(orderId, 'cancelled', actor, 'cancelled by the channel');
        return { outcome: 'cancelled', orderId, status: 'cancelled' };
      }
      if (lines.some((l) => l.product_id === null)) return { outcome: 'created', orderId, status: this.allocateOrHold(orderId, actor) };
      const order: AllocatableOrder = { id: orderId, channel_id: channel.id, number: incoming.orderNumber, status: 'new', ship_to: incoming.shipTo ? JSON.stringify(incoming.shipTo) : null };
      const status = this.allocateInTransaction(order, lines, channel, actor);
      return { outcome: 'created', orderId, status };
    });
  }

  private applyChannelUpdate(existing: { id: number; status: OrderStatus }, incoming: IncomingOrder, actor: string): IngestResult {
    if (incoming.event === 'cancelled') {
      if (existing.status !== 'cancelled' && canTransition(existing.status, 'cancelled')) {
        this.cancel(existing.id, 'cancelled by the channel', actor);
        return { outcome: 'cancelled', orderId: existing.id, status: 'cancelled' };
      }
      return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
    }
    if (incoming.event === 'updated') {
      // Header facts may change at the channel; lines of an order in fulfilment do not.
      replaceOrderTags(this.core.store, existing.id, incoming.tags); // before the UPDATE: reads the previous tags
      this.core.store.raw(
        'update sales_order set payment_status = ?, tags = ?, note = ?, updated_at = ? where id = ?',
        incoming.paymentStatus,
        incoming.tags.join(','),
        incoming.note,
        this.core.clock.now().toISOString(),
        existing.id,
      );
      this.core.events.publish('orders.changed', { id: existing.id, status: existing.status });
      return { outcome: 'updated', orderId: existing.id, status: existing.status };
    }
    return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
  }

  private insertOrder(channel: ChannelRow, o: IncomingOrder): { orderId: number; lines: LineRow[] } {
    const { store, clock } = this.core;
    const now = clock.now().toISOString();
    const subtotal = o.lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
    const discount = o.lines.reduce((s, l) => s + l.discountCents, 0);
    const tax = o.lines.reduce((s, l) => s + l.taxCents, 0);
    const promise = promisedDate(o.placedAt, { businessDays: this.channels.promiseDays(channel, o.shippingMethod) });
    const orderId = store.raw<{ id: number }>(
      `insert into sales_order (channel_id, external_id, number, status, customer_name, customer_email, customer_phone, ship_to, ship_postal_code, ship_country,
         currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, payment_status, shipping_method, tags, note, priority,
         placed_at, promised_date, raw_identifiers, created_at, updated_at)
       values (?,?,?,'new',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id`,
      channel.id,
      o.externalId,
      o.orderNumber,
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
      now,
      now,
    )[0].id;
    writeOrderTags(store, orderId, o.tags);
    const lines = o.lines.map((l, i): LineRow => {
      const product = this.resolveSku(channel.name, l.sku);
      const productId = product?.id ?? null;
      const lineId = store.raw<{ id: number }>(
        'insert into order_line (order_id, line_no, external_line_id, sku, product_id, name, quantity, unit_price_cents, discount_cents, tax_cents) values (?,?,?,?,?,?,?,?,?,?) returning id',
        orderId,
        i + 1,
        l.externalLineId,
        l.sku,
        productId,
        l.name,
        l.quantity,
        l.unitPriceCents,
        l.discountCents,
        l.taxCents,
      )[0].id;
      return { id: lineId, sku: l.sku, product_id: productId, quantity: l.quantity, line_no: i + 1, product_sku: product?.sku ?? null, is_kit: product?.is_kit ?? null };
    });
    return { orderId, lines };
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
    const unknown = this.core.store.raw<{ line_no: number; sku: string }>('select line_no, sku from order_line where order_id = ? and product_id is null order by line_no', orderId);
    if (unknown.length > 0) {
      const reason = `Unknown SKU ${unknown.map((u) => `${u.sku} (line ${u.line_no})`).join(', ')}`;
      this.hold(orderId, reason, actor);
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
   * The allocation itself; the caller holds the transaction (ingest's, or allocate's). Reads are
   * batched (one availability snapshot for every product and warehouse of the order) because this
   * runs once per order in a flash sale.
   */
  private allocateInTransaction(order: AllocatableOrder, lines: LineRow[], channel: ChannelRow, actor: string): OrderStatus {
    const { store } = this.core;
    const orderId = order.id;
    if (lines.some((l) => l.product_id === null)) throw conflict(`Order ${order.number} has lines with unknown SKUs; fix them first`);

    // Kits are allocated as their components; each component demand remembers its order line.
    const demand: { lineId: string; orderLineId: number; productId: number; sku: string; quantity: number }[] = [];
    for (const line of lines) {
      if (!line.is_kit) {
        demand.push({ lineId: String(line.id), orderLineId: line.id, productId: line.product_id!, sku: line.product_sku!, quantity: line.quantity });
        continue;
      }
      const components = store.raw<{ component_id: number; quantity: number; sku: string }>(
        'select k.component_id, k.quantity, p.sku from kit_component k join product p on p.id = k.component_id where k.kit_id = ?',
        line.product_id,
      );
      for (const c of components) demand.push({ lineId: `${line.id}:${c.component_id}`, orderLineId: line.id, productId: c.component_id, sku: c.sku, quantity: c.quantity * line.quantity });
    }
    const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as { postalCode: string; countryCode: string }) : null;
    const warehouses = store.raw<Warehouse>('select id, code, postal_code, country, latitude, longitude, cost_rank from warehouse where active = 1 order by id');
    const productIds = [...new Set(demand.map((d) => d.productId))];
    const skuToProduct = new Map(demand.map((d) => [d.sku, d.productId]));
    const skuOf = new Map(demand.map((d) => [d.productId, d.sku]));
    const byCode = new Map(warehouses.map((w) => [w.code, w.id]));
    const orderLineByDemand = new Map(demand.map((d) => [d.lineId, d.orderLineId]));

    for (let attempt = 1; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt++) {
      const today = this.today();
      const available = availabilityMatrix(this.core, productIds, today);
      const decision = chooseFulfillmentLocation({
        lines: demand.map((d) => ({ lineId: d.lineId, sku: d.sku, quantity: d.quantity })),
        warehouses: warehouses.map((w) => ({
          code: w.code,
          postalCode: w.postal_code,
          countryCode: w.country,
          latitude: w.latitude,
          longitude: w.longitude,
          // The channel's preferred warehouse wins ties; cost rank orders the rest.
          costCents: w.cost_rank * 100 + (w.id === channel.default_warehouse_id ? 0 : 1),
          availableBySku: Object.fromEntries(productIds.map((pid) => [skuOf.get(pid)!, available.get(pid)?.get(w.id) ?? 0])),
        })),
        destination: { postalCode: shipTo?.postalCode ?? '', countryCode: shipTo?.countryCode ?? warehouses[0]?.country ?? 'US' },
        allowSplit: channel.allow_split === 1,
      });
      if (decision.kind === 'backorder') {
        this.finishAllocation(order, 'backordered', decision, null, actor, decision.explanation);
        return 'backordered';
      }
      let ok = true;
      const lineWarehouse = new Map<number, number>();
      for (const a of decision.assignments) {
        const warehouseId = byCode.get(a.warehouseCode)!;
        const orderLineId = orderLineByDemand.get(a.lineId)!;
        const slices = reserveStock(this.core, skuToProduct.get(a.sku)!, warehouseId, a.quantity, { type: 'order_line', id: orderLineId }, today);
        if (!slices) {
          ok = false;
          break;
        }
        lineWarehouse.set(orderLineId, warehouseId);
      }
      if (!ok) {
        // Someone else took the stock between snapshot and reservation: undo and decide again.
        for (const line of lines) releaseReservations(this.core, { type: 'order_line', id: line.id });
        continue;
      }
      const single = decision.kind === 'single' ? byCode.get(decision.warehouseCodes[0])! : null;
      if (single !== null && lineWarehouse.size === lines.length) store.raw('update order_line set warehouse_id = ? where order_id = ?', single, orderId);
      else for (const [lineId, warehouseId] of lineWarehouse) store.raw('update order_line set warehouse_id = ? where id = ?', warehouseId, lineId);
      this.finishAllocation(order, 'allocated', decision, single, actor, decision.explanation);
      return 'allocated';
    }
    this.finishAllocation(order, 'backordered', null, null, actor, 'stock was taken by other orders while allocating');
    return 'backordered';
  }

  /**
   * Stores the decision (explanation and each warehouse's reason) and moves the order, in one
   * UPDATE that is conditional on the state the allocation started from.
   */
  private finishAllocation(order: AllocatableOrder, to: 'allocated' | 'backordered', decision: AllocationDecision | null, warehouseId: number | null, actor: string, reason: string): void {
    const from = order.status as OrderState;
    const summary = decision && {
      kind: decision.kind,
      explanation: decision.explanation,
      warehouses: decision.warehouseReasons.map((r) => ({ warehouse: r.warehouseCode, chosen: r.chosen, reason: r.reason })),
    };
    const allocation = summary ? JSON.stringify(summary) : null;
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

  /** Moves an order along the state machine, recording who, when and why. */
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
    this.core.store.raw('insert into order_event (order_id, at, from_status, to_status, actor, reason) values (?,?,?,?,?,?)', orderId, this.core.clock.now().toISOString(), from, to, actor, reason);
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
