import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0021_channel_refunds', () => {
  testMigration('0021_channel_refunds', {
    async before(store) {
      await insertAllocatedOrders(store, 1);
    },
    async after(store) {
      // Orders are untouched; a store refund is recorded once per order and refund id.
      expect(await store.raw('select count(*) as n from sales_order')).toEqual([{ n: 1 }]);
      await store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9001', 500, 'order_changed', null, 'now')");
      await expect((async () => await store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9001', 500, 'booked', null, 'now')"))()).rejects.toThrow(/UNIQUE/);
      await store.raw("insert into channel_refund (order_id, external_id, amount_cents, applied_as, refund_id, recorded_at) values (1, '9002', 0, 'held', null, 'now')");
      expect(await store.raw('select external_id from channel_refund order by id')).toEqual([{ external_id: '9001' }, { external_id: '9002' }]);
    },
  });
});
