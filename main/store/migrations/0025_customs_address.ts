import { type Kysely } from 'kysely';

/**
 * Customs (issue #19): a product's customs description (what the declaration says it is, e.g.
 * "cotton T-shirt", as the product name is often marketing), the declaration a shipment went out
 * with (`shipment.customs`, JSON: contents type, incoterm, form, per-line values, sender numbers),
 * the documents made for it (CN22 / CN23 / commercial invoice PDFs), kept so a reprint is the
 * same paper the parcel left with, and an order's customs choice before it ships (contents type,
 * incoterm) as set on its page.
 *
 * Dialect-neutral (the PostgreSQL port runs the same file): text JSON, a blob column.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('product').addColumn('customs_description', 'text').execute();
  await db.schema.alterTable('shipment').addColumn('customs', 'text').execute();
  // The owner's choice for one order before it ships (JSON { contentsType, incoterm }); null: the defaults.
  await db.schema.alterTable('sales_order').addColumn('customs_choice', 'text').execute();
  await db.schema
    .createTable('shipment_document')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipment.id'))
    // 'cn22' | 'cn23' | 'commercial_invoice'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipment_document_by_shipment').on('shipment_document').columns(['shipment_id', 'kind']).execute();
}
