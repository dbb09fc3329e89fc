import { sql, type Kysely } from 'kysely';

/**
 * The replenishment autopilot: each run (daily or on demand) with its budget and what it spent,
 * and the suggestions it made — one per product and supplier, with the one-sentence arithmetic, the
 * stockout risk it was ranked by, and what became of it (approved onto a draft PO, skipped, left
 * out by the budget with the reason, or replaced by a later run). Dialect-neutral.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('replenishment_run')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`"trigger" in ('daily','manual')`))
    // The shop day the run planned for (the daily worker runs once per shop day).
    .addColumn('shop_day', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    // The period's budget, what approvals had already committed in it, and what this run planned (minor units).
    .addColumn('budget_cents', 'integer', (c) => c.notNull())
    .addColumn('committed_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('planned_cents', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: counts, exceptions and timings of the run, for the screen and the audit log.
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('replenishment_run_by_day').on('replenishment_run').columns(['shop_day', 'trigger']).execute();

  await db.schema
    .createTable('replenishment_suggestion')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('replenishment_run.id'))
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('supplier.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    // What the policy proposed, and the quantity after the owner's edit (equal until edited).
    .addColumn('proposed_qty', 'integer', (c) => c.notNull().check(sql`proposed_qty >= 0`))
    .addColumn('qty', 'integer', (c) => c.notNull().check(sql`qty >= 0`))
    .addColumn('case_pack', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull().check(sql`unit_cost_cents >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('abc_class', 'text', (c) => c.notNull())
    .addColumn('per_day', 'real', (c) => c.notNull().defaultTo(0))
    // Stockout risk before an order could arrive (0..1), and risk × margin per day: the rank.
    .addColumn('stockout_risk', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('risk_score', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','approved','skipped','left_out','superseded')`),
    )
    // Why the budget or the supplier minimum left it out, or why the owner skipped it.
    .addColumn('status_reason', 'text')
    .addColumn('po_id', 'integer', (c) => c.references('purchase_order.id'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('replenishment_suggestion_by_run').on('replenishment_suggestion').columns(['run_id', 'status']).execute();
  await db.schema.createIndex('replenishment_suggestion_by_status').on('replenishment_suggestion').columns(['status', 'decided_at']).execute();
}
