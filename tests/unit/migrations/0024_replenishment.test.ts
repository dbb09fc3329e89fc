import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0024_replenishment', () => {
  testMigration('0024_replenishment', {
    async before(store) {
      await store.raw("insert into supplier (name, created_at, updated_at) values ('Acme', 'now', 'now')");
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('TEA-1', 'Tea', 'now', 'now')");
    },
    async after(store) {
      // Suppliers and products are untouched; a run holds suggestions with a status the schema checks.
      expect(await store.raw('select name from supplier')).toEqual([{ name: 'Acme' }]);
      await store.raw("insert into replenishment_run (\"trigger\", shop_day, started_at, actor, budget_cents) values ('daily', '2026-03-02', 'now', 'autopilot', 100000)");
      const productId = (await store.raw<{ id: number }>('select id from product'))[0].id;
      const insert = async (status: string) =>
        await store.raw(
          "insert into replenishment_suggestion (run_id, supplier_id, product_id, warehouse_id, proposed_qty, qty, unit_cost_cents, currency, reason, abc_class, status) values (1, 1, ?, 1, 96, 96, 450, 'USD', '96 = 8 cases of 12', 'A', ?)",
          productId,
          status,
        );
      await insert('pending');
      expect(await store.raw('select status, po_id, risk_score from replenishment_suggestion')).toEqual([{ status: 'pending', po_id: null, risk_score: 0 }]);
      await expect((async () => await insert('maybe'))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw("insert into replenishment_run (\"trigger\", shop_day, started_at, actor, budget_cents) values ('hourly', 'd', 'now', 'a', 0)"))()).rejects.toThrow(/CHECK/);
    },
  });
});
