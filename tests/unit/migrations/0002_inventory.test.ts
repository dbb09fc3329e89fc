import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0002_inventory', () => {
  testMigration('0002_inventory', {
    async before(store) {
      await store.raw("insert into setting (key, value) values ('shop.name', 'Corner Shop')");
    },
    async after(store) {
      expect(await store.raw('select value from setting')).toEqual([{ value: 'Corner Shop' }]);
      // A fresh shop can start at once: MAIN with a default bin.
      expect(await store.raw("select w.code, b.code as bin from warehouse w join bin b on b.warehouse_id = w.id")).toEqual([{ code: 'MAIN', bin: 'DEFAULT' }]);
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('abc', 'A', 'now', 'now')");
      await expect((async () => await store.raw("insert into product (sku, name, created_at, updated_at) values ('ABC', 'B', 'now', 'now')"))()).rejects.toThrow(/UNIQUE/);
      await expect((async () => await store.raw('insert into stock_balance (product_id, warehouse_id, bin_id, on_hand) values (1, 1, 1, -1)'))()).rejects.toThrow(/CHECK/);
    },
  });
});
