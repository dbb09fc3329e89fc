import type { Kysely } from 'kysely';

/**
 * Sorting the order queue by Total or Placed at a million orders: a state's tab reads its
 * (status, value, id) range in order, keyset-paged, and the All tab merges the states' ranges,
 * instead of sorting every order for one page. Only these two: every order written pays for each
 * index (see 0011); the promised date has (status, promised_date, id) and the number is the id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sales_order_status_total').on('sales_order').columns(['status', 'total_cents', 'id']).execute();
  await db.schema.createIndex('sales_order_status_placed').on('sales_order').columns(['status', 'placed_at', 'id']).execute();
}
