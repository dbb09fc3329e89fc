import { sql, type Kysely } from 'kysely';

/**
 * An order's history stored by order: order_event becomes a WITHOUT ROWID table keyed by
 * (order_id, seq), so the events of one order sit together in one b-tree and a new order's
 * history costs one b-tree insert instead of a table row plus an order_id index entry. seq counts
 * an order's events from 1 in the order they happened (the old ids' order).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table order_event_by_order (
    order_id integer not null references sales_order(id),
    seq integer not null,
    at text not null,
    from_status text,
    to_status text not null,
    actor text not null,
    reason text not null,
    primary key (order_id, seq)
  ) without rowid`.execute(db);
  await sql`insert into order_event_by_order (order_id, seq, at, from_status, to_status, actor, reason)
    select order_id, row_number() over (partition by order_id order by id), at, from_status, to_status, actor, reason from order_event`.execute(db);
  await sql`drop table order_event`.execute(db);
  await sql`alter table order_event_by_order rename to order_event`.execute(db);
}
