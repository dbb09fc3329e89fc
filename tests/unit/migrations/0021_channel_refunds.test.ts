import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0021_channel_refunds', () => {
  testMigration('0021_channel_refunds', {
    before(store) {
      insertAllocatedOrders(store, 1);
    },
    after(store) {
      // Orders are untouched; a store refund is recorded once per order and refund id.
      expect(store.raw('select count(*) as n from sales_order')).toEqual([{ n: 1 }]);
      store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9001', 500, 'order_changed', null, 'now')");
      expect(() => store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9001', 500, 'booked', null, 'now')")).toThrow(/UNIQUE/);
      store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9002', 0, 'held', null, 'now')");
      expect(store.raw('select external_id from channel_refund order by id')).toEqual([{ external_id: '9001' }, { external_id: '9002' }]);
    },
  });
});
