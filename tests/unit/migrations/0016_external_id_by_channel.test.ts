import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0016_external_id_by_channel', () => {
  testMigration('0016_external_id_by_channel', {
    async before(store) {
      await insertAllocatedOrders(store, 2);
    },
    async after(store) {
      expect(await store.raw("select count(*) as n from sqlite_master where name = 'sales_order_external_id'")).toEqual([{ n: 0 }]);
      // The orders are untouched, and (channel, external id) stays unique: idempotent intake rests on it.
      expect(await store.raw('select id, external_id from sales_order order by id')).toEqual([
        { id: 1, external_id: 'x1' },
        { id: 2, external_id: 'x2' },
      ]);
      await expect((async () =>
        await store.raw(
          "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'x1', '#9', 'new', 'USD', 0, 0, 'now', 'now', 'now')",
        ))(),
      ).rejects.toThrow(/UNIQUE/);
    },
  });
});
