import { sql, type Kysely } from 'kysely';

/**
 * Drops `sales_order_placed` (placed_at, id): no query reads orders by placed date (the queue sorts
 * by promise or by id, the dashboards read the order history), and every order written paid for it
 * — one more b-tree insert and one more WAL page per commit, the busiest write in a flash sale.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sales_order_placed`.execute(db);
}
