import { sql, type Kysely } from 'kysely';

/**
 * Channel sync (issue 17): a sales channel connected to its store's API, the store's locations
 * mapped to warehouses, products without a SKU mapped once, the durable outbox of everything sent
 * to the stores, what each shipment's fulfilment became there, and the last stock figure pushed
 * per SKU and location (the compare-and-set baseline).
 *
 * Dialect-neutral on purpose (the PostgreSQL port runs the same file): text instants, integer
 * flags, JSON as text, partial unique index by a plain predicate.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_connection')
    .addColumn('channel_id', 'integer', (c) => c.primaryKey().references('channel.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // The credentials as JSON: sealed by the OS keychain (safeStorage, base64) or plain text in a 0600 file.
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('credential_storage', 'text', (c) => c.notNull())
    .addColumn('credential_hint', 'text', (c) => c.notNull())
    .addColumn('shop_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('simulated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('last_pull_at', 'text')
    .addColumn('pull_cursor', 'text')
    .addColumn('notify_customer', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('backfill_days', 'integer', (c) => c.notNull().defaultTo(7))
    // The stock reconciliation reads a large catalogue in slices, one per pass: the last SKU it checked.
    .addColumn('stock_check_cursor', 'text')
    .addCheckConstraint('channel_connection_platform', sql`platform in ('shopify', 'woocommerce')`)
    .addCheckConstraint('channel_connection_storage', sql`credential_storage in ('safeStorage', 'database')`)
    .addCheckConstraint('channel_connection_status', sql`status in ('connected', 'needs_attention', 'disconnected')`)
    .execute();

  await db.schema
    .createTable('channel_location')
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Null: stock of this location is not pushed from Shipshape.
    .addColumn('warehouse_id', 'integer', (c) => c.references('warehouse.id'))
    .addPrimaryKeyConstraint('channel_location_pk', ['channel_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('channel_product_map')
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('mapped_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_product_map_pk', ['channel_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('sync_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('coalesce_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // Bumped whenever a pending row is coalesced with a newer change: the sender marks a row sent
    // only if it still has the revision it sent, so a change made during the send is not lost.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('result', 'text')
    .addCheckConstraint('sync_outbox_kind', sql`kind in ('fulfilment', 'fulfilment_cancel', 'stock')`)
    .addCheckConstraint('sync_outbox_state', sql`state in ('pending', 'sent', 'failed', 'dead')`)
    .execute();
  // At most one pending row per key: a burst of changes to one SKU at one location is one row.
  await db.schema
    .createIndex('sync_outbox_pending_key')
    .on('sync_outbox')
    .columns(['channel_id', 'coalesce_key'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  // The worker's "what is due" and the status screen's backlog.
  await db.schema.createIndex('sync_outbox_due').on('sync_outbox').columns(['state', 'channel_id', 'next_attempt_at']).execute();

  await db.schema
    .createTable('channel_fulfilment')
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipment.id'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addColumn('external_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('channel_fulfilment_pk', ['shipment_id', 'channel_id'])
    .addCheckConstraint('channel_fulfilment_state', sql`state in ('pending', 'sent', 'failed', 'cancel_pending', 'cancelled')`)
    .execute();

  // The compare-and-set baseline: the figure Shipshape last set at the store (location '' for a
  // store with one location), or that the store does not list the SKU at all.
  await db.schema
    .createTable('channel_stock_push')
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channel.id').onDelete('cascade'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer')
    .addColumn('unknown_sku', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pushed_at', 'text', (c) => c.notNull())
    // The store's count as read by the last reconciliation pass when it was below our figure (null:
    // not short). A count lower than ours may be a storefront sale whose order has not arrived yet;
    // it is raised only when the next pass reads the same count again (stock-reconcile.ts).
    .addColumn('short_seen', 'integer')
    .addPrimaryKeyConstraint('channel_stock_push_pk', ['channel_id', 'sku', 'location_id'])
    .execute();
}
