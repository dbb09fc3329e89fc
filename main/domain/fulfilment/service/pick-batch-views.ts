import { mapInOrder } from '../../../util/in-order';
import type { PickBatchDto, PickBatchSummaryDto, PickTaskDto } from '../../../../shared/api/fulfilment';
import { notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { PickTaskRow } from '../../../store/schema';
import type { Inventory } from '../../inventory/index';
import { toteCode } from './pick-totes';

/** Pick batches as the screens and the pick list show them. */

export async function listBatches(core: Core, inventory: Inventory, filter: { warehouse?: string; status?: string; limit: number }): Promise<PickBatchSummaryDto[]> {
  const warehouseId = filter.warehouse ? (await inventory.locations.warehouse(filter.warehouse)).id : null;
  const statuses = filter.status === 'active' ? ['open', 'picking'] : filter.status ? [filter.status] : null;
  const rows = await core.store.raw<{ id: number }>(
    `select id from pick_batch where (cast(? as bigint) is null or warehouse_id = ?) ${statuses ? `and status in (${statuses.map(() => '?').join(',')})` : ''} order by id desc limit ?`,
    warehouseId,
    warehouseId,
    ...(statuses ?? []),
    filter.limit,
  );
  return await mapInOrder(rows, async (r) => await batchSummary(core, r.id));
}

export async function batchRow(core: Core, id: number) {
  const row = (await core.store.raw<{
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
  }>('select b.*, w.code as warehouse from pick_batch b join warehouse w on w.id = b.warehouse_id where b.id = ?', id))[0];
  if (!row) throw notFound(`Pick batch ${id}`);
  return row;
}

export async function batchSummary(core: Core, id: number): Promise<PickBatchSummaryDto> {
  const b = await batchRow(core, id);
  const counts = (await core.store.raw<{ orders: number; tasks: number; open: number }>(
    `select (select count(*) from pick_batch_order where batch_id = ?) as orders,
            (select count(*) from pick_task where batch_id = ? and status <> 'cancelled') as tasks,
            (select count(*) from pick_task where batch_id = ? and status = 'open') as open`,
    id,
    id,
    id,
  ))[0];
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
  const totes = await core.store.raw<{ tote: number; order_id: number; number: string; status: PickBatchDto['totes'][number]['status'] }>(
    'select bo.tote, bo.order_id, o.number, bo.status from pick_batch_order bo join sales_order o on o.id = bo.order_id where bo.batch_id = ? order by bo.tote',
    id,
  );
  return {
    ...await batchSummary(core, id),
    totes: totes.map((t) => ({ tote: t.tote, toteCode: toteCode(id, t.tote), orderId: t.order_id, orderNumber: t.number, status: t.status })),
    tasks: await batchTasks(core, id),
    route: JSON.parse(b.route) as string[],
  };
}

export async function batchTasks(core: Core, batchId: number, taskId?: number): Promise<PickTaskDto[]> {
  const rows = await core.store.raw<PickTaskRow & { bin: string; zone: string; sku: string; name: string; lot: string | null; number: string }>(
    `select t.*, bin.code as bin, bin.zone, p.sku, p.name, lot.code as lot, o.number from pick_task t
     join bin on bin.id = t.bin_id join product p on p.id = t.product_id left join lot on lot.id = t.lot_id join sales_order o on o.id = t.order_id
     where t.batch_id = ? and (cast(? as bigint) is null or t.id = ?) order by t.seq`,
    batchId,
    taskId ?? null,
    taskId ?? null,
  );
  return await mapInOrder(rows, async (t) => ({
    id: t.id,
    seq: t.seq,
    stop: t.stop,
    bin: t.bin,
    zone: t.zone,
    sku: t.sku,
    name: t.name,
    barcodes: [t.sku, ...(await core.store.raw<{ code: string }>('select code from barcode where product_id = ? order by code', t.product_id)).map((r) => r.code)],
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
