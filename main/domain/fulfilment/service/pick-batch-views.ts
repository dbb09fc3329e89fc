import type { NotNull } from 'kysely';
import { mapInOrder } from '../../../util/in-order';
import type { PickBatchDto, PickBatchSummaryDto, PickTaskDto } from '../../../../shared/api/fulfilment';
import { notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { PickBatchRow } from '../../../store/schema';
import type { Inventory } from '../../inventory/index';
import { toteCode } from './pick-totes';

/** Pick batches as the screens and the pick list show them. */

/** A batch status to list by; `active` is open or picking. */
export type PickBatchFilterStatus = PickBatchRow['status'] | 'active';

export async function listBatches(core: Core, inventory: Inventory, filter: { warehouse?: string; status?: PickBatchFilterStatus; limit: number }): Promise<PickBatchSummaryDto[]> {
  const warehouseId = filter.warehouse ? (await inventory.locations.warehouse(filter.warehouse)).id : null;
  const statuses: PickBatchRow['status'][] | null = filter.status === 'active' ? ['open', 'picking'] : filter.status ? [filter.status] : null;
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('pick_batch')
      .select('id')
      .$if(warehouseId !== null, (q) => q.where('warehouse_id', '=', warehouseId!))
      .$if(statuses !== null, (q) => q.where('status', 'in', statuses!))
      .orderBy('id', 'desc')
      .limit(filter.limit),
  );
  return await mapInOrder(rows, async (r) => await batchSummary(core, r.id));
}

export async function batchRow(core: Core, id: number) {
  const { store } = core;
  const row = await store.get(store.kysely.selectFrom('pick_batch as b').innerJoin('warehouse as w', 'w.id', 'b.warehouse_id').selectAll('b').select('w.code as warehouse').where('b.id', '=', id));
  if (!row) throw notFound(`Pick batch ${id}`);
  return row;
}

export async function batchSummary(core: Core, id: number): Promise<PickBatchSummaryDto> {
  const b = await batchRow(core, id);
  const { store } = core;
  const counts = (await store.get(
    store.kysely.selectNoFrom((eb) => [
      eb.selectFrom('pick_batch_order').select(eb.fn.countAll<number>().as('n')).where('batch_id', '=', id).as('orders'),
      eb.selectFrom('pick_task').select(eb.fn.countAll<number>().as('n')).where('batch_id', '=', id).where('status', '<>', 'cancelled').as('tasks'),
      eb.selectFrom('pick_task').select(eb.fn.countAll<number>().as('n')).where('batch_id', '=', id).where('status', '=', 'open').as('open'),
    ])
    // A count subquery always yields a row: never null.
    .$narrowType<{ orders: NotNull; tasks: NotNull; open: NotNull }>(),
  ))!;
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

export async function batchDto(core: Core, id: number): Promise<PickBatchDto> {
  const b = await batchRow(core, id);
  const { store } = core;
  const totes = await store.all(
    store.kysely
      .selectFrom('pick_batch_order as bo')
      .innerJoin('sales_order as o', 'o.id', 'bo.order_id')
      .select(['bo.tote', 'bo.order_id', 'o.number', 'bo.status'])
      .where('bo.batch_id', '=', id)
      .orderBy('bo.tote'),
  );
  return {
    ...await batchSummary(core, id),
    totes: totes.map((t) => ({ tote: t.tote, toteCode: toteCode(id, t.tote), orderId: t.order_id, orderNumber: t.number, status: t.status })),
    tasks: await batchTasks(core, id),
    route: JSON.parse(b.route) as string[],
  };
}

export async function batchTasks(core: Core, batchId: number, taskId?: number): Promise<PickTaskDto[]> {
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('pick_task as t')
      .innerJoin('bin', 'bin.id', 't.bin_id')
      .innerJoin('product as p', 'p.id', 't.product_id')
      .leftJoin('lot', 'lot.id', 't.lot_id')
      .innerJoin('sales_order as o', 'o.id', 't.order_id')
      .selectAll('t')
      .select(['bin.code as bin', 'bin.zone', 'p.sku', 'p.name', 'lot.code as lot', 'o.number'])
      .where('t.batch_id', '=', batchId)
      .$if(taskId !== undefined, (q) => q.where('t.id', '=', taskId!))
      .orderBy('t.seq'),
  );
  return await mapInOrder(rows, async (t) => ({
    id: t.id,
    seq: t.seq,
    stop: t.stop,
    bin: t.bin,
    zone: t.zone,
    sku: t.sku,
    name: t.name,
    barcodes: [t.sku, ...(await store.all(store.kysely.selectFrom('barcode').select('code').where('product_id', '=', t.product_id).orderBy('code'))).map((r) => r.code)],
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
