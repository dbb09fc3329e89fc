import { sql, type Kysely } from 'kysely';

/**
 * Order queue tag filter: one row per (tag, order), the tag trimmed and lower-cased, so "VIP"
 * finds orders tagged "vip" or "Vip" but never "vipx". The primary key (tag, order_id) is the
 * index the filter reads newest first (`where tag = ? and order_id < ? order by order_id desc`);
 * WITHOUT ROWID keeps it one b-tree, so each tag costs order intake one small insert and orders
 * without tags cost nothing. `sales_order.tags` stays the text the channel sent (shown on the
 * order page); this table is kept in step with it by `writeOrderTags` (main/domain/orders/order-tags.ts).
 *
 * No new index on sales_order: the warehouse and promise-date filters are served by the existing
 * indexes (0003's (status, promised_date, id), 0007's id-ordered ones) and bounded scans.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table order_tag (
    tag text not null,
    order_id integer not null references sales_order(id),
    primary key (tag, order_id)
  ) without rowid`.execute(db);

  // Backfill from the comma-separated column, in id pages (bounded memory at a million orders).
  // Same normalisation as writeOrderTags at the time of writing (frozen here on purpose).
  const PAGE = 5000;
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; tags: string }>`select id, tags from sales_order where id > ${after} and tags <> '' order by id limit ${PAGE}`.execute(db);
    if (rows.length === 0) break;
    const pairs: [string, number][] = [];
    for (const r of rows) {
      const seen = new Set<string>();
      for (const t of r.tags.split(',')) {
        const tag = t.trim().toLowerCase();
        if (tag && !seen.has(tag)) {
          seen.add(tag);
          pairs.push([tag, r.id]);
        }
      }
    }
    // 400 pairs per statement stays under SQLite's bound-parameter limit.
    for (let i = 0; i < pairs.length; i += 400) {
      const chunk = pairs.slice(i, i + 400);
      await sql`insert or ignore into order_tag (tag, order_id) values ${sql.join(chunk.map(([tag, id]) => sql`(${tag}, ${id})`))}`.execute(db);
    }
    after = rows[rows.length - 1].id;
  }
}
