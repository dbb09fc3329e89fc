import { sqliteOnly } from '../../main/store/store';
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
}

/**
 * Writes orders 1..n straight into the store (tens of thousands in a second), for the queue's
 * paging tests at scale: one 'Shop' channel, an EAST warehouse, and each order as `order(i)` says.
 */
export async function seedQueueOrders(app: App, n: number, order: (i: number) => SeededOrder): Promise<void> {
  await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East' });
  const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'csv' });
  const east = (await app.store.raw<{ id: number }>("select id from warehouse where code = 'EAST'"))[0].id;
  const db = sqliteOnly(app.store, "This test").sqlite;
  const insert = db.prepare(
    `insert into sales_order (id, channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, promised_date, warehouse_id, tags, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'Someone', 'USD', 0, 0, 'now', ?, ?, ?, 'now', 'now')`,
  );
  const tag = db.prepare('insert into order_tag (tag, order_id) values (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const o = order(i);
      insert.run(i, channel.id, `E${i}`, `#${i}`, o.status, o.promised, o.east ? east : null, o.tags);
      for (const t of o.tagRows) tag.run(t, i);
    }
  })();
}
