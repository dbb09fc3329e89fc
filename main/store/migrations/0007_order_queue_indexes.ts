import { sql, type Kysely } from 'kysely';

/**
 * The order queue at a million orders: every tab, channel filter and search is answered from an
 * index in id order (newest first, keyset-paged), instead of sorting or scanning the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Status tabs and open-order counts: `where status = ? order by id desc`.
  await db.schema.createIndex('sales_order_status_id').on('sales_order').columns(['status', 'id']).execute();
  // Channel filter: `where channel_id = ? order by id desc`.
  await db.schema.createIndex('sales_order_channel_id').on('sales_order').columns(['channel_id', 'id']).execute();
  // Channel filter on a status tab.
  await db.schema.createIndex('sales_order_channel_status_id').on('sales_order').columns(['channel_id', 'status', 'id']).execute();
  // Search by the channel's own order id.
  await db.schema.createIndex('sales_order_external_id').on('sales_order').column('external_id').execute();
  // Search by customer name prefix, case-insensitive like the search box.
  await sql`create index sales_order_customer on sales_order (customer_name collate nocase)`.execute(db);
}
