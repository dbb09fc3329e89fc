import type { PickBatchDto, PickBatchSummaryDto, PickStepDto, PickTaskDto } from '../../../../shared/api/fulfilment';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { PickTaskRow } from '../../../store/schema';
import type { Inventory } from '../../inventory/index';
import { applyMovement } from '../../inventory/ledger';
import { pickReserved, reservationsOf, reserveStock } from '../../inventory/reservations';
import type { Orders } from '../../orders/index';
import { planPickBatches, type PickOrder } from '../batching';
import { loadWarehouseLayout } from './warehouse-layout';
import { holdShortage } from './shortages';
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

/** The tote code a packing station scans: T<batch>-<tote>. */
export const toteCode = (batchId: number, tote: number) => `T${batchId}-${tote}`;
export const parseToteCode = (code: string): { batchId: number; tote: number } | null => {
  const m = /^T(\d+)-(\d+)$/i.exec(code.trim());
  return m ? { batchId: Number(m[1]), tote: Number(m[2]) } : null;
};

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

  private today(): string {
    return shopCalendar(this.core).today();
  }

  // ---------- batches ----------

  /**
   * Allocated orders of one warehouse → carts. Each order's pick lines are its reservations (the
   * exact bin and lot chosen FEFO at allocation; kits appear as their components), so what the
   * picker takes is exactly what was reserved.
   */
  createBatches(input: CreateBatchesInput, actor: string): PickBatchDto[] {
    const { store } = this.core;
    const ids = store.tx(() => {
      const warehouse = this.inventory.locations.warehouse(input.warehouse);
      const { layout, bins } = loadWarehouseLayout(this.core, warehouse.id);
      if (!layout) throw conflict(`Warehouse ${warehouse.code} has no pick bins to route through`);
      const filter = input.orderIds?.length ? `and o.id in (${input.orderIds.map(() => '?').join(',')})` : '';
      // Split orders (lines in several warehouses) have no single warehouse_id: the lines decide.
      const orders = store.raw<{ id: number; number: string; priority: number; promised_date: string | null }>(
        `select o.id, o.number, o.priority, o.promised_date from sales_order o
         where o.status = 'allocated' and exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id = ?)
           and not exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id is not null and l.warehouse_id <> ?)
           and not exists (select 1 from pack_session s where s.order_id = o.id and s.status = 'packing')
           ${filter}
         order by o.promised_date is null, o.promised_date, o.priority desc, o.id limit ?`,
        warehouse.id,
        warehouse.id,
        ...(input.orderIds ?? []),
        input.maxOrders ?? 100_000,
      );
      const pickOrders: PickOrder[] = [];
      const names: Record<string, string> = {};
      const reservationInfo = new Map<string, { lineId: number; productId: number; binId: number; lotId: number | null; qty: number }>();
      for (const o of orders) {
        const lines = store.raw<{ id: number }>('select id from order_line where order_id = ? order by line_no', o.id);
        const pickLines: PickOrder['lines'] = [];
        for (const line of lines) {
          for (const r of reservationsOf(this.core, { type: 'order_line', id: line.id })) {
            const p = store.raw<{ sku: string; name: string }>('select sku, name from product where id = ?', r.product_id)[0];
            const bin = store.raw<{ code: string }>('select code from bin where id = ?', r.bin_id)[0];
            const lot = r.lot_id ? store.raw<{ code: string }>('select code from lot where id = ?', r.lot_id)[0].code : null;
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
        today: this.today(),
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
        const batchId = store.raw<{ id: number }>(
          `insert into pick_batch (warehouse_id, status, urgent, zone_key, route_length_mm, route_method, route, cart_capacity, created_by, created_at)
           values (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
          warehouse.id,
          batch.urgent ? 1 : 0,
          batch.zoneKey,
          Math.round(batch.routeLengthM * 1000),
          method,
          JSON.stringify(route),
          input.cartCapacity,
          actor,
          at,
        )[0].id;
        for (const o of batch.orders) {
          store.raw('insert into pick_batch_order (batch_id, order_id, tote, status) values (?,?,?,\'picking\')', batchId, Number(o.orderId), o.tote);
        }
        // Unlocated picks (dock bins, the default bin) close the list in pick-sequence order.
        const unlocated = batch.picks.filter((p) => !p.located).sort((a, b) => (bins.get(a.bin)?.pickSequence ?? 0) - (bins.get(b.bin)?.pickSequence ?? 0));
        const lastStop = located.reduce((m, p) => Math.max(m, p.stop ?? 0), 0);
        const unlocatedStops = new Map<string, number>();
        for (const p of unlocated) if (!unlocatedStops.has(p.bin)) unlocatedStops.set(p.bin, lastStop + unlocatedStops.size + 1);
        [...located, ...unlocated].forEach((p, i) => {
          const r = reservationInfo.get(p.lineId!)!;
          store.raw(
            `insert into pick_task (batch_id, seq, stop, order_id, order_line_id, reservation_id, product_id, bin_id, lot_id, tote, qty, created_at)
             values (?,?,?,?,?,?,?,?,?,?,?,?)`,
            batchId,
            i + 1,
            p.located ? p.stop : unlocatedStops.get(p.bin)!,
            Number(p.orderId),
            r.lineId,
            Number(p.lineId),
            r.productId,
            r.binId,
            r.lotId,
            p.tote,
            p.qty,
            at,
          );
        });
        for (const o of batch.orders) {
          this.orders.service.transition(Number(o.orderId), 'picking', actor, `pick batch ${batchId}, tote ${toteCode(batchId, o.tote)}`);
        }
        created.push(batchId);
      }
      return created;
    });
    if (ids.length > 0) this.core.events.publish('picking.changed', { batches: ids });
    return ids.map((id) => this.batch(id));
  }

  /** A batch nobody has picked from goes away; its orders return to allocated (reservations untouched). */
  cancelBatch(id: number, reason: string, actor: string): PickBatchDto {
    const { store } = this.core;
    store.tx(() => {
      const b = this.batchRow(id);
      if (b.status === 'done' || b.status === 'cancelled') throw conflict(`Batch ${id} is ${b.status}`);
      const picked = store.raw<{ n: number }>('select count(*) as n from pick_task where batch_id = ? and picked_qty > 0', id)[0].n;
      if (picked > 0) throw conflict(`Batch ${id} has picks already; finish it (short-pick what is missing) instead of cancelling`);
      store.raw("update pick_task set status = 'cancelled' where batch_id = ? and status = 'open'", id);
      for (const o of store.raw<{ order_id: number }>("select order_id from pick_batch_order where batch_id = ? and status = 'picking'", id)) {
        const status = this.orders.service.row(o.order_id).status;
        if (status === 'picking') this.orders.service.transition(o.order_id, 'allocated', actor, `pick batch ${id} cancelled: ${reason}`);
        store.raw("update pick_batch_order set status = 'removed' where batch_id = ? and order_id = ?", id, o.order_id);
      }
      store.raw("update pick_batch set status = 'cancelled', closed_at = ? where id = ?", this.now(), id);
    });
    this.core.events.publish('picking.changed', { batches: [id] });
    return this.batch(id);
  }

  list(filter: { warehouse?: string; status?: string; limit: number }): PickBatchSummaryDto[] {
    const warehouseId = filter.warehouse ? this.inventory.locations.warehouse(filter.warehouse).id : null;
    const statuses = filter.status === 'active' ? ['open', 'picking'] : filter.status ? [filter.status] : null;
    const rows = this.core.store.raw<{ id: number }>(
      `select id from pick_batch where (? is null or warehouse_id = ?) ${statuses ? `and status in (${statuses.map(() => '?').join(',')})` : ''} order by id desc limit ?`,
      warehouseId,
      warehouseId,
      ...(statuses ?? []),
      filter.limit,
    );
    return rows.map((r) => this.summary(r.id));
  }

  private batchRow(id: number) {
    const row = this.core.store.raw<{
      id: number;
      warehouse_id: number;
      warehouse: string;
      status: PickBatchSummaryDto['status'];
      urgent: number;
      zone_key: string | null;
      route_length_mm: number;
      route_method: PickBatchSummaryDto['routeMethod'];
      route: string;
      created_at: string;
      created_by: string;
      closed_at: string | null;
    }>('select b.*, w.code as warehouse from pick_batch b join warehouse w on w.id = b.warehouse_id where b.id = ?', id)[0];
    if (!row) throw notFound(`Pick batch ${id}`);
    return row;
  }

  summary(id: number): PickBatchSummaryDto {
    const b = this.batchRow(id);
    const counts = this.core.store.raw<{ orders: number; tasks: number; open: number }>(
      `select (select count(*) from pick_batch_order where batch_id = ?) as orders,
              (select count(*) from pick_task where batch_id = ? and status <> 'cancelled') as tasks,
              (select count(*) from pick_task where batch_id = ? and status = 'open') as open`,
      id,
      id,
      id,
    )[0];
    return {
      id: b.id,
      warehouse: b.warehouse,
      status: b.status,
      urgent: b.urgent === 1,
      zone: b.zone_key,
      routeM: Math.round(b.route_length_mm / 100) / 10,
      routeMethod: b.route_method,
      orderCount: counts.orders,
      taskCount: counts.tasks,
      openTasks: counts.open,
      createdAt: b.created_at,
      createdBy: b.created_by,
      closedAt: b.closed_at,
    };
  }

  batch(id: number): PickBatchDto {
    const b = this.batchRow(id);
    const totes = this.core.store.raw<{ tote: number; order_id: number; number: string; status: PickBatchDto['totes'][number]['status'] }>(
      'select bo.tote, bo.order_id, o.number, bo.status from pick_batch_order bo join sales_order o on o.id = bo.order_id where bo.batch_id = ? order by bo.tote',
      id,
    );
    return {
      ...this.summary(id),
      totes: totes.map((t) => ({ tote: t.tote, toteCode: toteCode(id, t.tote), orderId: t.order_id, orderNumber: t.number, status: t.status })),
      tasks: this.tasks(id),
      route: JSON.parse(b.route) as string[],
    };
  }

  private tasks(batchId: number, taskId?: number): PickTaskDto[] {
    const rows = this.core.store.raw<TaskRow & { bin: string; zone: string; sku: string; name: string; lot: string | null; number: string }>(
      `select t.*, bin.code as bin, bin.zone, p.sku, p.name, lot.code as lot, o.number from pick_task t
       join bin on bin.id = t.bin_id join product p on p.id = t.product_id left join lot on lot.id = t.lot_id join sales_order o on o.id = t.order_id
       where t.batch_id = ? and (? is null or t.id = ?) order by t.seq`,
      batchId,
      taskId ?? null,
      taskId ?? null,
    );
    return rows.map((t) => ({
      id: t.id,
      seq: t.seq,
      stop: t.stop,
      bin: t.bin,
      zone: t.zone,
      sku: t.sku,
      name: t.name,
      barcodes: [t.sku, ...this.core.store.raw<{ code: string }>('select code from barcode where product_id = ? order by code', t.product_id).map((r) => r.code)],
      lot: t.lot,
      qty: t.qty,
      pickedQty: t.picked_qty,
      tote: t.tote,
      orderId: t.order_id,
      orderNumber: t.number,
      status: t.status,
      binScanned: t.bin_scanned_at !== null,
    }));
  }

  // ---------- scan-to-pick ----------

  /** The next open task in route order. Starts the batch; finishes it when nothing is left. */
  next(batchId: number, message: string | null = null): PickStepDto {
    const { store } = this.core;
    return store.tx(() => {
      const b = this.batchRow(batchId);
      if (b.status === 'cancelled') throw conflict(`Batch ${batchId} was cancelled`);
      if (b.status === 'open') store.raw("update pick_batch set status = 'picking', started_at = ? where id = ?", this.now(), batchId);
      // An order cancelled or put on hold while its batch was out: its picks are dropped.
      store.raw(
        `update pick_task set status = 'cancelled' where batch_id = ? and status = 'open'
           and order_id in (select id from sales_order where status <> 'picking')`,
        batchId,
      );
      const total = store.raw<{ n: number }>("select count(*) as n from pick_task where batch_id = ? and status <> 'cancelled'", batchId)[0].n;
      const open = store.raw<{ id: number }>("select id from pick_task where batch_id = ? and status = 'open' order by seq", batchId);
      if (open.length === 0) {
        if (b.status !== 'done') {
          store.raw("update pick_batch set status = 'done', closed_at = ? where id = ?", this.now(), batchId);
          store.raw("update pick_batch_order set status = 'picked' where batch_id = ? and status = 'picking'", batchId);
          this.core.events.publish('picking.changed', { batches: [batchId] });
        }
        return { batchId, done: true, task: null, remaining: 0, total, message: message ?? `Batch ${batchId} is picked: take the cart to packing` };
      }
      return { batchId, done: false, task: this.tasks(batchId, open[0].id)[0], remaining: open.length, total, message };
    });
  }

  private openTask(taskId: number): TaskRow & { bin: string } {
    const t = this.core.store.raw<TaskRow & { bin: string }>('select t.*, bin.code as bin from pick_task t join bin on bin.id = t.bin_id where t.id = ?', taskId)[0];
    if (!t) throw notFound(`Pick task ${taskId}`);
    if (t.status !== 'open') throw conflict(`This pick is already ${t.status}`);
    return t;
  }

  scanBin(taskId: number, code: string): PickStepDto {
    const { store } = this.core;
    return store.tx(() => {
      const t = this.openTask(taskId);
      if (t.bin.toUpperCase() !== code.trim().toUpperCase()) {
        throw conflict(`Wrong bin: you scanned ${code.trim()}, this pick is in ${t.bin}`, { expected: t.bin, scanned: code.trim() });
      }
      store.raw('update pick_task set bin_scanned_at = ? where id = ?', this.now(), taskId);
      return this.next(t.batch_id, `Bin ${t.bin} ✓ — scan the item`);
    });
  }

  /** The product a scanned code names (barcode, SKU, or a channel alias), or null. */
  private productByCode(code: string): { id: number; sku: string; name: string } | null {
    const { store } = this.core;
    const c = code.trim();
    return (
      store.raw<{ id: number; sku: string; name: string }>('select p.id, p.sku, p.name from barcode b join product p on p.id = b.product_id where b.code = ?', c)[0] ??
      store.raw<{ id: number; sku: string; name: string }>('select id, sku, name from product where sku = ? collate nocase', c)[0] ??
      null
    );
  }

  private checkItem(t: TaskRow, code: string): void {
    const scanned = this.productByCode(code);
    if (scanned?.id === t.product_id) return;
    const want = this.core.store.raw<{ sku: string; name: string }>('select sku, name from product where id = ?', t.product_id)[0];
    throw conflict(
      scanned
        ? `Wrong item: you scanned ${scanned.sku} (${scanned.name}); this pick is ${want.sku} (${want.name})`
        : `Unknown code ${code.trim()}: this pick is ${want.sku} (${want.name})`,
      { expected: want.sku, scanned: scanned?.sku ?? code.trim() },
    );
  }

  scanItem(taskId: number, code: string): PickStepDto {
    const t = this.openTask(taskId);
    if (!t.bin_scanned_at) throw conflict(`Scan bin ${t.bin} first`);
    this.checkItem(t, code);
    const remaining = t.qty - t.picked_qty;
    return this.next(t.batch_id, `Item ✓ — put ${remaining} in tote ${t.tote}`);
  }

  /**
   * Puts `qty` into the tote. Fewer than the task asks for is a short pick (see shortPick).
   * WARNING: the pick consumes the reservation in the same transaction as the ledger movement
   * (pickReserved); never lower on-hand here any other way.
   */
  confirm(taskId: number, code: string, qty: number, actor: string): PickStepDto {
    const { store } = this.core;
    let message: string;
    const batchId = store.tx(() => {
      const t = this.openTask(taskId);
      if (!t.bin_scanned_at) throw conflict(`Scan bin ${t.bin} first`);
      const remaining = t.qty - t.picked_qty;
      if (qty > remaining) throw invalid(`Only ${remaining} to pick here; put back the rest`, { field: 'qty' });
      if (qty > 0) this.checkItem(t, code);
      const order = this.orders.service.row(t.order_id);
      if (order.status !== 'picking') {
        store.raw("update pick_task set status = 'cancelled' where id = ?", taskId);
        message = `Order ${order.number} is ${order.status}: skip this pick`;
        return t.batch_id;
      }
      const at = this.now();
      if (qty > 0) {
        if (t.reservation_id === null) throw conflict(`Pick ${taskId} has no reservation to pick from`);
        pickReserved(this.core, t.reservation_id, qty, actor, `pick batch ${t.batch_id} / ${order.number}`);
        this.core.events.publish('stock.changed', { productId: t.product_id });
      }
      store.raw('update pick_task set picked_qty = picked_qty + ?, picked_at = ?, picked_by = ? where id = ?', qty, at, actor, taskId);
      if (qty === remaining) {
        store.raw("update pick_task set status = 'picked' where id = ?", taskId);
        message = `${qty} in tote ${t.tote} ✓`;
      } else {
        message = this.shortPick({ ...t, picked_qty: t.picked_qty + qty }, order.number, actor);
      }
      return t.batch_id;
    });
    return this.next(batchId, message!);
  }

  /**
   * A short pick: the missing units are held against the shortage (so nobody else is allocated
   * stock the picker could not find) and a cycle count of the bin is started. The remainder is
   * re-allocated from another bin or lot (a new pick at the end of the route) if the warehouse
   * has it; otherwise the order goes to backorder and what was already picked for it goes back
   * to its bins.
   */
  private shortPick(t: TaskRow & { bin: string }, orderNumber: string, actor: string): string {
    const { store } = this.core;
    const missing = t.qty - t.picked_qty;
    store.raw("update pick_task set status = 'short' where id = ?", t.id);
    const warehouseId = store.raw<{ warehouse_id: number }>('select warehouse_id from bin where id = ?', t.bin_id)[0].warehouse_id;
    const slices = (() => {
      // Hold first: otherwise reserveStock would happily take the same phantom units again.
      const shortageId = holdShortage(this.core, this.inventory, { task: t, warehouseId, missing, outcome: 'reallocated', actor });
      const got = reserveStock(this.core, t.product_id, warehouseId, missing, { type: 'order_line', id: t.order_line_id }, this.today());
      if (!got) store.raw("update pick_shortage set outcome = 'backordered' where id = ?", shortageId);
      return got;
    })();
    const sku = store.raw<{ sku: string }>('select sku from product where id = ?', t.product_id)[0].sku;
    if (slices) {
      let seq = store.raw<{ n: number }>('select max(seq) as n from pick_task where batch_id = ?', t.batch_id)[0].n;
      let stop = store.raw<{ n: number | null }>('select max(stop) as n from pick_task where batch_id = ?', t.batch_id)[0].n ?? 0;
      const at = this.now();
      const bins: string[] = [];
      for (const s of slices) {
        const reservationId = store.raw<{ id: number }>(
          "select id from reservation where holder_type = 'order_line' and holder_id = ? and balance_id = ? order by id desc limit 1",
          t.order_line_id,
          s.balanceId,
        )[0].id;
        store.raw(
          `insert into pick_task (batch_id, seq, stop, order_id, order_line_id, reservation_id, product_id, bin_id, lot_id, tote, qty, created_at)
           values (?,?,?,?,?,?,?,?,?,?,?,?)`,
          t.batch_id,
          ++seq,
          ++stop,
          t.order_id,
          t.order_line_id,
          reservationId,
          t.product_id,
          s.binId,
          s.lotId,
          t.tote,
          s.quantity,
          at,
        );
        bins.push(store.raw<{ code: string }>('select code from bin where id = ?', s.binId)[0].code);
      }
      return `Short ${missing} × ${sku} in ${t.bin}: recorded for a count; the rest comes from ${bins.join(', ')} at the end of the route`;
    }
    const putBack = this.backorderFromBatch(t.batch_id, t.order_id, `short pick: ${missing} × ${sku} missing in ${t.bin}`, actor);
    return `Short ${missing} × ${sku} and no other stock: order ${orderNumber} is backordered. ${putBack}`;
  }

  /** Takes an order off the cart: open picks dropped, picked units back to their bins, order backordered. */
  private backorderFromBatch(batchId: number, orderId: number, reason: string, actor: string): string {
    const { store } = this.core;
    store.raw("update pick_task set status = 'cancelled' where batch_id = ? and order_id = ? and status = 'open'", batchId, orderId);
    const picked = store.raw<{ product_id: number; bin_id: number; lot_id: number | null; qty: number; bin: string; sku: string; tote: number }>(
      `select t.product_id, t.bin_id, t.lot_id, sum(t.picked_qty) as qty, bin.code as bin, p.sku, t.tote from pick_task t
       join bin on bin.id = t.bin_id join product p on p.id = t.product_id
       where t.batch_id = ? and t.order_id = ? and t.picked_qty > 0 group by t.product_id, t.bin_id, t.lot_id order by min(t.seq)`,
      batchId,
      orderId,
    );
    const order = this.orders.service.row(orderId);
    for (const p of picked) {
      // The units are in the tote, not gone: the ledger takes them back where they came from.
      applyMovement(this.core, { kind: 'pick', productId: p.product_id, binId: p.bin_id, lotId: p.lot_id, quantity: p.qty, reason: 'put back: order backordered after a short pick', reference: `pick batch ${batchId} / ${order.number}`, actor });
      this.core.events.publish('stock.changed', { productId: p.product_id });
    }
    store.raw("update pick_batch_order set status = 'backordered' where batch_id = ? and order_id = ?", batchId, orderId);
    this.orders.service.move(orderId, 'backordered', reason, actor);
    if (picked.length === 0) return 'Nothing was in its tote yet.';
    return `Put tote ${picked[0].tote} back: ${picked.map((p) => `${p.qty} × ${p.sku} → ${p.bin}`).join(', ')}.`;
  }
}
