import { sql, type Kysely } from 'kysely';

/**
 * Batch labels: "create labels for these 40 orders" is one batch, so the owner can see what it
 * shipped and what failed (and why) afterwards, and void the whole batch in one action.
 * One item per order, in pick order (`seq`): its shipment once created, or the reason it failed.
 *
 * Dialect-neutral (the PostgreSQL port runs the same file): text instants, integer ids.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipment_batch')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('created').check(sql`status in ('created','voided')`))
    .addColumn('printer', 'text')
    .addColumn('slip_printer', 'text')
    // JSON array of the packing slips' print job ids, in pick order.
    .addColumn('slip_jobs', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', 'text')
    .execute();
  await db.schema
    .createTable('shipment_batch_item')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('shipment_batch.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('shipment_id', 'integer', (c) => c.references('shipment.id'))
    // Why the order did not ship (null when it did).
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('shipment_batch_item_pk', ['batch_id', 'seq'])
    .execute();
  await db.schema.createIndex('shipment_batch_item_shipment').on('shipment_batch_item').columns(['shipment_id']).execute();
}
