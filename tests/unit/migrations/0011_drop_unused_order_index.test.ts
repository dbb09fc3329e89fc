import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0011_drop_unused_order_index', () => {
  testMigration('0011_drop_unused_order_index', {
    async before(store) {
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      await store.raw(
        "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'E1', '#1', 'new', 'USD', 0, 0, '2026-11-01T10:00:00Z', 'now', 'now')",
      );
    },
    async after(store) {
      expect(await store.raw("select count(*) as n from sqlite_master where name = 'sales_order_placed'")).toEqual([{ n: 0 }]);
      // The orders and the indexes the queue reads are untouched.
      expect(await store.raw('select external_id, placed_at from sales_order')).toEqual([{ external_id: 'E1', placed_at: '2026-11-01T10:00:00Z' }]);
      const indexes = (await store.raw<{ name: string }>("select name from sqlite_master where type = 'index' and tbl_name = 'sales_order' order by name")).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['sales_order_status', 'sales_order_status_id', 'sales_order_channel_id', 'sales_order_channel_status_id', 'sales_order_external_id', 'sales_order_customer', 'sales_order_number']));
    },
  });
});
