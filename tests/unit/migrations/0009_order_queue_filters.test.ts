import { eachInOrder } from '../../../main/util/in-order';
import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0009_order_queue_filters', () => {
  testMigration('0009_order_queue_filters', {
    async before(store) {
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      const tags = ['VIP, gift', '', 'vipx', ' Vip ,vip,Wholesale ', ','];
      await eachInOrder(tags, async (t, i) =>
        await store.raw(
          "insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, tags, placed_at, created_at, updated_at) values (1, ?, ?, 'new', 'C', 'USD', 0, 0, ?, 'now', 'now', 'now')",
          `E${i + 1}`,
          `#${i + 1}`,
          t,
        ),
      );
    },
    async after(store) {
      // Backfilled: one row per whole tag and order, trimmed, lower-cased, without duplicates.
      expect(await store.raw('select tag, order_id from order_tag order by order_id, tag')).toEqual([
        { tag: 'gift', order_id: 1 },
        { tag: 'vip', order_id: 1 },
        { tag: 'vipx', order_id: 3 },
        { tag: 'vip', order_id: 4 },
        { tag: 'wholesale', order_id: 4 },
      ]);
      // The tag filter reads its primary key newest first, without a sort.
      const plan = (await store
        .raw<{ detail: string }>("explain query plan select order_id from order_tag where tag = 'vip' and order_id < 10 order by order_id desc limit 50"))
        .map((r) => r.detail)
        .join(' | ');
      expect(plan).toMatch(/USING PRIMARY KEY/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
      // No new index on sales_order (order intake pays for each one).
      expect((await store.raw<{ name: string }>("select name from sqlite_master where type = 'index' and tbl_name = 'sales_order' and name not like 'sqlite_autoindex%' order by name")).map((r) => r.name)).toEqual([
        'sales_order_channel_id',
        'sales_order_channel_status_id',
        'sales_order_customer',
        'sales_order_external_id',
        'sales_order_number',
        'sales_order_placed',
        'sales_order_status',
        'sales_order_status_id',
      ]);
    },
  });
});
