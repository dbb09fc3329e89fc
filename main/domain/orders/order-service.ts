import { isUniqueViolation } from '../../store/store';
import type { AddressDto, OrderStatus } from '../../../shared/api/orders';
import { AppError, conflict, notFound } from '../../../shared/errors';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import type { Core } from '../../core';
import type { CatalogService } from '../catalog/catalog-service';
import { releaseReservations, ReservationRefused } from '../inventory/reservations';
import type { IncomingOrder, IncomingRefund } from './intake/index';
import { applyStoreChange, type ChannelUpdatePort } from './channel-updates';
import { canTransition, ORDER_STATE_INFO, type OrderState } from './logic/index';
import type { ChannelService } from './channel-service';
import { intakeEvents, recordOrderEvent } from './order-history';
import { ADDRESS_EDITABLE, ADDRESS_HOLD_PREFIX, addressProblem, oneLineAddress } from './address-check';
import {
  ALLOCATION_LINES_SQL,
  allocateStoredOrder,
  allocationSummary,
  MAX_ALLOCATION_ATTEMPTS,
  planAllocation,
  reservePlan,
  STOCK_TAKEN_MEANWHILE,
  type AllocatableOrder,
  type AllocationPlan,
  type LineRow,
} from './order-allocation';
import { insertOrder, resolveSku, storedOrderAndFirstLine, unknownSkuReason, type NewLine } from './order-intake-insert';

export type IngestOutcome = 'created' | 'duplicate' | 'updated' | 'cancelled';
export interface IngestResult {
  outcome: IngestOutcome;
  orderId: number;
  status: OrderStatus;
}

/** Thrown inside ingest's transaction when a reservation fails after the decision; the attempt is rolled back and retried. */
class StockMovedMeanwhile extends Error {}

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

  async row(id: number): Promise<SalesOrderRow> {
    const row = (await this.core.store.raw<SalesOrderRow>('select * from sales_order where id = ?', id))[0];
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
  async ingest(channel: ChannelRow, incoming: IncomingOrder, actor: string, options: { applyStoreChanges?: boolean } = {}): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.core.store.tx(() => this.ingestOnce(channel, incoming, actor, attempt < MAX_ALLOCATION_ATTEMPTS, options.applyStoreChanges ?? true, attempt === 1));
      } catch (error) {
        // The transaction (or savepoint) is rolled back: nothing of this attempt remains.
        if (error instanceof StockMovedMeanwhile && attempt < MAX_ALLOCATION_ATTEMPTS) continue;
        // The reservation that carried the COMMIT was refused: again, the usual way (which may backorder).
        if (error instanceof ReservationRefused) continue;
        // Another station server stored this very order (a store's retry sent to another site) while
        // this one was deciding: read again, and it is a duplicate (or an update) of the stored one.
        if (isUniqueViolation(error) && attempt < MAX_ALLOCATION_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /** `commitWithReservation`: the reservation may carry the COMMIT (PostgreSQL, first attempt; reservePlan). */
  private async ingestOnce(channel: ChannelRow, incoming: IncomingOrder, actor: string, mayAllocate: boolean, applyStoreChanges: boolean, commitWithReservation: boolean): Promise<IngestResult> {
    const { store } = this.core;
    // One clock reading for the whole unit of work: the order, its history and its day.
    const at = this.core.clock.now().toISOString();
    const today = at.slice(0, 10);
    const { existing, product: firstProduct, snapshot: firstSnapshot } = await storedOrderAndFirstLine(store, channel, incoming.externalId, incoming.lines[0]?.sku ?? '', today);
    // An order file read again is an idempotent re-import, not news from the store: the order stays as it is.
    if (existing && !applyStoreChanges) return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
    if (existing) return await applyStoreChange(this.core, this.port, channel, existing.id, { incoming, refunds: incoming.refunds ?? [] }, actor);

    // A plain loop, one after another (not mapInOrder's callback per line): this runs for every order.
    const lines: NewLine[] = [];
    for (let i = 0; i < incoming.lines.length; i++) {
      const l = incoming.lines[i];
      const product = i === 0 ? firstProduct : await resolveSku(store, channel.name, l.sku);
      lines.push({ sku: l.sku, product_id: product?.id ?? null, quantity: l.quantity, line_no: i + 1, product_sku: product?.sku ?? null, is_kit: product?.is_kit ?? null });
    }
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
      plan = await planAllocation(this.core, lines, channel, incoming.shipTo ?? null, today, firstSnapshot);
      to = plan.decision.kind === 'backorder' ? 'backordered' : 'allocated';
      reason = plan.decision.explanation;
    } else {
      to = 'backordered';
      reason = STOCK_TAKEN_MEANWHILE;
    }
    if (!canTransition('new', to)) throw new AppError('CONFLICT', `A new order cannot go to ${to}`, { from: 'new', to });

    const lineWarehouse = plan && to === 'allocated' ? plan.warehouseByLine : new Map<number, number>();
    const { orderId, lineIds } = await insertOrder(this.core, this.channels, channel, incoming, lines, at, {
      status: to,
      allocation: plan ? allocationSummary(plan.decision) : null,
      warehouseId: plan && to === 'allocated' ? plan.singleWarehouseId : null,
      holdReason,
      lineWarehouse,
      // Its history's first two entries, written with the row (order-history.ts).
      intakeEvents: intakeEvents(actor, `received from ${channel.name}`, to, reason),
    });
    // Nothing but events after the reservation: it may have carried the COMMIT.
    if (plan && to === 'allocated' && !await reservePlan(this.core, plan, lineIds, today, commitWithReservation)) throw new StockMovedMeanwhile();
    this.core.events.publish('orders.changed', { id: orderId, status: to });
    return { outcome: to === 'cancelled' ? 'cancelled' : 'created', orderId, status: to };
  }

  /**
   * The channel deleted an order (WooCommerce order.deleted carries only its id): cancels it and
   * releases its stock through the same path as a channel cancellation. Null when the order was never
   * received (nothing to cancel, and no data to keep); an order past cancelling is left as it is.
   */
  async cancelByExternalId(channel: ChannelRow, externalId: string, reason: string, actor: string): Promise<IngestResult | null> {
    return await this.core.store.tx(async () => {
      const existing = (await this.core.store.raw<{ id: number; status: OrderStatus }>('select id, status from sales_order where channel_id = ? and external_id = ?', channel.id, externalId))[0];
      if (!existing) return null;
      if (existing.status !== 'cancelled' && canTransition(existing.status, 'cancelled')) {
        await this.cancel(existing.id, reason, actor);
        return { outcome: 'cancelled', orderId: existing.id, status: 'cancelled' };
      }
      return { outcome: 'duplicate', orderId: existing.id, status: existing.status };
    });
  }

  /**
   * A refund made in the store, on its own (Shopify refunds/create). Null when the order was never
   * received. Applied like the refund in an order update, once per refund id (channel-updates.ts).
   */
  async applyStoreRefund(channel: ChannelRow, externalOrderId: string, refund: IncomingRefund, actor: string): Promise<IngestResult | null> {
    return await this.core.store.tx(async () => {
      const existing = (await this.core.store.raw<{ id: number }>('select id from sales_order where channel_id = ? and external_id = ?', channel.id, externalOrderId))[0];
      if (!existing) return null;
      return await applyStoreChange(this.core, this.port, channel, existing.id, { incoming: null, refunds: [refund] }, actor);
    });
  }

  /** What channel-updates.ts needs of this service, inside the caller's transaction. */
  private readonly port: ChannelUpdatePort = {
    row: async (id) => await this.row(id),
    resolveSku: async (channelName, sku) => await resolveSku(this.core.store, channelName, sku),
    recordEvent: async (orderId, from, to, actor, reason) => await this.recordEvent(orderId, from, to, actor, reason),
    hold: async (orderId, reason, actor) => await this.hold(orderId, reason, actor),
    cancel: async (orderId, reason, actor) => await this.cancel(orderId, reason, actor),
    recheckAddress: async (orderId, actor) => await this.recheckAddress(orderId, actor),
    reallocate: async (order, channel, actor) => {
      await this.releaseAll(order.id);
      const lines = await this.core.store.raw<LineRow>(ALLOCATION_LINES_SQL, order.id);
      const unknown = lines.filter((l) => l.product_id === null);
      if (unknown.length > 0) {
        await this.hold(order.id, unknownSkuReason(unknown), actor);
        return 'on_hold';
      }
      return await this.allocateStored(order, lines, channel, actor);
    },
  };

  /** Unknown SKUs put the order on hold (never dropped); otherwise allocate. */
  private async allocateOrHold(orderId: number, actor: string): Promise<OrderStatus> {
    const unknown = await this.core.store.all(
      this.core.store.kysely.selectFrom('order_line').select(['line_no', 'sku', 'name']).where('order_id', '=', orderId).where('product_id', 'is', null).orderBy('line_no'),
    );
    if (unknown.length > 0) {
      await this.hold(orderId, unknownSkuReason(unknown), actor);
      return 'on_hold';
    }
    return await this.allocate(orderId, actor);
  }

  /**
   * Allocation: choose the warehouse (or split, or backorder) from a snapshot of available-to-sell,
   * then reserve with conditional updates. If a reservation fails because the stock went in the
   * meantime, everything taken is released and the decision is made again on a fresh snapshot.
   */
  async allocate(orderId: number, actor: string): Promise<OrderStatus> {
    const { store } = this.core;
    return await store.tx(async () => {
      const order = await this.row(orderId);
      if (order.status !== 'new' && order.status !== 'backordered') throw conflict(`Order ${order.number} is ${order.status}; only new or backordered orders are allocated`);
      const lines = await store.raw<LineRow>(ALLOCATION_LINES_SQL, orderId);
      return await this.allocateStored(order, lines, await this.channels.row(order.channel_id), actor);
    });
  }

  /** Allocates a stored order inside the caller's transaction (order-allocation.ts). */
  private async allocateStored(order: AllocatableOrder, lines: LineRow[], channel: ChannelRow, actor: string): Promise<OrderStatus> {
    return await allocateStoredOrder(this.core, order, lines, channel, actor, async (id, reason, by) => await this.hold(id, reason, by));
  }

  /**
   * Moves an order along the state machine, recording who, when and why. `knownFrom` is for callers
   * that hold the order's current state in this transaction already; the update still checks it.
   */
  async transition(orderId: number, to: OrderState, actor: string, reason: string, knownFrom?: OrderState): Promise<void> {
    const { store, clock } = this.core;
    let from = knownFrom;
    if (from === undefined) {
      const order = (await store.raw<{ status: OrderState; number: string }>('select status, number from sales_order where id = ?', orderId))[0];
      if (!order) throw notFound(`Order ${orderId}`);
      from = order.status;
    }
    if (!canTransition(from, to)) {
      const number = (await store.raw<{ number: string }>('select number from sales_order where id = ?', orderId))[0]?.number ?? String(orderId);
      throw new AppError('CONFLICT', `Order ${number} cannot go from ${from} to ${to}`, { from, to });
    }
    const now = clock.now().toISOString();
    // Conditional on the state we checked, so a stale `knownFrom` can never skip the state machine.
    const moved = await store.raw<{ id: number }>('update sales_order set status = ?, updated_at = ? where id = ? and status = ? returning id', to, now, orderId, from);
    if (moved.length !== 1) throw conflict(`Order ${orderId} changed state meanwhile; try again`);
    await this.recordEvent(orderId, from, to, actor, reason);
  }

  private async recordEvent(orderId: number, from: string | null, to: string, actor: string, reason: string): Promise<void> {
    await recordOrderEvent(this.core, orderId, from, to, actor, reason);
  }

  private async releaseAll(orderId: number): Promise<number> {
    let released = 0;
    const { store } = this.core;
    for (const line of await store.all(store.kysely.selectFrom('order_line').select('id').where('order_id', '=', orderId))) {
      released += await releaseReservations(this.core, { type: 'order_line', id: line.id });
    }
    await store.run(store.kysely.updateTable('order_line').set({ warehouse_id: null }).where('order_id', '=', orderId));
    if (released > 0) this.core.events.publish('stock.changed', { orderId });
    return released;
  }

  async hold(orderId: number, reason: string, actor: string): Promise<void> {
    await this.core.store.tx(async () => {
      await this.transition(orderId, 'on_hold', actor, reason);
      await this.releaseAll(orderId);
      await this.core.store.run(this.core.store.kysely.updateTable('sales_order').set({ hold_reason: reason, warehouse_id: null }).where('id', '=', orderId));
    });
  }

  /** Releasing a hold sends the order back through allocation, because stock may have moved. */
  async release(orderId: number, actor: string): Promise<OrderStatus> {
    return await this.core.store.tx(async () => {
      const order = await this.row(orderId);
      if (order.status !== 'on_hold') throw conflict(`Order ${order.number} is not on hold`);
      await this.transition(orderId, 'new', actor, 'hold released');
      await this.core.store.run(this.core.store.kysely.updateTable('sales_order').set({ hold_reason: null }).where('id', '=', orderId));
      return await this.allocateOrHold(orderId, actor);
    });
  }

  async cancel(orderId: number, reason: string, actor: string): Promise<void> {
    await this.core.store.tx(async () => {
      await this.transition(orderId, 'cancelled', actor, reason);
      await this.releaseAll(orderId);
    });
  }

  /** Generic move for the UI/owner; releases stock when leaving a stock-holding state for one that holds none. */
  async move(orderId: number, to: OrderState, reason: string, actor: string): Promise<void> {
    await this.core.store.tx(async () => {
      const from = (await this.row(orderId)).status as OrderState;
      if (to === 'cancelled') return await this.cancel(orderId, reason, actor);
      if (to === 'on_hold') return await this.hold(orderId, reason, actor);
      await this.transition(orderId, to, actor, reason);
      if (ORDER_STATE_INFO[from].holdsStock && to === 'backordered') await this.releaseAll(orderId);
      if (to === 'new') await this.allocateOrHold(orderId, actor);
    });
  }

  /**
   * Changes the ship-to address (the console's edit, or the store's): recorded in the history with
   * the old and new address, then checked again. A failing address holds the order (releasing its
   * stock); a passing one releases an address hold, which allocates the order.
   */
  async updateAddress(orderId: number, address: AddressDto, actor: string): Promise<OrderStatus> {
    const { store } = this.core;
    return await store.tx(async () => {
      const order = await this.row(orderId);
      if (!ADDRESS_EDITABLE.includes(order.status as OrderStatus)) throw conflict(`Order ${order.number} is ${order.status}; its address can no longer change`, { status: order.status });
      const before = order.ship_to ? oneLineAddress(JSON.parse(order.ship_to) as AddressDto) : 'no address';
      await store.run(
        store.kysely.updateTable('sales_order')
          .set({ ship_to: JSON.stringify(address), ship_postal_code: address.postalCode, ship_country: address.countryCode, updated_at: this.core.clock.now().toISOString() })
          .where('id', '=', orderId),
      );
      await this.recordEvent(orderId, order.status, order.status, actor, `address changed: ${before} → ${oneLineAddress(address)}`);
      return await this.recheckAddress(orderId, actor);
    });
  }

  /** After an address change: hold (or re-word the hold) when it fails, release an address hold when it passes. */
  async recheckAddress(orderId: number, actor: string): Promise<OrderStatus> {
    const order = await this.row(orderId);
    const problem = addressProblem(order.ship_to ? (JSON.parse(order.ship_to) as AddressDto) : null);
    const heldForAddress = order.status === 'on_hold' && (order.hold_reason ?? '').startsWith(ADDRESS_HOLD_PREFIX);
    if (problem) {
      if (order.status === 'on_hold') {
        if (heldForAddress && order.hold_reason !== problem) {
          await this.core.store.run(this.core.store.kysely.updateTable('sales_order').set({ hold_reason: problem }).where('id', '=', orderId));
          await this.recordEvent(orderId, 'on_hold', 'on_hold', actor, problem);
        }
        return 'on_hold';
      }
      await this.hold(orderId, problem, actor);
      return 'on_hold';
    }
    if (heldForAddress) return await this.release(orderId, actor);
    return order.status as OrderStatus;
  }

  /** Points a line with an unknown SKU at a real product; remembers the alias for the channel. */
  async fixLine(orderId: number, lineId: number, sku: string, rememberAlias: boolean, actor: string): Promise<OrderStatus> {
    const { store } = this.core;
    return await store.tx(async () => {
      const order = await this.row(orderId);
      const line = await store.get(store.kysely.selectFrom('order_line').select(['sku', 'product_id']).where('id', '=', lineId).where('order_id', '=', orderId));
      if (!line) throw notFound(`Line ${lineId} of order ${order.number}`);
      const product = await this.catalog.getRow({ sku });
      await store.run(store.kysely.updateTable('order_line').set({ product_id: product.id }).where('id', '=', lineId));
      if (rememberAlias && line.sku.toUpperCase() !== product.sku.toUpperCase()) {
        const channel = await this.channels.row(order.channel_id);
        await store.run(
          store.kysely.insertInto('sku_alias').values({ channel: channel.name, alias: line.sku, product_id: product.id })
            .onConflict((oc) => oc.columns(['channel', 'alias']).doUpdateSet({ product_id: product.id })),
        );
      }
      await this.recordEvent(orderId, order.status, order.status, actor, `line ${lineId}: ${line.sku} is ${product.sku}`);
      const stillUnknown = (await store.get(store.kysely.selectFrom('order_line').select('id').where('order_id', '=', orderId).where('product_id', 'is', null).limit(1))) !== undefined;
      if (order.status === 'on_hold' && !stillUnknown && order.hold_reason?.startsWith('Unknown SKU')) return await this.release(orderId, actor);
      return (await this.row(orderId)).status as OrderStatus;
    });
  }

  /** Backordered orders get stock as it arrives, earliest promise first. */
  async releaseBackorders(actor: string, productIds?: number[]): Promise<{ allocated: number; still: number }> {
    const { store } = this.core;
    // Only orders that wait for one of these products (directly or as a kit's component), when given.
    let backordered = store.kysely.selectFrom('sales_order as o').select('o.id').where('o.status', '=', 'backordered');
    if (productIds?.length) {
      backordered = backordered.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('order_line as l')
            .leftJoin('kit_component as k', 'k.kit_id', 'l.product_id')
            .select('l.id')
            .whereRef('l.order_id', '=', 'o.id')
            .where((eb) => eb.or([eb('l.product_id', 'in', productIds), eb('k.component_id', 'in', productIds)])),
        ),
      );
    }
    const ids = await store.all(backordered.orderBy('o.promised_date').orderBy('o.priority', 'desc').orderBy('o.id'));
    let allocated = 0;
    for (const { id } of ids) {
      if (await this.allocate(id, actor) === 'allocated') allocated++;
    }
    return { allocated, still: ids.length - allocated };
  }
}
