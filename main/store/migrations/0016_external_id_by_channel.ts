import { sql, type Kysely } from 'kysely';

/**
 * Drops `sales_order_external_id` (external_id): the queue's search by a channel's own order id
 * now probes the unique (channel_id, external_id) key once per channel (a shop has a handful), so
 * this index only cost every order written one more b-tree insert — the busiest write there is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sales_order_external_id`.execute(db);
}
