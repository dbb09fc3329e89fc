import type { App } from '../../main/app';

export interface SeededOrder {
  status: string;
  promised: string | null;
  /** Allocated to the EAST warehouse (created here), else unallocated. */
  east: boolean;
  /** The order's tags column, as the channel sent it. */
  tags: string;
  /** Rows for the tag filter's order_tag table (normalised tags). */
  tagRows: string[];
  /** Defaults: 0 and 'now'. */
  totalCents?: number;
  placedAt?: string;
}

/** Orders per statement on PostgreSQL (each column goes as one array parameter). */
const PG_BATCH = 50_000;

/**
 * Writes orders 1..n straight into the store (tens of thousands in a second), for the queue's
 * paging tests at scale: one 'Shop' channel, an EAST warehouse, and each order as `order(i)` says.
 * SQLite: prepared statements in one transaction. PostgreSQL: `insert … select from unnest(…)`,
 * a batch of orders per statement, then the id sequence moved past them (ids are given here).
 */
export async function seedQueueOrders(app: App, n: number, order: (i: number) => SeededOrder): Promise<void> {
  await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East' });
  const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'csv' });
  const east = (await app.store.raw<{ id: number }>("select id from warehouse where code = 'EAST'"))[0].id;
  const store = app.store;
  if (store.engine === 'postgres') {
    await store.tx(async () => {
      for (let from = 1; from <= n; from += PG_BATCH) {
        const cols = { id: [] as number[], status: [] as string[], promised: [] as (string | null)[], warehouse: [] as (number | null)[], tags: [] as string[], total: [] as number[], placed: [] as string[] };
        const tagRows = { tag: [] as string[], order: [] as number[] };
        for (let i = from; i <= Math.min(n, from + PG_BATCH - 1); i++) {
          const o = order(i);
          cols.id.push(i);
          cols.status.push(o.status);
          cols.promised.push(o.promised);
          cols.warehouse.push(o.east ? east : null);
          cols.tags.push(o.tags);
          cols.total.push(o.totalCents ?? 0);
          cols.placed.push(o.placedAt ?? 'now');
          for (const t of o.tagRows) {
            tagRows.tag.push(t);
            tagRows.order.push(i);
          }
        }
        await store.raw(
          `insert into sales_order (id, channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, promised_date, warehouse_id, tags, created_at, updated_at)
           select s.id, cast(? as bigint), 'E' || s.id, '#' || s.id, s.status, 'Someone', 'USD', 0, s.total, s.placed, s.promised, s.warehouse, s.tags, 'now', 'now'
           from unnest(cast(? as bigint[]), cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as text[]), cast(? as bigint[]), cast(? as text[])) as s (id, status, promised, warehouse, tags, total, placed)`,
          channel.id, cols.id, cols.status, cols.promised, cols.warehouse, cols.tags, cols.total, cols.placed,
        );
        if (tagRows.tag.length) await store.raw('insert into order_tag (tag, order_id) select * from unnest(cast(? as text[]), cast(? as bigint[]))', tagRows.tag, tagRows.order);
      }
      await store.raw("select setval(pg_get_serial_sequence('sales_order', 'id'), (select max(id) from sales_order))");
    });
    // Fresh statistics, as a database that grew to this size would have (autovacuum's analyze).
    await store.raw('analyze sales_order');
    await store.raw('analyze order_tag');
    return;
  }
  const db = store.sqlite;
  const insert = db.prepare(
    `insert into sales_order (id, channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, promised_date, warehouse_id, tags, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'Someone', 'USD', 0, ?, ?, ?, ?, ?, 'now', 'now')`,
  );
  const tag = db.prepare('insert into order_tag (tag, order_id) values (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const o = order(i);
      insert.run(i, channel.id, `E${i}`, `#${i}`, o.status, o.totalCents ?? 0, o.placedAt ?? 'now', o.promised, o.east ? east : null, o.tags);
      for (const t of o.tagRows) tag.run(t, i);
    }
  })();
}
