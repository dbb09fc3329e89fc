import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0003_orders', () => {
  testMigration('0003_orders', {
    async before(store) {
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('TEE', 'Tee', 'now', 'now')");
    },
    async after(store) {
      expect(await store.raw('select sku from product')).toEqual([{ sku: 'TEE' }]);
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      const order = "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, '5678901234567890123', '#1', 'new', 'USD', 0, 0, 'now', 'now', 'now')";
      await store.raw(order);
      // Idempotency is enforced by the schema too: (channel, external id) is unique.
      await expect((async () => await store.raw(order))()).rejects.toThrow(/UNIQUE/);
      expect(await store.raw('select external_id from sales_order')).toEqual([{ external_id: '5678901234567890123' }]);
    },
  });
});
