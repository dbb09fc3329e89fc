import { eachInOrder } from '../../../main/util/in-order';
import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0033_return_reason_codes', () => {
  testMigration('0033_return_reason_codes', {
    async before(store) {
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      await store.raw("insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'x1', '#1', 'shipped', 'USD', 0, 0, 'now', 'now', 'now')");
      await store.raw("insert into product (sku, name, created_at, updated_at) values ('CAP', 'Cap', 'now', 'now')");
      await store.raw("insert into order_line (order_id, line_no, sku, name, quantity, unit_price_cents, product_id) values (1, 1, 'CAP', 'Cap', 3, 1000, 1)");
      const reasons = ['Too small', 'too small 😕', 'arrived with a dent'];
      await eachInOrder(reasons, async (reason, i) => {
        await store.raw("insert into rma (number, order_id, status, reason, refund_cents, currency, created_by, created_at) values (?, 1, 'open', ?, 0, 'USD', 'a', 'now')", `RMA-0000${i + 1}`, reason);
        await store.raw('insert into rma_line (rma_id, order_line_id, product_id, qty, reason) values (?, 1, 1, 1, ?)', i + 1, reason);
      });
    },
    async after(store) {
      const expected = [
        { reason: 'Too small', reason_code: 'too_small', reason_note: null },
        { reason: 'too small 😕', reason_code: 'too_small', reason_note: null },
        { reason: 'arrived with a dent', reason_code: 'other', reason_note: 'arrived with a dent' },
      ];
      expect(await store.raw('select reason, reason_code, reason_note from rma order by id')).toEqual(expected);
      expect(await store.raw('select reason, reason_code, reason_note from rma_line order by id')).toEqual(expected);
      // The report's grouping: two rows, not three.
      expect(await store.raw('select reason_code, count(*) as n from rma_line group by reason_code order by reason_code')).toEqual([
        { reason_code: 'other', n: 1 },
        { reason_code: 'too_small', n: 2 },
      ]);
    },
  });
});
