import type { PickShortageDto } from '../../../../shared/api/fulfilment';
import { conflict, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { Inventory } from '../../inventory/index';

/**
 * Shortages found while picking: a count discrepancy to check.
 *
 * The units the picker could not find stay on the books (only a count may say they are gone),
 * but they must not be promised again: the task's reservation is handed over to the shortage
 * (holder `pick_shortage`), and so is whatever else was free in that bin and lot, so
 * available-to-sell drops at once and reserveStock cannot pick the same phantom units for the
 * remainder. A blind cycle count of the bin is started. Marking the
 * shortage checked releases the hold — do that before posting the count, so the count can lower
 * on-hand below what the hold reserved.
 */
export const SHORTAGE_HOLDER = 'pick_shortage';

export async function holdShortage(
  core: Core,
  inventory: Inventory,
  input: {
    task: { id: number; batch_id: number; order_id: number; product_id: number; bin_id: number; lot_id: number | null; qty: number; picked_qty: number; reservation_id: number | null; bin: string };
    warehouseId: number;
    missing: number;
    outcome: 'reallocated' | 'backordered';
    actor: string;
  },
): Promise<number> {
  const { store } = core;
  const { task, missing } = input;
  const at = core.clock.now().toISOString();
  const shortageId = (await store.raw<{ id: number }>(
    `insert into pick_shortage (task_id, batch_id, order_id, product_id, warehouse_id, bin_id, lot_id, expected_qty, found_qty, outcome, status, actor, created_at)
     values (?,?,?,?,?,?,?,?,?,?,'open',?,?) returning id`,
    task.id,
    task.batch_id,
    task.order_id,
    task.product_id,
    input.warehouseId,
    task.bin_id,
    task.lot_id,
    task.qty,
    task.picked_qty,
    input.outcome,
    input.actor,
    at,
  ))[0].id;
  if (task.reservation_id !== null) {
    const r = (await store.raw<{ quantity: number; balance_id: number }>('select quantity, balance_id from reservation where id = ?', task.reservation_id))[0];
    if (r) {
      const held = Math.min(r.quantity, missing);
      if (held === r.quantity) {
        await store.raw('update reservation set holder_type = ?, holder_id = ? where id = ?', SHORTAGE_HOLDER, shortageId, task.reservation_id);
      } else {
        // Keep the order's part; the balance's reserved total is unchanged by the split.
        await store.raw('update reservation set quantity = quantity - ? where id = ?', held, task.reservation_id);
        await store.raw(
          'insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) select balance_id, product_id, warehouse_id, ?, ?, ?, ? from reservation where id = ?',
          held,
          SHORTAGE_HOLDER,
          shortageId,
          at,
          task.reservation_id,
        );
      }
    }
  }
  // The picker saw only what was taken: whatever else is free in that bin and lot is suspect too.
  // Held as well, so the remainder is re-allocated from another bin or lot, never the same one.
  const suspect = (await store.raw<{ id: number; product_id: number; warehouse_id: number; free: number }>(
    'select id, product_id, warehouse_id, on_hand - reserved as free from stock_balance where product_id = ? and bin_id = ? and coalesce(lot_id, 0) = coalesce(?, 0)',
    task.product_id,
    task.bin_id,
    task.lot_id,
  ))[0];
  if (suspect && suspect.free > 0) {
    await store.raw('update stock_balance set reserved = reserved + ? where id = ? and on_hand - reserved >= ?', suspect.free, suspect.id, suspect.free);
    await store.raw('update stock_level set reserved = reserved + ? where product_id = ? and warehouse_id = ?', suspect.free, suspect.product_id, suspect.warehouse_id);
    await store.raw(
      'insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) values (?,?,?,?,?,?,?)',
      suspect.id,
      suspect.product_id,
      suspect.warehouse_id,
      suspect.free,
      SHORTAGE_HOLDER,
      shortageId,
      at,
    );
  }
  // A count of the bin to settle it; one already open for the bin is fine, so is none (nothing left to count).
  // Its own savepoint: a refused count must not abort the shortage's transaction (PostgreSQL does that).
  try {
    await store.tx(async () => {
      const warehouse = (await store.raw<{ code: string }>('select code from warehouse where id = ?', input.warehouseId))[0].code;
      const count = await inventory.counts.create({ warehouse, bin: task.bin, blind: true }, input.actor);
      await store.raw('update pick_shortage set count_id = ? where id = ?', count.id, shortageId);
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'VALIDATION' && code !== 'CONFLICT') throw err;
  }
  core.events.publish('stock.changed', { productId: task.product_id });
  return shortageId;
}

/** Releases the hold: the count (or a look at the shelf) has settled the discrepancy. */
export async function checkShortage(core: Core, id: number): Promise<void> {
  const { store } = core;
  await store.tx(async () => {
    const s = (await store.raw<{ status: string; product_id: number }>('select status, product_id from pick_shortage where id = ?', id))[0];
    if (!s) throw notFound(`Shortage ${id}`);
    if (s.status !== 'open') throw conflict(`Shortage ${id} is already checked`);
    for (const r of await store.raw<{ id: number; balance_id: number; product_id: number; warehouse_id: number; quantity: number }>(
      'select id, balance_id, product_id, warehouse_id, quantity from reservation where holder_type = ? and holder_id = ?',
      SHORTAGE_HOLDER,
      id,
    )) {
      await store.raw('update stock_balance set reserved = reserved - ? where id = ?', r.quantity, r.balance_id);
      await store.raw('update stock_level set reserved = reserved - ? where product_id = ? and warehouse_id = ?', r.quantity, r.product_id, r.warehouse_id);
      await store.raw('delete from reservation where id = ?', r.id);
    }
    await store.raw("update pick_shortage set status = 'checked', checked_at = ? where id = ?", core.clock.now().toISOString(), id);
    core.events.publish('stock.changed', { productId: s.product_id });
  });
}

export async function listShortages(core: Core, filter: { warehouseId: number | null; status?: 'open' | 'checked'; limit: number }): Promise<PickShortageDto[]> {
  return (await core.store
    .raw<{
      id: number;
      batch_id: number;
      order_id: number;
      number: string;
      warehouse: string;
      bin: string;
      sku: string;
      lot: string | null;
      expected_qty: number;
      found_qty: number;
      outcome: PickShortageDto['outcome'];
      count_id: number | null;
      status: PickShortageDto['status'];
      actor: string;
      created_at: string;
    }>(
      `select s.id, s.batch_id, s.order_id, o.number, w.code as warehouse, bin.code as bin, p.sku, lot.code as lot, s.expected_qty, s.found_qty,
              s.outcome, s.count_id, s.status, s.actor, s.created_at
       from pick_shortage s join sales_order o on o.id = s.order_id join warehouse w on w.id = s.warehouse_id join bin on bin.id = s.bin_id
       join product p on p.id = s.product_id left join lot on lot.id = s.lot_id
       where (cast(? as bigint) is null or s.warehouse_id = ?) and (cast(? as text) is null or s.status = ?) order by s.id desc limit ?`,
      filter.warehouseId,
      filter.warehouseId,
      filter.status ?? null,
      filter.status ?? null,
      filter.limit,
    ))
    .map((r) => ({
      id: r.id,
      batchId: r.batch_id,
      orderId: r.order_id,
      orderNumber: r.number,
      warehouse: r.warehouse,
      bin: r.bin,
      sku: r.sku,
      lot: r.lot,
      expectedQty: r.expected_qty,
      foundQty: r.found_qty,
      outcome: r.outcome,
      countId: r.count_id,
      status: r.status,
      actor: r.actor,
      createdAt: r.created_at,
    }));
}
