import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0003_orders', () => {
  testMigration('0003_orders', {
    before(store) {
      store.raw("insert into product (sku, name, created_at, updated_at) values ('TEE', 'Tee', 'now', 'now')");
    },
    after(store) {
      expect(store.raw('select sku from product')).toEqual([{ sku: 'TEE' }]);
      store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      const order = "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, '5678901234567890123', '#1', 'new', 'USD', 0, 0, 'now', 'now', 'now')";
      store.raw(order);
      // Idempotency is enforced by the schema too: (channel, external id) is unique.
      expect(() => store.raw(order)).toThrow(/UNIQUE/);
      expect(store.raw('select external_id from sales_order')).toEqual([{ external_id: '5678901234567890123' }]);
    },
  });
});
