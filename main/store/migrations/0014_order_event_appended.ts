import { sql, type Kysely } from 'kysely';

/**
 * order_event becomes a rowid table whose key is `order_id * 65536 + seq` (checked), so each new
 * order's history is appended at the table's right edge. As a WITHOUT ROWID table (0010) every
 * append made SQLite rebalance the full right-most leaves with their siblings: two WAL pages per
 * new order where an append to a rowid table writes one. An order's events stay together (one
 * rowid range, read in order), and order_id and seq stay columns for queries that group by order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table order_event_appended (
    id integer primary key,
    order_id integer not null references sales_order(id),
    seq integer not null check (seq between 1 and 65535),
    at text not null,
    from_status text,
    to_status text not null,
    actor text not null,
    reason text not null,
    check (id = order_id * 65536 + seq)
  )`.execute(db);
  await sql`insert into order_event_appended (id, order_id, seq, at, from_status, to_status, actor, reason)
    select order_id * 65536 + seq, order_id, seq, at, from_status, to_status, actor, reason from order_event order by order_id, seq`.execute(db);
  await sql`drop table order_event`.execute(db);
  await sql`alter table order_event_appended rename to order_event`.execute(db);
}
