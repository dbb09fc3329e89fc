import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0020_flash_sale_quotas', () => {
  testMigration('0020_flash_sale_quotas', {
    async before(store) {
      await insertAllocatedOrders(store, 2);
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('DROP-1', 'Sneaker drop', 'now', 'now')");
      await store.raw("insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents) values (1, 1, 'DROP-1', 1, 'Sneaker drop', 2, 1000)");
    },
    async after(store) {
      // Orders and lines are untouched; a drop and its quotas can be recorded.
      expect(await store.raw('select order_id, quantity from order_line')).toEqual([{ order_id: 1, quantity: 2 }]);
      await store.raw("insert into drop_sku (product_id, owner_marked, started_at, order_watermark, updated_at) values (1, 1, 'now', 2, 'now')");
      await store.raw("insert into channel_quota (product_id, channel_id, location_id, quota, exposed, updated_at) values (1, 1, '', 40, 40, 'now')");
      await expect((async () => await store.raw("insert into channel_quota (product_id, channel_id, location_id, quota, exposed, updated_at) values (1, 1, '', 1, 1, 'now')"))()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect((async () => await store.raw('update channel_quota set quota = -1'))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw('update drop_sku set auto = 2'))()).rejects.toThrow(/CHECK/);
      // The sold-against-a-quota query reads the new index by range.
      const plan = await store.raw<{ detail: string }>('explain query plan select sum(quantity) from order_line where product_id = 1 and order_id > 2');
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/order_line_product_order/);
      // Ending the drop removes its quotas with it.
      await store.raw('delete from drop_sku');
      expect(await store.raw('select count(*) as n from channel_quota')).toEqual([{ n: 0 }]);
    },
  });
});
