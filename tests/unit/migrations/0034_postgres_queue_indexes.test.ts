import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../main/store/postgres-store';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';
import { onPostgres, tempApp } from '../../helpers/temp-app';

describe('migration 0034_postgres_queue_indexes', () => {
  // SQLite: nothing changes (the indexes are PostgreSQL's; its queue plans are pinned).
  testMigration('0034_postgres_queue_indexes', {
    async before(store) {
      await insertAllocatedOrders(store, 3);
    },
    async after(store) {
      expect((await store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBe(3);
      const indexes = await store.raw<{ name: string }>("select name from sqlite_master where type = 'index' and name in ('order_line_warehouse', 'sales_order_unallocated')");
      expect(indexes).toEqual([]);
    },
  });

  it.runIf(onPostgres)('gives the queue its warehouse indexes on PostgreSQL, and the planner uses them', async () => {
    const app = await tempApp();
    try {
      const store = app.store as PostgresStore;
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East' });
      const [{ id: east }] = await store.raw<{ id: number }>("select id from warehouse where code = 'EAST'");
      for (let n = 1; n <= 4; n++) {
        await store.raw(
          "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at, warehouse_id) values (1, ?, ?, ?, 'USD', 0, 0, 'now', 'now', 'now', ?)",
          `x${n}`,
          `#${n}`,
          n % 2 ? 'new' : 'picking',
          n % 2 ? null : east,
        );
      }
      const names = (await store.raw<{ indexname: string }>("select indexname from pg_indexes where indexname in ('order_line_warehouse', 'sales_order_unallocated') order by 1")).map((r) => r.indexname);
      expect(names).toEqual(['order_line_warehouse', 'sales_order_unallocated']);
      // Tiny tables favour sequential scans: forbid them to see that each index answers its filter.
      const plan = async (sql: string, ...params: unknown[]) =>
        store.tx(async () => {
          await store.raw('set local enable_seqscan = off');
          return (await store.raw<{ 'QUERY PLAN': string }>(`explain ${sql}`, ...params)).map((r) => r['QUERY PLAN']).join('\n');
        });
      expect(await plan("select id from sales_order where status = 'new' and warehouse_id is null order by id desc limit 50")).toMatch(/sales_order_unallocated/);
      expect(await plan('select order_id from order_line where warehouse_id = ?', east)).toMatch(/order_line_warehouse/);
      // The queue's filters answer as before.
      const unallocated = (await app.invoke('orders.list', { warehouse: null, status: 'new', limit: 50 })) as { rows: { number: string }[] };
      expect(unallocated.rows.map((r) => r.number)).toEqual(['#3', '#1']);
      const inEast = (await app.invoke('orders.list', { warehouse: 'EAST', limit: 50 })) as { rows: { number: string }[] };
      expect(inEast.rows.map((r) => r.number)).toEqual(['#4', '#2']);
    } finally {
      await app.cleanup();
    }
  });
});
