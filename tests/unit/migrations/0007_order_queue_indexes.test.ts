import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0007_order_queue_indexes', () => {
  testMigration('0007_order_queue_indexes', {
    async before(store) {
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      for (let i = 1; i <= 3; i++) {
        await store.raw(
          "insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, ?, ?, 'new', ?, 'USD', 0, 0, 'now', 'now', 'now')",
          `E${i}`,
          `#${i}`,
          `Customer ${i}`,
        );
      }
    },
    async after(store) {
      expect((await store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBe(3);
      const plan = async (q: string, ...p: unknown[]) => (await store.raw<{ detail: string }>(`explain query plan ${q}`, ...p)).map((r) => r.detail).join(' | ');
      // The queue's queries use the new indexes (no temp b-tree sort, no full scan).
      expect(await plan("select id from sales_order where status = 'new' order by id desc limit 50")).toMatch(/USING (COVERING )?INDEX sales_order_status_id/);
      expect(await plan('select id from sales_order where channel_id = 1 order by id desc limit 50')).toMatch(/USING (COVERING )?INDEX sales_order_channel_id/);
      expect(await plan("select id from sales_order where channel_id = 1 and status = 'new' order by id desc limit 50")).toMatch(/USING (COVERING )?INDEX sales_order_channel_status_id/);
      expect(await plan("select id from sales_order where external_id = 'E1'")).toMatch(/INDEX sales_order_external_id/);
      expect(await plan("select id from sales_order indexed by sales_order_customer where customer_name >= 'cust' collate nocase and customer_name < 'cusu' collate nocase")).toMatch(/INDEX sales_order_customer/);
      expect(await plan("select id from sales_order where status = 'new' order by id desc limit 50")).not.toMatch(/TEMP B-TREE/);
    },
  });
});
