import { sql } from 'kysely';
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
  const shortageId = (await store.get(
    store.kysely
      .insertInto('pick_shortage')
      .values({
        task_id: task.id,
        batch_id: task.batch_id,
        order_id: task.order_id,
        product_id: task.product_id,
        warehouse_id: input.warehouseId,
        bin_id: task.bin_id,
        lot_id: task.lot_id,
        expected_qty: task.qty,
        found_qty: task.picked_qty,
        outcome: input.outcome,
        status: 'open',
        actor: input.actor,
        created_at: at,
      })
      .returning('id'),
  ))!.id;
  if (task.reservation_id !== null) {
    const reservationId = task.reservation_id;
    const r = await store.get(store.kysely.selectFrom('reservation').select(['quantity', 'balance_id']).where('id', '=', reservationId));
    if (r) {
      const held = Math.min(r.quantity, missing);
      if (held === r.quantity) {
        await store.run(store.kysely.updateTable('reservation').set({ holder_type: SHORTAGE_HOLDER, holder_id: shortageId }).where('id', '=', reservationId));
      } else {
        // Keep the order's part; the balance's reserved total is unchanged by the split.
        await store.run(store.kysely.updateTable('reservation').set({ quantity: sql`quantity - ${held}` }).where('id', '=', reservationId));
        await store.run(
          store.kysely
            .insertInto('reservation')
            .columns(['balance_id', 'product_id', 'warehouse_id', 'quantity', 'holder_type', 'holder_id', 'created_at'])
            .expression((eb) =>
              eb
                .selectFrom('reservation')
                .select(['balance_id', 'product_id', 'warehouse_id', sql<number>`${held}`.as('quantity'), sql<string>`${SHORTAGE_HOLDER}`.as('holder_type'), sql<number>`${shortageId}`.as('holder_id'), sql<string>`${at}`.as('created_at')])
                .where('id', '=', reservationId),
            ),
        );
      }
    }
  }
  // The picker saw only what was taken: whatever else is free in that bin and lot is suspect too.
  // Held as well, so the remainder is re-allocated from another bin or lot, never the same one.
  const suspect = await store.get(
    store.kysely
      .selectFrom('stock_balance')
      .select(['id', 'product_id', 'warehouse_id', sql<number>`on_hand - reserved`.as('free')])
      .where('product_id', '=', task.product_id)
      .where('bin_id', '=', task.bin_id)
      .where(sql`coalesce(lot_id, 0)`, '=', sql`coalesce(${task.lot_id}, 0)`),
  );
  if (suspect && suspect.free > 0) {
    await store.run(
      store.kysely
        .updateTable('stock_balance')
        .set({ reserved: sql`reserved + ${suspect.free}` })
        .where('id', '=', suspect.id)
        .where(sql`on_hand - reserved`, '>=', suspect.free),
    );
    await store.run(
      store.kysely.updateTable('stock_level').set({ reserved: sql`reserved + ${suspect.free}` }).where('product_id', '=', suspect.product_id).where('warehouse_id', '=', suspect.warehouse_id),
    );
    await store.run(
      store.kysely.insertInto('reservation').values({
        balance_id: suspect.id,
        product_id: suspect.product_id,
        warehouse_id: suspect.warehouse_id,
        quantity: suspect.free,
        holder_type: SHORTAGE_HOLDER,
        holder_id: shortageId,
        created_at: at,
      }),
    );
  }
  // A count of the bin to settle it; one already open for the bin is fine, so is none (nothing left to count).
  // Its own savepoint: a refused count must not abort the shortage's transaction (PostgreSQL does that).
  try {
    await store.tx(async () => {
      const warehouse = (await store.get(store.kysely.selectFrom('warehouse').select('code').where('id', '=', input.warehouseId)))!.code;
      const count = await inventory.counts.create({ warehouse, bin: task.bin, blind: true }, input.actor);
      await store.run(store.kysely.updateTable('pick_shortage').set({ count_id: count.id }).where('id', '=', shortageId));
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
    const s = await store.get(store.kysely.selectFrom('pick_shortage').select(['status', 'product_id']).where('id', '=', id));
    if (!s) throw notFound(`Shortage ${id}`);
    if (s.status !== 'open') throw conflict(`Shortage ${id} is already checked`);
    const held = await store.all(
      store.kysely.selectFrom('reservation').select(['id', 'balance_id', 'product_id', 'warehouse_id', 'quantity']).where('holder_type', '=', SHORTAGE_HOLDER).where('holder_id', '=', id),
    );
    for (const r of held) {
      await store.run(store.kysely.updateTable('stock_balance').set({ reserved: sql`reserved - ${r.quantity}` }).where('id', '=', r.balance_id));
      await store.run(
        store.kysely.updateTable('stock_level').set({ reserved: sql`reserved - ${r.quantity}` }).where('product_id', '=', r.product_id).where('warehouse_id', '=', r.warehouse_id),
      );
      await store.run(store.kysely.deleteFrom('reservation').where('id', '=', r.id));
    }
    await store.run(store.kysely.updateTable('pick_shortage').set({ status: 'checked', checked_at: core.clock.now().toISOString() }).where('id', '=', id));
    core.events.publish('stock.changed', { productId: s.product_id });
  });
}

export async function listShortages(core: Core, filter: { warehouseId: number | null; status?: 'open' | 'checked'; limit: number }): Promise<PickShortageDto[]> {
  const { store } = core;
  return (
    await store.all(
      store.kysely
        .selectFrom('pick_shortage as s')
        .innerJoin('sales_order as o', 'o.id', 's.order_id')
        .innerJoin('warehouse as w', 'w.id', 's.warehouse_id')
        .innerJoin('bin', 'bin.id', 's.bin_id')
        .innerJoin('product as p', 'p.id', 's.product_id')
        .leftJoin('lot', 'lot.id', 's.lot_id')
        .select(['s.id', 's.batch_id', 's.order_id', 'o.number', 'w.code as warehouse', 'bin.code as bin', 'p.sku', 'lot.code as lot', 's.expected_qty', 's.found_qty'])
        .select(['s.outcome', 's.count_id', 's.status', 's.actor', 's.created_at'])
        .$if(filter.warehouseId !== null, (q) => q.where('s.warehouse_id', '=', filter.warehouseId!))
        .$if(filter.status !== undefined, (q) => q.where('s.status', '=', filter.status!))
        .orderBy('s.id', 'desc')
        .limit(filter.limit),
    )
  )
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
