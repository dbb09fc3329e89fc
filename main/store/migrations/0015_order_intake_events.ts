import { sql, type Kysely } from 'kysely';

/**
 * A new order's first two history entries (received; then allocated, backordered, on hold or
 * cancelled) are written with the order's own row, in `sales_order.intake_events` (compact JSON), instead
 * of as two order_event rows: intake is the busiest write there is (one order per webhook in a
 * flash sale), and the history's b-tree was one more WAL page of every order's commit. Later
 * transitions are order_event rows as before; main/domain/orders/order-history.ts reads both as
 * one history. Orders taken before this migration keep their intake entries in order_event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sales_order add column intake_events text`.execute(db);
}
