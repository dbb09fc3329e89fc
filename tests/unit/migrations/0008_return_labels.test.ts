import { describe, expect } from 'vitest';
import { insertShippedOrder, testMigration } from '../../helpers/migration';

describe('migration 0008_return_labels', () => {
  testMigration('0008_return_labels', {
    async before(store) {
      await insertShippedOrder(store);
    },
    async after(store) {
      // Existing shipments were all outbound; new ones may be returns, nothing else.
      expect(await store.raw('select direction from shipment')).toEqual([{ direction: 'outbound' }]);
      await expect((async () => await store.raw("update shipment set direction = 'sideways'"))()).rejects.toThrow(/CHECK/);
      await store.raw("update shipment set direction = 'return'");
      expect(await store.raw("select count(*) as n from pragma_table_info('rma') where name = 'return_shipment_id'")).toEqual([{ n: 1 }]);
    },
  });
});
