import { describe, expect } from 'vitest';
import { insertShippedOrder, testMigration } from '../../helpers/migration';

describe('migration 0012_bought_postage', () => {
  testMigration('0012_bought_postage', {
    async before(store) {
      await insertShippedOrder(store);
      await store.raw(
        `insert into shipment_package (shipment_id, seq, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, tracking_number, label_format, label_bytes, status)
         values (1, 1, 500, 200, 150, 100, 500, 900, '9400100000000000000000', 'zpl', x'5E5841', 'label_created')`,
      );
    },
    async after(store) {
      // Labels made before were made from rate cards: no postage reference, everything else kept.
      expect(await store.raw('select tracking_number, hex(label_bytes) as label, postage_ref from shipment_package')).toEqual([
        { tracking_number: '9400100000000000000000', label: '5E5841', postage_ref: null },
      ]);
      await store.raw(`update shipment_package set postage_ref = '{"provider":"easypost","shipmentId":"shp_1","trackerId":null}'`);
    },
  });
});
