import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0010_order_event_by_order', () => {
  testMigration('0010_order_event_by_order', {
    async before(store) {
      await insertAllocatedOrders(store, 2);
      // Interleaved histories: ids alternate between the two orders.
      await store.raw("insert into order_event (order_id, at, from_status, to_status, actor, reason) values (1, 't1', null, 'new', 'a', 'received')");
      await store.raw("insert into order_event (order_id, at, from_status, to_status, actor, reason) values (2, 't2', null, 'new', 'a', 'received')");
      await store.raw("insert into order_event (order_id, at, from_status, to_status, actor, reason) values (1, 't3', 'new', 'allocated', 'a', 'chose MAIN')");
      await store.raw("insert into order_event (order_id, at, from_status, to_status, actor, reason) values (2, 't4', 'new', 'allocated', 'a', 'chose MAIN')");
    },
    async after(store) {
      // Each order's history keeps its order, numbered from 1; nothing lost, nothing mixed up.
      expect(await store.raw('select order_id, seq, at, from_status, to_status, reason from order_event order by order_id, seq')).toEqual([
        { order_id: 1, seq: 1, at: 't1', from_status: null, to_status: 'new', reason: 'received' },
        { order_id: 1, seq: 2, at: 't3', from_status: 'new', to_status: 'allocated', reason: 'chose MAIN' },
        { order_id: 2, seq: 1, at: 't2', from_status: null, to_status: 'new', reason: 'received' },
        { order_id: 2, seq: 2, at: 't4', from_status: 'new', to_status: 'allocated', reason: 'chose MAIN' },
      ]);
      await expect((async () => await store.raw("insert into order_event (order_id, seq, at, to_status, actor, reason) values (1, 2, 't5', 'picking', 'a', 'dup')"))()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect((async () => await store.raw("insert into order_event (order_id, seq, at, to_status, actor, reason) values (99, 1, 't5', 'picking', 'a', 'no order')"))()).rejects.toThrow(/FOREIGN KEY/);
      expect(await store.raw("select count(*) as n from sqlite_master where name = 'order_event_order'")).toEqual([{ n: 0 }]);
    },
  });
});
