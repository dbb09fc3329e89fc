import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0008_return_labels', () => {
  testMigration('0008_return_labels', {
    before(store) {
      store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
      store.raw(
        "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'x1', '#1', 'shipped', 'USD', 0, 0, 'now', 'now', 'now')",
      );
      store.raw(
        `insert into shipment (order_id, carrier_code, service_key, service_name, status, zone, ship_from, ship_to, dest_postal_code, dest_country, pickup_date, expected_delivery_date, price_cents, currency, actor, created_at, updated_at)
         values (1, 'usps', 'usps:priority', 'Priority', 'label_created', '5', '{}', '{}', '10001', 'US', '2026-11-02', '2026-11-04', 900, 'USD', 'owner', 'now', 'now')`,
      );
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
