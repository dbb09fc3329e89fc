import { sql, type Kysely } from 'kysely';

/**
 * Fulfilment: pick batches (a cart of totes, one order per tote) with their stored route, pick
 * tasks in route order, shortages found while picking, packing sessions at stations with a
 * timestamped event trail, RMAs (returns) graded per unit, and refunds for accounting.
 *
 * Lengths are integer millimetres (the route through the bins is planned in metres and rounded
 * once, when stored). Weights are grams, money integer cents.
 *
 * Claiming an order at a packing station is a row in pack_session; a partial unique index allows
 * one *active* session per order, so two stations that scan the same order at the same moment
 * cannot both win: the second insert fails inside its transaction (see packing-service.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pick_batch')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','picking','done','cancelled')`))
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('zone_key', 'text')
    // Walking distance of the stored route, depot to depot, whole millimetres.
    .addColumn('route_length_mm', 'integer', (c) => c.notNull().check(sql`route_length_mm >= 0`))
    .addColumn('route_method', 'text', (c) => c.notNull().check(sql`route_method in ('exact','heuristic','s-shape','none')`))
    // JSON array of bin codes in visiting order (each bin once).
    .addColumn('route', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cart_capacity', 'integer', (c) => c.notNull().check(sql`cart_capacity > 0`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('pick_batch_status').on('pick_batch').columns(['status', 'warehouse_id', 'id']).execute();

  await db.schema
    .createTable('pick_batch_order')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('pick_batch.id').onDelete('cascade'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('tote', 'integer', (c) => c.notNull().check(sql`tote > 0`))
    // picking -> picked (everything in the tote) | short (re-allocated and picked) | backordered (left the batch)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('picking').check(sql`status in ('picking','picked','backordered','removed')`))
    .addPrimaryKeyConstraint('pick_batch_order_pk', ['batch_id', 'order_id'])
    .addUniqueConstraint('pick_batch_order_tote', ['batch_id', 'tote'])
    .execute();
  await db.schema.createIndex('pick_batch_order_order').on('pick_batch_order').columns(['order_id']).execute();

  await db.schema
    .createTable('pick_task')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('pick_batch.id').onDelete('cascade'))
    // Position in the pick list (route order); re-allocated remainders are appended.
    .addColumn('seq', 'integer', (c) => c.notNull())
    // 1-based stop of the route (tasks in one bin share it); null when the bin is off the layout.
    .addColumn('stop', 'integer')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('order_line_id', 'integer', (c) => c.notNull().references('order_line.id'))
    // The reservation this task consumes. Not a foreign key: a fully picked reservation is deleted.
    .addColumn('reservation_id', 'integer')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('tote', 'integer', (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull().check(sql`qty > 0`))
    .addColumn('picked_qty', 'integer', (c) => c.notNull().defaultTo(0).check(sql`picked_qty >= 0 and picked_qty <= qty`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','picked','short','cancelled')`))
    .addColumn('bin_scanned_at', 'text')
    .addColumn('picked_at', 'text')
    .addColumn('picked_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pick_task_batch_seq', ['batch_id', 'seq'])
    .execute();
  await db.schema.createIndex('pick_task_order').on('pick_task').columns(['order_id', 'status']).execute();
  // The slotting report reads last month's picks by time.
  await db.schema.createIndex('pick_task_picked_at').on('pick_task').columns(['picked_at']).execute();

  // What a picker did not find: a count discrepancy to check (with the cycle count started for it).
  await db.schema
    .createTable('pick_shortage')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('pick_task.id').onDelete('cascade'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('pick_batch.id').onDelete('cascade'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('expected_qty', 'integer', (c) => c.notNull())
    .addColumn('found_qty', 'integer', (c) => c.notNull().check(sql`found_qty >= 0`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('reallocated','backordered')`))
    .addColumn('count_id', 'integer', (c) => c.references('cycle_count.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','checked')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .execute();
  await db.schema.createIndex('pick_shortage_status').on('pick_shortage').columns(['status', 'warehouse_id']).execute();

  await db.schema
    .createTable('pack_session')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('station_id', 'integer', (c) => c.notNull().references('packing_station.id'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('packing').check(sql`status in ('packing','shipped','released')`))
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('box_code', 'text')
    .addColumn('box_tare_g', 'integer')
    .addColumn('expected_weight_g', 'integer')
    .addColumn('measured_weight_g', 'integer')
    .addColumn('weight_ok', 'integer')
    .addColumn('override_reason', 'text')
    .addColumn('override_by', 'text')
    .addColumn('service', 'text')
    .addColumn('rate_cents', 'integer')
    .addColumn('shipment_id', 'integer')
    .addColumn('tracking_number', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  // WARNING — this index is the whole of "two stations never pack the same order".
  await sql`create unique index pack_session_active_order on pack_session (order_id) where status = 'packing'`.execute(db);
  await db.schema.createIndex('pack_session_station').on('pack_session').columns(['station_id', 'status']).execute();

  await db.schema
    .createTable('pack_line')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('pack_session.id').onDelete('cascade'))
    .addColumn('order_line_id', 'integer', (c) => c.notNull().references('order_line.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('expected_qty', 'integer', (c) => c.notNull().check(sql`expected_qty > 0`))
    .addColumn('verified_qty', 'integer', (c) => c.notNull().defaultTo(0).check(sql`verified_qty >= 0 and verified_qty <= expected_qty`))
    // JSON array of lot codes scanned for lot-tracked items.
    .addColumn('lots', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('pack_line_pk', ['session_id', 'order_line_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('pack_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('pack_session.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn(
      'kind',
      'text',
      (c) =>
        c
          .notNull()
          .check(sql`kind in ('claim','scan_order','verify','wrong_item','line_done','weight','mismatch','override','box','rate','label','slip','shipped','released')`),
    )
    // JSON with what happened (code scanned, grams read, reason, service, tracking number, ...).
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pack_event_session').on('pack_event').columns(['session_id', 'id']).execute();
  await db.schema.createIndex('pack_event_at').on('pack_event').columns(['at']).execute();

  await db.schema
    .createTable('rma')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','received','closed','cancelled')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('refund_cents', 'integer', (c) => c.notNull().check(sql`refund_cents >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('return_tracking', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addColumn('received_station_id', 'integer', (c) => c.references('packing_station.id').onDelete('set null'))
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('rma_order').on('rma').columns(['order_id']).execute();

  await db.schema
    .createTable('rma_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('rma_id', 'integer', (c) => c.notNull().references('rma.id').onDelete('cascade'))
    .addColumn('order_line_id', 'integer', (c) => c.notNull().references('order_line.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('qty', 'integer', (c) => c.notNull().check(sql`qty > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('graded_qty', 'integer', (c) => c.notNull().defaultTo(0).check(sql`graded_qty >= 0 and graded_qty <= qty`))
    .execute();

  // One row per returned unit: its grade, where it went, and the ledger movement that put it there.
  await db.schema
    .createTable('rma_unit')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('rma_line_id', 'integer', (c) => c.notNull().references('rma_line.id').onDelete('cascade'))
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('resellable','damaged','defective')`))
    .addColumn('disposition', 'text', (c) => c.notNull().check(sql`disposition in ('restock','quarantine','scrap')`))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('movement_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('graded_at', 'text', (c) => c.notNull())
    .execute();

  // Refunds owed/paid to customers, for the accounting export (each exported once).
  await db.schema
    .createTable('refund')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('rma_id', 'integer', (c) => c.references('rma.id').onDelete('set null'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('exported_at', 'text')
    .execute();
  await db.schema.createIndex('refund_recorded').on('refund').columns(['recorded_at']).execute();
}
