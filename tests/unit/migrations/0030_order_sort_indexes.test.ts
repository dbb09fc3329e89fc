import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0030_order_sort_indexes', () => {
  testMigration('0030_order_sort_indexes', {
    async before(store) {
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      for (let i = 1; i <= 3; i++) {
        await store.raw(
          "insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, ?, ?, 'new', ?, 'USD', 0, ?, 'now', 'now', 'now')",
          `E${i}`,
          `#${i}`,
          `Customer ${i}`,
          i * 100,
        );
      }
    },
    async after(store) {
      expect((await store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBe(3);
      const plan = async (q: string) => (await store.raw<{ detail: string }>(`explain query plan ${q}`)).map((r) => r.detail).join(' | ');
      // Each column sort walks an index in (value, id) order: no sort of the whole table.
      const sorted = [
        ["select id from sales_order where status = 'new' order by total_cents, id limit 50", 'sales_order_status_total'],
        ["select id from sales_order where status = 'new' order by placed_at desc, id desc limit 50", 'sales_order_status_placed'],
        ["select id from sales_order where status = 'new' and (total_cents, id) > (100, 1) order by total_cents, id limit 50", 'sales_order_status_total'],
      ] as const;
      for (const [query, index] of sorted) {
        expect(await plan(query)).toMatch(new RegExp(`INDEX ${index}`));
        expect(await plan(query)).not.toMatch(/TEMP B-TREE/);
      }
    },
  });
});
