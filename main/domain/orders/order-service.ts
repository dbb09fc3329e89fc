import type { OrderStatus } from '../../../shared/api/orders';
import { AppError, conflict, notFound } from '../../../shared/errors';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import type { Core } from '../../services';
import { availableIn } from '../inventory/availability';
import type { CatalogService } from '../inventory/catalog-service';
import { releaseReservations, reserveStock } from '../inventory/reservations';
import type { IncomingOrder } from './intake/index';
import { canTransition, chooseFulfillmentLocation, ORDER_STATE_INFO, promisedDate, type AllocationDecision, type OrderState } from './logic/index';
import type { ChannelService } from './channel-service';

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

      const orderId = this.insertOrder(channel, incoming);
      this.recordEvent(orderId, null, 'new', actor, `received from ${channel.name}`);
      if (incoming.event === 'cancelled') {
        // A cancellation for an order we never saw: keep it, cancelled, so a late "create" stays a duplicate.
        this.transition(orderId, 'cancelled', actor, 'cancelled by the channel');
        return { outcome: 'cancelled', orderId, status: 'cancelled' };
      }
      const status = this.allocateOrHold(orderId, actor);
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

  private insertOrder(channel: ChannelRow, o: IncomingOrder): number {
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
    o.lines.forEach((l, i) => {
      const productId = this.resolveSku(channel.name, l.sku);
      store.raw(
        'insert into order_line (order_id, line_no, external_line_id, sku, product_id, name, quantity, unit_price_cents, discount_cents, tax_cents) values (?,?,?,?,?,?,?,?,?,?)',
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
      );
    });
    return orderId;
  }

  /** The channel's own alias first (a storefront may use its own SKUs), then our SKU. */
  private resolveSku(channelName: string, sku: string): number | null {
    const { store } = this.core;
    return (
      store.raw<{ product_id: number }>('select product_id from sku_alias where channel = ? and alias = ? collate nocase', channelName, sku)[0]?.product_id ??
      store.raw<{ id: number }>('select id from product where sku = ? collate nocase', sku)[0]?.id ??
      null
    );
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
      const channel = this.channels.row(order.channel_id);
      const lines = store.raw<LineRow>('select id, sku, product_id, quantity, line_no from order_line where order_id = ? order by line_no', orderId);
      if (lines.some((l) => l.product_id === null)) throw conflict(`Order ${order.number} has lines with unknown SKUs; fix them first`);

      // Kits are allocated as their components; each component demand remembers its order line.
      const demand: { lineId: string; orderLineId: number; productId: number; sku: string; quantity: number }[] = [];
      for (const line of lines) {
        const components = store.raw<{ component_id: number; quantity: number; sku: string }>(
          'select k.component_id, k.quantity, p.sku from kit_component k join product p on p.id = k.component_id where k.kit_id = ?',
          line.product_id,
        );
        if (components.length === 0) {
          const sku = store.raw<{ sku: string }>('select sku from product where id = ?', line.product_id)[0].sku;
          demand.push({ lineId: String(line.id), orderLineId: line.id, productId: line.product_id!, sku, quantity: line.quantity });
        } else {
          for (const c of components) demand.push({ lineId: `${line.id}:${c.component_id}`, orderLineId: line.id, productId: c.component_id, sku: c.sku, quantity: c.quantity * line.quantity });
        }
      }
      const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as { postalCode: string; countryCode: string }) : null;
      const warehouses = store.raw<{ id: number; code: string; postal_code: string; country: string; latitude: number | null; longitude: number | null; cost_rank: number }>(
        'select id, code, postal_code, country, latitude, longitude, cost_rank from warehouse where active = 1 order by id',
      );
      const productIds = [...new Set(demand.map((d) => d.productId))];
      const skuToProduct = new Map(demand.map((d) => [d.sku, d.productId]));

      for (let attempt = 1; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt++) {
        const today = this.today();
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
            availableBySku: Object.fromEntries(productIds.map((pid) => [store.raw<{ sku: string }>('select sku from product where id = ?', pid)[0].sku, availableIn(this.core, pid, w.code, today)])),
          })),
          destination: { postalCode: shipTo?.postalCode ?? '', countryCode: shipTo?.countryCode ?? warehouses[0]?.country ?? 'US' },
          allowSplit: channel.allow_split === 1,
        });
        if (decision.kind === 'backorder') {
          this.saveAllocation(orderId, decision, null);
          if (order.status !== 'backordered') this.transition(orderId, 'backordered', actor, decision.explanation);
          return 'backordered';
        }
        const byCode = new Map(warehouses.map((w) => [w.code, w.id]));
        const orderLineByDemand = new Map(demand.map((d) => [d.lineId, d.orderLineId]));
        let ok = true;
        for (const a of decision.assignments) {
          const slices = reserveStock(this.core, skuToProduct.get(a.sku)!, byCode.get(a.warehouseCode)!, a.quantity, { type: 'order_line', id: orderLineByDemand.get(a.lineId)! }, today);
          if (!slices) {
            ok = false;
            break;
          }
          store.raw('update order_line set warehouse_id = ? where id = ?', byCode.get(a.warehouseCode), orderLineByDemand.get(a.lineId));
        }
        if (!ok) {
          // Someone else took the stock between snapshot and reservation: undo and decide again.
          for (const line of lines) releaseReservations(this.core, { type: 'order_line', id: line.id });
          continue;
        }
        this.saveAllocation(orderId, decision, decision.kind === 'single' ? byCode.get(decision.warehouseCodes[0])! : null);
        this.transition(orderId, 'allocated', actor, decision.explanation);
        return 'allocated';
      }
      this.saveAllocation(orderId, null, null);
      if (order.status !== 'backordered') this.transition(orderId, 'backordered', actor, 'stock was taken by other orders while allocating');
      return 'backordered';
    });
  }

  private saveAllocation(orderId: number, decision: AllocationDecision | null, warehouseId: number | null): void {
    const summary = decision && {
      kind: decision.kind,
      explanation: decision.explanation,
      warehouses: decision.warehouseReasons.map((r) => ({ warehouse: r.warehouseCode, chosen: r.chosen, reason: r.reason })),
    };
    this.core.store.raw('update sales_order set allocation = ?, warehouse_id = ? where id = ?', summary ? JSON.stringify(summary) : null, warehouseId, orderId);
  }

  /** Moves an order along the state machine, recording who, when and why. */
  transition(orderId: number, to: OrderState, actor: string, reason: string): void {
    const { store, clock } = this.core;
    const order = store.raw<{ status: OrderState; number: string }>('select status, number from sales_order where id = ?', orderId)[0];
    if (!order) throw notFound(`Order ${orderId}`);
    if (!canTransition(order.status, to)) {
      throw new AppError('CONFLICT', `Order ${order.number} cannot go from ${order.status} to ${to}`, { from: order.status, to });
    }
    const now = clock.now().toISOString();
    store.raw('update sales_order set status = ?, updated_at = ? where id = ?', to, now, orderId);
    this.recordEvent(orderId, order.status, to, actor, reason);
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
