import { sql, type Kysely } from 'kysely';

/**
 * Orders: sales channels, orders and lines (external identifiers kept exactly as sent),
 * the transition log, and the webhook delivery log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('shopify','woocommerce','csv','manual')`))
    // Webhook secrets are needed in clear to compute HMACs; JSON [{secret, addedAt, retiresAt}].
    .addColumn('secrets', 'text', (c) => c.notNull().defaultTo('[]'))
    // Random path segment of the channel's webhook URL, so URLs are not guessable.
    .addColumn('webhook_key', 'text', (c) => c.notNull().unique())
    .addColumn('default_warehouse_id', 'integer', (c) => c.references('warehouse.id'))
    // JSON { "<shipping method>": businessDays, "*": default }.
    .addColumn('promise_rules', 'text', (c) => c.notNull().defaultTo('{"*":5}'))
    .addColumn('safety_buffer', 'integer', (c) => c.notNull().defaultTo(0).check(sql`safety_buffer >= 0`))
    .addColumn('max_export_qty', 'integer')
    .addColumn('allow_split', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sales_order')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('customer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('customer_email', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('ship_to', 'text') // JSON address
    .addColumn('ship_postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ship_country', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal_cents', 'integer', (c) => c.notNull())
    .addColumn('discount_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shipping_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('payment_status', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('shipping_method', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('promised_date', 'text')
    .addColumn('hold_reason', 'text')
    .addColumn('warehouse_id', 'integer', (c) => c.references('warehouse.id'))
    .addColumn('allocation', 'text') // JSON: decision explanation and per-warehouse reasons
    .addColumn('raw_identifiers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_order_channel_external', ['channel_id', 'external_id'])
    .execute();
  await db.schema.createIndex('sales_order_status').on('sales_order').columns(['status', 'promised_date', 'id']).execute();
  await db.schema.createIndex('sales_order_placed').on('sales_order').columns(['placed_at', 'id']).execute();
  await db.schema.createIndex('sales_order_number').on('sales_order').column('number').execute();

  await db.schema
    .createTable('order_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('external_line_id', 'text')
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.references('product.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addColumn('discount_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warehouse_id', 'integer', (c) => c.references('warehouse.id'))
    .addColumn('shipped_qty', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('order_line_order').on('order_line').column('order_id').execute();
  await db.schema.createIndex('order_line_product').on('order_line').column('product_id').execute();

  await db.schema
    .createTable('order_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('sales_order.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_event_order').on('order_event').column('order_id').execute();

  await db.schema
    .createTable('webhook_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'integer')
    .addColumn('topic', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('remote', 'text')
    .execute();
}
