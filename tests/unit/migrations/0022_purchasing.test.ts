import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0022_purchasing', () => {
  testMigration('0022_purchasing', {
    async before(store) {
      await insertAllocatedOrders(store, 1);
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('TEA-1', 'Tea', 'now', 'now')");
    },
    async after(store) {
      // Existing products get no supplier and no shelf life; orders are untouched.
      expect(await store.raw('select count(*) as n from sales_order')).toEqual([{ n: 1 }]);
      expect(await store.raw('select preferred_supplier_id, shelf_life_days from product limit 1')).toEqual([{ preferred_supplier_id: null, shelf_life_days: null }]);
      await store.raw("insert into supplier (name, created_at, updated_at) values ('Acme', 'now', 'now')");
      await expect((async () => await store.raw("insert into supplier (name, created_at, updated_at) values ('Acme', 'now', 'now')"))()).rejects.toThrow(/UNIQUE/);
      const productId = (await store.raw<{ id: number }>('select id from product limit 1'))[0].id;
      await store.raw('insert into supplier_item (supplier_id, product_id, unit_cost_cents, case_pack) values (1, ?, 250, 12)', productId);
      await expect((async () => await store.raw('insert into supplier_item (supplier_id, product_id, unit_cost_cents, case_pack) values (1, ?, 250, 0)', productId))()).rejects.toThrow(/CHECK|UNIQUE/);
      await store.raw("insert into purchase_order (number, supplier_id, warehouse_id, currency, created_by, created_at, updated_at) values ('PO-1', 1, 1, 'USD', 'owner', 'now', 'now')");
      expect(await store.raw('select status, landed_cost_method from purchase_order')).toEqual([{ status: 'draft', landed_cost_method: 'value' }]);
      await expect((async () => await store.raw("update purchase_order set status = 'lost'"))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw('insert into purchase_order_line (po_id, line_no, product_id, quantity, unit_cost_cents) values (1, 1, ?, 0, 250)', productId))()).rejects.toThrow(/CHECK/);
    },
  });
});
