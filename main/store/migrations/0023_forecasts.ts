import { sql, type Kysely } from 'kysely';

/**
 * The current demand forecast per product and warehouse (main/domain/forecasting/): one row per
 * (product, warehouse), warehouse_id 0 meaning all warehouses together — 0 rather than null so the
 * unique index works the same in SQLite and PostgreSQL (nulls are distinct in both).
 * `next` is JSON [{date, units, lo, hi}] for the horizon (lo/hi: the 80 % band from sd_per_day).
 * The history is not stored: it is read back from the order lines when a page asks.
 *
 * Dialect-neutral (the PostgreSQL port runs the same file): text instants and JSON, real numbers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forecast')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('ses','croston','sba','tsb','holt_winters','zero')`))
    .addColumn('demand_class', 'text', (c) => c.notNull().check(sql`demand_class in ('smooth','erratic','intermittent','lumpy')`))
    // null: no demand at all (the interval is infinite).
    .addColumn('adi', 'real')
    .addColumn('cv2', 'real', (c) => c.notNull())
    .addColumn('per_day', 'real', (c) => c.notNull())
    .addColumn('sd_per_day', 'real', (c) => c.notNull())
    .addColumn('mase', 'real')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('history_days', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forecast_by_product_warehouse').unique().on('forecast').columns(['product_id', 'warehouse_id']).execute();
}
