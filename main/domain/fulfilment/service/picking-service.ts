import { sql } from 'kysely';
import { eachInOrder, mapInOrder } from '../../../util/in-order';
import type { PickBatchDto, PickBatchSummaryDto, PickStepDto } from '../../../../shared/api/fulfilment';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { PickTaskRow } from '../../../store/schema';
import type { Inventory } from '../../inventory/index';
import { pickReserved, reservationsOf } from '../../inventory/reservations';
import type { Orders } from '../../orders/index';
import { planPickBatches, type PickOrder } from '../batching';
import { batchDto, batchRow, batchSummary, batchTasks, listBatches, type PickBatchFilterStatus } from './pick-batch-views';
import { shortPick } from './pick-short';
import { toteCode } from './pick-totes';
import { noCase } from '../../../store/no-case';
import { loadWarehouseLayout } from './warehouse-layout';
import { shopCalendar } from '../../calendar/shop-calendar';

export interface CreateBatchesInput {
  warehouse: string;
  maxOrders?: number;
  cartCapacity: number;
  groupByZone: boolean;
  urgentPriority: number;
  orderIds?: number[];
}

/** A pick task as stored (derived from the table type, not written twice). */
type TaskRow = PickTaskRow;

export { toteCode, parseToteCode } from './pick-totes';

/**
 * Pick batches and scan-to-pick. Every public method is one transaction. Picked quantities
 * consume the order line's reservations (pick movements in the ledger), so available-to-sell
 * does not move while an allocated order is picked.
 */
export class PickingService {
  constructor(
    private readonly core: Core,
    private readonly inventory: Inventory,
    private readonly orders: Orders,
  ) {}

  private now(): string {
    return this.core.clock.now().toISOString();
  }

  private async today(): Promise<string> {
    return (await shopCalendar(this.core)).today();
  }

  // ---------- batches ----------

  /**
   * Allocated orders of one warehouse → carts. Each order's pick lines are its reservations (the
   * exact bin and lot chosen FEFO at allocation; kits appear as their components), so what the
   * picker takes is exactly what was reserved.
   */
  async createBatches(input: CreateBatchesInput, actor: string): Promise<PickBatchDto[]> {
    const { store } = this.core;
    const ids = await store.tx(async () => {
      const warehouse = await this.inventory.locations.warehouse(input.warehouse);
      const { layout, bins } = await loadWarehouseLayout(this.core, warehouse.id);
      if (!layout) throw conflict(`Warehouse ${warehouse.code} has no pick bins to route through`);
      const orderIds = input.orderIds ?? [];
      // Split orders (lines in several warehouses) have no single warehouse_id: the lines decide.
      const orders = await store.all(
        store.kysely
          .selectFrom('sales_order as o')
          .select(['o.id', 'o.number', 'o.priority', 'o.promised_date'])
          .where('o.status', '=', 'allocated')
          .where(({ and, exists, not, selectFrom }) =>
            and([
              exists(selectFrom('order_line as l').select('l.id').whereRef('l.order_id', '=', 'o.id').where('l.warehouse_id', '=', warehouse.id)),
              not(exists(selectFrom('order_line as l').select('l.id').whereRef('l.order_id', '=', 'o.id').where('l.warehouse_id', 'is not', null).where('l.warehouse_id', '<>', warehouse.id))),
              not(exists(selectFrom('pack_session as s').select('s.id').whereRef('s.order_id', '=', 'o.id').where('s.status', '=', 'packing'))),
            ]),
          )
          .$if(orderIds.length > 0, (q) => q.where('o.id', 'in', orderIds))
          .orderBy(sql`o.promised_date is null`)
          .orderBy('o.promised_date')
          .orderBy('o.priority', 'desc')
          .orderBy('o.id')
          .limit(input.maxOrders ?? 100_000)
          // Two station servers batching at once on PostgreSQL: each takes the orders the other has not
          // locked, so no order lands on two carts. (SQLite runs one write transaction at a time.)
          .$if(store.engine === 'postgres', (q) => q.forUpdate('o').skipLocked()),
      );
      const pickOrders: PickOrder[] = [];
      const names: Record<string, string> = {};
      const reservationInfo = new Map<string, { lineId: number; productId: number; binId: number; lotId: number | null; qty: number }>();
      for (const o of orders) {
        const lines = await store.all(store.kysely.selectFrom('order_line').select('id').where('order_id', '=', o.id).orderBy('line_no'));
        const pickLines: PickOrder['lines'] = [];
        for (const line of lines) {
          for (const r of await reservationsOf(this.core, { type: 'order_line', id: line.id })) {
            const p = (await store.get(store.kysely.selectFrom('product').select(['sku', 'name']).where('id', '=', r.product_id)))!;
            const bin = (await store.get(store.kysely.selectFrom('bin').select('code').where('id', '=', r.bin_id)))!;
            const lot = r.lot_id ? (await store.get(store.kysely.selectFrom('lot').select('code').where('id', '=', r.lot_id)))!.code : null;
            names[p.sku] = p.name;
            reservationInfo.set(String(r.id), { lineId: line.id, productId: r.product_id, binId: r.bin_id, lotId: r.lot_id, qty: r.quantity });
            pickLines.push({ lineId: String(r.id), bin: bin.code, sku: p.sku, qty: r.quantity, lot, name: p.name });
          }
        }
        if (pickLines.length > 0) pickOrders.push({ id: String(o.id), priority: o.priority, promisedDate: o.promised_date ?? '9999-12-31', lines: pickLines });
      }
      if (pickOrders.length === 0) return [];

      const planned = planPickBatches(pickOrders, {
        layout,
        today: await this.today(),
        cartCapacity: input.cartCapacity,
        groupByZone: input.groupByZone,
        urgentPriority: input.urgentPriority,
        productNames: names,
      });
      const at = this.now();
      const created: number[] = [];
      for (const batch of planned) {
        const located = batch.picks.filter((p) => p.located);
        const route = [...new Set(located.map((p) => p.bin))];
        const method = located.length === 0 ? 'none' : batch.routeMethod;
        const batchId = (await store.get(
          store.kysely
            .insertInto('pick_batch')
            .values({
              warehouse_id: warehouse.id,
              status: 'open',
              urgent: batch.urgent ? 1 : 0,
              zone_key: batch.zoneKey,
              route_length_mm: Math.round(batch.routeLengthM * 1000),
              route_method: method,
              route: JSON.stringify(route),
              cart_capacity: input.cartCapacity,
              created_by: actor,
              created_at: at,
            })
            .returning('id'),
        ))!.id;
        for (const o of batch.orders) {
          await store.run(store.kysely.insertInto('pick_batch_order').values({ batch_id: batchId, order_id: Number(o.orderId), tote: o.tote, status: 'picking' }));
        }
        // Unlocated picks (dock bins, the default bin) close the list in pick-sequence order.
        const unlocated = batch.picks.filter((p) => !p.located).sort((a, b) => (bins.get(a.bin)?.pickSequence ?? 0) - (bins.get(b.bin)?.pickSequence ?? 0));
        const lastStop = located.reduce((m, p) => Math.max(m, p.stop ?? 0), 0);
        const unlocatedStops = new Map<string, number>();
        for (const p of unlocated) if (!unlocatedStops.has(p.bin)) unlocatedStops.set(p.bin, lastStop + unlocatedStops.size + 1);
        await eachInOrder([...located, ...unlocated], async (p, i) => {
          const r = reservationInfo.get(p.lineId!)!;
          await store.run(
            store.kysely.insertInto('pick_task').values({
              batch_id: batchId,
              seq: i + 1,
              stop: p.located ? p.stop : unlocatedStops.get(p.bin)!,
              order_id: Number(p.orderId),
              order_line_id: r.lineId,
              reservation_id: Number(p.lineId),
              product_id: r.productId,
              bin_id: r.binId,
              lot_id: r.lotId,
              tote: p.tote,
              qty: p.qty,
              created_at: at,
            }),
          );
        });
        for (const o of batch.orders) {
          await this.orders.service.transition(Number(o.orderId), 'picking', actor, `pick batch ${batchId}, tote ${toteCode(batchId, o.tote)}`);
        }
        created.push(batchId);
      }
      return created;
    });
    if (ids.length > 0) this.core.events.publish('picking.changed', { batches: ids });
    return await mapInOrder(ids, async (id) => await this.batch(id));
  }

  /** A batch nobody has picked from goes away; its orders return to allocated (reservations untouched). */
  async cancelBatch(id: number, reason: string, actor: string): Promise<PickBatchDto> {
    const { store } = this.core;
    await store.tx(async () => {
      const b = await batchRow(this.core, id);
      if (b.status === 'done' || b.status === 'cancelled') throw conflict(`Batch ${id} is ${b.status}`);
      const picked = (await store.get(store.kysely.selectFrom('pick_task').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', id).where('picked_qty', '>', 0)))!.n;
      if (picked > 0) throw conflict(`Batch ${id} has picks already; finish it (short-pick what is missing) instead of cancelling`);
      await store.run(store.kysely.updateTable('pick_task').set({ status: 'cancelled' }).where('batch_id', '=', id).where('status', '=', 'open'));
      for (const o of await store.all(store.kysely.selectFrom('pick_batch_order').select('order_id').where('batch_id', '=', id).where('status', '=', 'picking'))) {
        const status = (await this.orders.service.row(o.order_id)).status;
        if (status === 'picking') await this.orders.service.transition(o.order_id, 'allocated', actor, `pick batch ${id} cancelled: ${reason}`);
        await store.run(store.kysely.updateTable('pick_batch_order').set({ status: 'removed' }).where('batch_id', '=', id).where('order_id', '=', o.order_id));
      }
      await store.run(store.kysely.updateTable('pick_batch').set({ status: 'cancelled', closed_at: this.now() }).where('id', '=', id));
    });
    this.core.events.publish('picking.changed', { batches: [id] });
    return await this.batch(id);
  }

  // ---------- scan-to-pick ----------

  /** The next open task in route order. Starts the batch; finishes it when nothing is left. */
  async next(batchId: number, message: string | null = null): Promise<PickStepDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const b = await batchRow(this.core, batchId);
      if (b.status === 'cancelled') throw conflict(`Batch ${batchId} was cancelled`);
      if (b.status === 'open') await store.run(store.kysely.updateTable('pick_batch').set({ status: 'picking', started_at: this.now() }).where('id', '=', batchId));
      // An order cancelled or put on hold while its batch was out: its picks are dropped.
      await store.run(
        store.kysely
          .updateTable('pick_task')
          .set({ status: 'cancelled' })
          .where('batch_id', '=', batchId)
          .where('status', '=', 'open')
          .where('order_id', 'in', (eb) => eb.selectFrom('sales_order').select('id').where('status', '<>', 'picking')),
      );
      const tasks = store.kysely.selectFrom('pick_task').where('batch_id', '=', batchId);
      const total = (await store.get(tasks.select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'cancelled')))!.n;
      const open = await store.all(tasks.select('id').where('status', '=', 'open').orderBy('seq'));
      if (open.length === 0) {
        if (b.status !== 'done') {
          await store.run(store.kysely.updateTable('pick_batch').set({ status: 'done', closed_at: this.now() }).where('id', '=', batchId));
          await store.run(store.kysely.updateTable('pick_batch_order').set({ status: 'picked' }).where('batch_id', '=', batchId).where('status', '=', 'picking'));
          this.core.events.publish('picking.changed', { batches: [batchId] });
        }
        return { batchId, done: true, task: null, remaining: 0, total, message: message ?? `Batch ${batchId} is picked: take the cart to packing` };
      }
      return { batchId, done: false, task: (await batchTasks(this.core, batchId, open[0].id))[0], remaining: open.length, total, message };
    });
  }

  private async openTask(taskId: number): Promise<TaskRow & { bin: string }> {
    const { store } = this.core;
    const t = await store.get(store.kysely.selectFrom('pick_task as t').innerJoin('bin', 'bin.id', 't.bin_id').selectAll('t').select('bin.code as bin').where('t.id', '=', taskId));
    if (!t) throw notFound(`Pick task ${taskId}`);
    if (t.status !== 'open') throw conflict(`This pick is already ${t.status}`);
    return t;
  }

  async scanBin(taskId: number, code: string): Promise<PickStepDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const t = await this.openTask(taskId);
      if (t.bin.toUpperCase() !== code.trim().toUpperCase()) {
        throw conflict(`Wrong bin: you scanned ${code.trim()}, this pick is in ${t.bin}`, { expected: t.bin, scanned: code.trim() });
      }
      await store.run(store.kysely.updateTable('pick_task').set({ bin_scanned_at: this.now() }).where('id', '=', taskId));
      return await this.next(t.batch_id, `Bin ${t.bin} ✓ — scan the item`);
    });
  }

  /** The product a scanned code names (barcode, SKU, or a channel alias), or null. */
  private async productByCode(code: string): Promise<{ id: number; sku: string; name: string } | null> {
    const { store } = this.core;
    const c = code.trim();
    return (
      (await store.get(store.kysely.selectFrom('barcode as b').innerJoin('product as p', 'p.id', 'b.product_id').select(['p.id', 'p.sku', 'p.name']).where('b.code', '=', c))) ??
      (await store.get(store.kysely.selectFrom('product').select(['id', 'sku', 'name']).where('sku', '=', noCase(c)))) ??
      null
    );
  }

  private async checkItem(t: TaskRow, code: string): Promise<void> {
    const scanned = await this.productByCode(code);
    if (scanned?.id === t.product_id) return;
    const { store } = this.core;
    const want = (await store.get(store.kysely.selectFrom('product').select(['sku', 'name']).where('id', '=', t.product_id)))!;
    throw conflict(
      scanned
        ? `Wrong item: you scanned ${scanned.sku} (${scanned.name}); this pick is ${want.sku} (${want.name})`
        : `Unknown code ${code.trim()}: this pick is ${want.sku} (${want.name})`,
      { expected: want.sku, scanned: scanned?.sku ?? code.trim() },
    );
  }

  async scanItem(taskId: number, code: string): Promise<PickStepDto> {
    const t = await this.openTask(taskId);
    if (!t.bin_scanned_at) throw conflict(`Scan bin ${t.bin} first`);
    await this.checkItem(t, code);
    const remaining = t.qty - t.picked_qty;
    return await this.next(t.batch_id, `Item ✓ — put ${remaining} in tote ${t.tote}`);
  }

  /**
   * Puts `qty` into the tote. Fewer than the task asks for is a short pick (see shortPick).
   * WARNING: the pick consumes the reservation in the same transaction as the ledger movement
   * (pickReserved); never lower on-hand here any other way.
   */
  async confirm(taskId: number, code: string, qty: number, actor: string): Promise<PickStepDto> {
    const { store } = this.core;
    let message: string;
    const batchId = await store.tx(async () => {
      const t = await this.openTask(taskId);
      if (!t.bin_scanned_at) throw conflict(`Scan bin ${t.bin} first`);
      const remaining = t.qty - t.picked_qty;
      if (qty > remaining) throw invalid(`Only ${remaining} to pick here; put back the rest`, { field: 'qty' });
      if (qty > 0) await this.checkItem(t, code);
      const order = await this.orders.service.row(t.order_id);
      if (order.status !== 'picking') {
        await store.run(store.kysely.updateTable('pick_task').set({ status: 'cancelled' }).where('id', '=', taskId));
        message = `Order ${order.number} is ${order.status}: skip this pick${await this.carryBinScan(t)}`;
        return t.batch_id;
      }
      const at = this.now();
      if (qty > 0) {
        if (t.reservation_id === null) throw conflict(`Pick ${taskId} has no reservation to pick from`);
        await pickReserved(this.core, t.reservation_id, qty, actor, `pick batch ${t.batch_id} / ${order.number}`);
        this.core.events.publish('stock.changed', { productId: t.product_id });
      }
      await store.run(store.kysely.updateTable('pick_task').set({ picked_qty: sql`picked_qty + ${qty}`, picked_at: at, picked_by: actor }).where('id', '=', taskId));
      if (qty === remaining) {
        await store.run(store.kysely.updateTable('pick_task').set({ status: 'picked' }).where('id', '=', taskId));
        message = `${qty} in tote ${t.tote} ✓`;
      } else {
        message = await shortPick({ core: this.core, inventory: this.inventory, orders: this.orders }, { ...t, picked_qty: t.picked_qty + qty }, order.number, actor);
      }
      message += await this.carryBinScan(t);
      return t.batch_id;
    });
    return await this.next(batchId, message!);
  }

  /**
   * The picker is still standing at the bin just scanned: when the next pick in route order is in
   * the same bin, that scan serves it too (no second bin scan). Returns what to add to the message.
   */
  private async carryBinScan(done: TaskRow & { bin: string }): Promise<string> {
    const { store } = this.core;
    const next = await store.get(
      store.kysely
        .selectFrom('pick_task as t')
        .innerJoin('sales_order as o', 'o.id', 't.order_id')
        .select(['t.id', 't.bin_id', 't.bin_scanned_at'])
        .where('t.batch_id', '=', done.batch_id)
        .where('t.status', '=', 'open')
        .where('o.status', '=', 'picking')
        .orderBy('t.seq')
        .limit(1),
    );
    if (!next || next.bin_id !== done.bin_id) return '';
    if (next.bin_scanned_at === null) await store.run(store.kysely.updateTable('pick_task').set({ bin_scanned_at: this.now() }).where('id', '=', next.id));
    return ` — next pick is in the same bin ${done.bin}: scan the item`;
  }

  // ---------- views ----------

  async list(filter: { warehouse?: string; status?: PickBatchFilterStatus; limit: number }): Promise<PickBatchSummaryDto[]> {
    return await listBatches(this.core, this.inventory, filter);
  }

  async summary(id: number): Promise<PickBatchSummaryDto> {
    return await batchSummary(this.core, id);
  }

  async batch(id: number): Promise<PickBatchDto> {
    return await batchDto(this.core, id);
  }
}
