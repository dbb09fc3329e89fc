import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0012_bought_postage', () => {
  testMigration('0012_bought_postage', {
    before(store) {
      store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      store.raw(
        "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'x1', '#1', 'shipped', 'USD', 0, 0, 'now', 'now', 'now')",
      );
      store.raw(
        `insert into shipment (order_id, carrier_code, service_key, service_name, status, zone, ship_from, ship_to, dest_postal_code, dest_country, pickup_date, expected_delivery_date, price_cents, currency, actor, created_at, updated_at)
         values (1, 'usps', 'usps:priority', 'Priority', 'label_created', '5', '{}', '{}', '10001', 'US', '2026-11-02', '2026-11-04', 900, 'USD', 'owner', 'now', 'now')`,
      );
      store.raw(
        `insert into shipment_package (shipment_id, seq, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, tracking_number, label_format, label_bytes, status)
         values (1, 1, 500, 200, 150, 100, 500, 900, '9400100000000000000000', 'zpl', x'5E5841', 'label_created')`,
      );
    },
    after(store) {
      // Labels made before were made from rate cards: no postage reference, everything else kept.
      expect(store.raw('select tracking_number, hex(label_bytes) as label, postage_ref from shipment_package')).toEqual([
        { tracking_number: '9400100000000000000000', label: '5E5841', postage_ref: null },
      ]);
      store.raw(`update shipment_package set postage_ref = '{"provider":"easypost","shipmentId":"shp_1","trackerId":null}'`);
    },
  });
});
