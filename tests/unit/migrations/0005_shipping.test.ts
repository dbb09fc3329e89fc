import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('0005_shipping', () => {
  testMigration('0005_shipping', {
    async before(store) {
      // Orders and settings written by the earlier schema stay as they were.
      await store.raw("insert into setting (key, value) values ('theme', 'dark')");
      await store.raw("insert into warehouse (code, name, postal_code, country) values ('MIG-W', 'Migration test', '10001', 'US')");
      await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Migration test', 'manual', 'mig-k1', '2026-01-01')");
      await store.raw(
        `insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at)
         values ((select id from channel where name = 'Migration test'), 'E1', '#1001', 'packed', 'USD', 1000, 1000, '2026-01-01', '2026-01-01', '2026-01-01')`,
      );
    },
    async after(store) {
      expect(await store.raw("select value from setting where key = 'theme'")).toEqual([{ value: 'dark' }]);
      expect((await store.raw<{ value: string }>("select value from setting where key = 'shipping.on_time_target'"))[0].value).toBe('0.95');
      // A shipment of the existing order with a package, a scan and a delivery record.
      await store.raw("insert into shipping_carrier (code, name, zone_chart_id, built_in, created_at) values ('usps', 'USPS', 'usps', 1, '2026-01-02')");
      await store.raw(
        `insert into shipment (order_id, carrier_code, service_key, service_name, status, zone, ship_from, ship_to, dest_postal_code, dest_country,
           pickup_date, expected_delivery_date, price_cents, currency, actor, created_at, updated_at)
         values ((select id from sales_order where number = '#1001'), 'usps', 'usps:priority', 'USPS Priority Mail', 'label_created', '5', '{}', '{}', '20001', 'US', '2026-01-02', '2026-01-05', 800, 'USD', 't', 'x', 'x')`,
      );
      await store.raw("insert into shipment_package (shipment_id, seq, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, tracking_number, label_format, status) values (1, 1, 500, 200, 150, 120, 907, 800, '9400', 'zpl', 'label_created')");
      await expect((async () => await store.raw("insert into shipment_package (shipment_id, seq, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, tracking_number, label_format, status) values (1, 2, 500, 1, 1, 1, 1, 1, '9400', 'zpl', 'x')"))()).rejects.toThrow(/UNIQUE/);
      await expect((async () => await store.raw("update shipment set status = 'lost' where id = 1"))()).rejects.toThrow(/CHECK/);
      await store.raw("insert into tracking_event (shipment_id, tracking_number, status, at, source, recorded_at) values (1, '9400', 'delivered', '2026-01-05', 'csv', 'x')");
      await store.raw("insert into tracking_event (shipment_id, tracking_number, status, at, source, recorded_at) values (1, '9400', 'delivered', '2026-01-05', 'csv', 'x') on conflict do nothing");
      expect(await store.raw('select count(*) as n from tracking_event')).toEqual([{ n: 1 }]);
      await store.raw("insert into delivery_record (service_key, zone, pickup_date, delivered_date, shipment_id, source) values ('usps:priority', '5', '2026-01-02', '2026-01-05', 1, 'tracking')");
      expect(await store.raw('select o.number, s.status from shipment s join sales_order o on o.id = s.order_id')).toEqual([{ number: '#1001', status: 'label_created' }]);
    },
  });
});
