import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';
import { appendOrderEvent } from '../../../main/domain/orders/order-history';

describe('migration 0014_order_event_appended', () => {
  testMigration('0014_order_event_appended', {
    async before(store) {
      await insertAllocatedOrders(store, 2);
      const event = "insert into order_event (order_id, seq, at, from_status, to_status, actor, reason) values (?, ?, ?, ?, ?, 'a', ?)";
      await store.raw(event, 2, 1, 't2', null, 'new', 'received');
      await store.raw(event, 1, 1, 't1', null, 'new', 'received');
      await store.raw(event, 1, 2, 't3', 'new', 'allocated', 'chose MAIN');
    },
    async after(store) {
      // Every event kept, each order's in its order, under its order's rowid range.
      expect(await store.raw('select id, order_id, seq, at, to_status, reason from order_event order by id')).toEqual([
        { id: 65537, order_id: 1, seq: 1, at: 't1', to_status: 'new', reason: 'received' },
        { id: 65538, order_id: 1, seq: 2, at: 't3', to_status: 'allocated', reason: 'chose MAIN' },
        { id: 131073, order_id: 2, seq: 1, at: 't2', to_status: 'new', reason: 'received' },
      ]);
      // Appending finds the order's last entry by that range: order 1's third event, order 2 untouched.
      await appendOrderEvent(store, 1, 't5', 'allocated', 'picking', 'b', 'pick list printed');
      const history = async (order: number) => await store.raw<{ at: string; seq: number }>('select at, seq from order_event where id between ? * 65536 and ? * 65536 + 65535 order by id', order, order);
      expect(await history(1)).toEqual([
        { at: 't1', seq: 1 },
        { at: 't3', seq: 2 },
        { at: 't5', seq: 3 },
      ]);
      expect(await history(2)).toEqual([{ at: 't2', seq: 1 }]);
      // The key cannot disagree with (order_id, seq), and history still needs a real order.
      await expect((async () => await store.raw("insert into order_event (id, order_id, seq, at, to_status, actor, reason) values (65540, 1, 3, 't6', 'packed', 'a', 'x')"))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw("insert into order_event (id, order_id, seq, at, to_status, actor, reason) values (65538, 1, 2, 't6', 'packed', 'a', 'x')"))()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect((async () => await store.raw("insert into order_event (id, order_id, seq, at, to_status, actor, reason) values (99 * 65536 + 1, 99, 1, 't6', 'new', 'a', 'x')"))()).rejects.toThrow(/FOREIGN KEY/);
    },
  });
});
