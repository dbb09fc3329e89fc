import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0027_shipment_batches', () => {
  testMigration('0027_shipment_batches', {
    async before(store) {
      await insertAllocatedOrders(store, 2);
    },
    async after(store) {
      // Orders are untouched; a batch holds one item per order in pick order, with its shipment or its error.
      expect(await store.raw('select count(*) as n from sales_order')).toEqual([{ n: 2 }]);
      await store.raw("insert into shipment_batch (actor, created_at) values ('owner', 'now')");
      await store.raw("insert into shipment_batch_item (batch_id, seq, order_id, shipment_id, error) values (1, 1, 2, null, 'no service'), (1, 2, 1, null, null)");
      await expect((async () => await store.raw('insert into shipment_batch_item (batch_id, seq, order_id) values (1, 1, 1)'))()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect((async () => await store.raw("update shipment_batch set status = 'lost'"))()).rejects.toThrow(/CHECK/);
      expect(await store.raw('select order_id, error from shipment_batch_item order by seq')).toEqual([
        { order_id: 2, error: 'no service' },
        { order_id: 1, error: null },
      ]);
    },
  });
});
