import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

const insert = "insert into forecast (product_id, warehouse_id, method, demand_class, adi, cv2, per_day, sd_per_day, mase, reason, next, history_days, computed_at) values (1, ?, ?, 'smooth', 1, 0.1, 2.5, 1.2, 0.8, 'why', '[]', 365, 'now')";

describe('migration 0023_forecasts', () => {
  testMigration('0023_forecasts', {
    async before(store) {
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('MUG-1', 'Mug', 'now', 'now')");
    },
    async after(store) {
      // Products are untouched; one forecast per product and warehouse (0 = all warehouses).
      expect(await store.raw('select sku from product')).toEqual([{ sku: 'MUG-1' }]);
      await store.raw(insert, 0, 'ses');
      await store.raw(insert, 1, 'holt_winters');
      await expect((async () => await store.raw(insert, 0, 'sba'))()).rejects.toThrow(/UNIQUE/);
      await expect((async () => await store.raw(insert, 2, 'arima'))()).rejects.toThrow(/CHECK/);
      expect(await store.raw('select warehouse_id, method from forecast order by warehouse_id')).toEqual([
        { warehouse_id: 0, method: 'ses' },
        { warehouse_id: 1, method: 'holt_winters' },
      ]);
      // Deleting the product takes its forecasts with it.
      await store.raw('delete from product where id = 1');
      expect(await store.raw('select count(*) as n from forecast')).toEqual([{ n: 0 }]);
    },
  });
});
