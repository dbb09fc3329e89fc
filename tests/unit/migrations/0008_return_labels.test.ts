import { describe, expect } from 'vitest';
import { insertShippedOrder, testMigration } from '../../helpers/migration';

describe('migration 0008_return_labels', () => {
  testMigration('0008_return_labels', {
    before(store) {
      insertShippedOrder(store);
    },
    after(store) {
      // Existing shipments were all outbound; new ones may be returns, nothing else.
      expect(store.raw('select direction from shipment')).toEqual([{ direction: 'outbound' }]);
      expect(() => store.raw("update shipment set direction = 'sideways'")).toThrow(/CHECK/);
      store.raw("update shipment set direction = 'return'");
      expect(store.raw("select count(*) as n from pragma_table_info('rma') where name = 'return_shipment_id'")).toEqual([{ n: 1 }]);
    },
  });
});
