import { sql, type Kysely } from 'kysely';

/**
 * Flash-sale mode (issue 17, item 6): which SKUs sell from per-channel quotas, and each channel's
 * quota with the exposure its storefront has acknowledged (see main/domain/channels/quotas.ts).
 * Units sold against a quota are not stored: they are the channel's order lines since the drop
 * started (`order_watermark`), read from the orders ledger, so they cannot drift from it.
 *
 * Dialect-neutral (the PostgreSQL port runs the same file): text instants, integer flags.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drop_sku')
    .addColumn('product_id', 'integer', (c) => c.primaryKey().references('product.id').onDelete('cascade'))
    // The owner marked it a drop (stays until unmarked) ...
    .addColumn('owner_marked', 'integer', (c) => c.notNull().defaultTo(0))
    // ... or the automatic trigger did (low stock for the recent sales rate; leaves with hysteresis).
    .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text', (c) => c.notNull())
    // The last order id when the drop started: units sold against a quota are the lines of later orders.
    .addColumn('order_watermark', 'integer', (c) => c.notNull())
    .addColumn('marked_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('drop_sku_flags', sql`owner_marked in (0, 1) and auto in (0, 1)`)
    .execute();

  await db.schema
    .createTable('channel_quota')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('drop_sku.product_id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    // The store location the quota is shown at ('' for a store with one location).
    .addColumn('location_id', 'text', (c) => c.notNull())
    // Units granted to the channel since the drop started, its sales included.
    .addColumn('quota', 'integer', (c) => c.notNull())
    // Upper bound of what the storefront has had to sell since the drop started (acknowledged figures,
    // plus raises sent whose answer is unknown).
    .addColumn('exposed', 'integer', (c) => c.notNull())
    // The part of `exposed` added by a raise that is being sent: taken back if the store certainly refused it.
    .addColumn('raise_in_flight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_quota_pk', ['product_id', 'channel_id'])
    .addCheckConstraint('channel_quota_non_negative', sql`quota >= 0 and exposed >= 0 and raise_in_flight >= 0`)
    .execute();

  // Units sold against a quota: the product's lines of orders after the watermark, by range.
  await db.schema.createIndex('order_line_product_order').on('order_line').columns(['product_id', 'order_id']).execute();
}
