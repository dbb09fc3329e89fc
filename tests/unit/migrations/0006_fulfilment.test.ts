import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0006_fulfilment', () => {
  testMigration('0006_fulfilment', {
    async before(store) {
      // Warehouse 1 (MAIN) and its DEFAULT bin (id 1) come with 0002.
      await store.raw("insert into product (sku, name, variant_options, weight_g, length_mm, width_mm, height_mm, price_cents, cost_cents, avg_cost_cents, currency, tags, active, lot_tracked, is_kit, reorder_point, safety_stock, created_at, updated_at) values ('TEE', 'Tee', '{}', 200, 0, 0, 0, 1000, 400, 400, 'USD', '', 1, 0, 0, 0, 0, 'now', 'now')");
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Manual', 'manual', 'k', 'now')");
      await store.raw(
        "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'E1', '#1001', 'allocated', 'USD', 1000, 1000, 'now', 'now', 'now')",
      );
      await store.raw("insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, shipped_qty) values (1, 1, 'TEE', 1, 'Tee', 2, 500, 0)");
      await store.raw("insert into packing_station (name, created_at, updated_at) values ('Station 1', 'now', 'now')");
    },
    async after(store) {
      // Earlier data is untouched.
      expect(await store.raw('select status from sales_order')).toEqual([{ status: 'allocated' }]);

      await store.raw("insert into pick_batch (warehouse_id, route_length_mm, route_method, route, cart_capacity, created_by, created_at) values (1, 12345, 'exact', '[\"A01\"]', 8, 'owner', 'now')");
      expect(await store.raw('select status, urgent from pick_batch')).toEqual([{ status: 'open', urgent: 0 }]);
      await expect((async () => await store.raw("insert into pick_batch (warehouse_id, route_length_mm, route_method, cart_capacity, created_by, created_at) values (1, 1, 'teleport', 8, 'o', 'now')"))()).rejects.toThrow(/CHECK/);
      await store.raw('insert into pick_batch_order (batch_id, order_id, tote) values (1, 1, 1)');
      // One tote per order on a cart.
      await expect((async () => await store.raw('insert into pick_batch_order (batch_id, order_id, tote) values (1, 1, 2)'))()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await store.raw("insert into pick_task (batch_id, seq, stop, order_id, order_line_id, product_id, bin_id, tote, qty, created_at) values (1, 1, 1, 1, 1, 1, 1, 1, 2, 'now')");
      // Never more picked than asked for.
      await expect((async () => await store.raw('update pick_task set picked_qty = 3'))()).rejects.toThrow(/CHECK/);

      // Claiming: one active packing session per order, whatever the station.
      await store.raw("insert into packing_station (name, created_at, updated_at) values ('Station 2', 'now', 'now')");
      await store.raw("insert into pack_session (station_id, order_id, claimed_by, claimed_at) values (1, 1, 'ann', 'now')");
      await expect((async () => await store.raw("insert into pack_session (station_id, order_id, claimed_by, claimed_at) values (2, 1, 'bob', 'now')"))()).rejects.toThrow(/UNIQUE/);
      // A finished session frees the order for a later one (e.g. sent back after a wrong item).
      await store.raw("update pack_session set status = 'released' where id = 1");
      await store.raw("insert into pack_session (station_id, order_id, claimed_by, claimed_at) values (2, 1, 'bob', 'now')");
      const plan = await store.raw<{ detail: string }>("explain query plan select id from pack_session where order_id = 1 and status = 'packing'");
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/pack_session_active_order/);

      await store.raw("insert into rma (number, order_id, reason, refund_cents, currency, created_by, created_at) values ('RMA-1', 1, 'too small', 1000, 'USD', 'owner', 'now')");
      await store.raw("insert into rma_line (rma_id, order_line_id, product_id, qty, reason) values (1, 1, 1, 2, 'too small')");
      await expect((async () => await store.raw("insert into rma_unit (rma_line_id, grade, disposition, bin_id, actor, graded_at) values (1, 'like new', 'restock', 1, 'o', 'now')"))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw("insert into refund (order_id, amount_cents, currency, reason, actor, recorded_at) values (1, -5, 'USD', 'x', 'o', 'now')"))()).rejects.toThrow(/CHECK/);
    },
  });
});
