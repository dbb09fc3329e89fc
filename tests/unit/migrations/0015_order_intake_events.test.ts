import { describe, expect } from 'vitest';
import { orderEvents } from '../../../main/domain/orders/order-history';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0015_order_intake_events', () => {
  testMigration('0015_order_intake_events', {
    async before(store) {
      await insertAllocatedOrders(store, 1);
      const event = "insert into order_event (id, order_id, seq, at, from_status, to_status, actor, reason) values (65536 + ?, 1, ?, ?, ?, ?, 'a', ?)";
      await store.raw(event, 1, 1, 't1', null, 'new', 'received');
      await store.raw(event, 2, 2, 't2', 'new', 'allocated', 'chose MAIN');
      await store.raw(event, 3, 3, 't3', 'allocated', 'picking', 'pick list printed');
    },
    async after(store) {
      // An order taken before: no intake column value, its whole history still read from order_event.
      expect(await store.raw('select intake_events from sales_order where id = 1')).toEqual([{ intake_events: null }]);
      expect((await orderEvents(store, 1)).map((e) => [e.at, e.from_status, e.to_status, e.reason])).toEqual([
        ['t1', null, 'new', 'received'],
        ['t2', 'new', 'allocated', 'chose MAIN'],
        ['t3', 'allocated', 'picking', 'pick list printed'],
      ]);
    },
  });
});
