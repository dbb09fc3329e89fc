import { type Kysely } from 'kysely';

/**
 * Refunds made in a store (Shopify refunds, WooCommerce refunds), one row per channel refund id per
 * order, so a refund delivered twice (refunds/create, then orders/updated, then the pull) is applied
 * once. The money itself lives where the books read it, the `refund` table (0006): a refund of an
 * order already shipped becomes a `refund` row (refund_id); one made before shipping was applied by
 * shrinking or cancelling the order (the sale is booked at shipping, so it is never booked at all).
 *
 * Dialect-neutral (the PostgreSQL port runs the same file): text instants and ids.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_refund')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    // How it was applied: 'booked' (a refund row), 'order_changed' (lines reduced / cancelled before shipping), 'held' (a person decides).
    .addColumn('applied_as', 'text', (c) => c.notNull())
    .addColumn('refund_id', 'integer', (c) => c.references('refund.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_refund_by_order').unique().on('channel_refund').columns(['order_id', 'external_id']).execute();
}
