import { describe, expect } from 'vitest';
import { insertShippedOrder, testMigration } from '../../helpers/migration';

describe('migration 0019_channel_sync', () => {
  testMigration('0019_channel_sync', {
    before(store) {
      insertShippedOrder(store);
    },
    after(store) {
      // Existing channels and shipments are untouched; the new tables take a connection and its outbox.
      expect(store.raw('select id, name from channel')).toEqual([{ id: 1, name: 'Shop' }]);
      store.raw(
        "insert into channel_connection (channel_id, platform, url, credentials, credential_storage, credential_hint, shop_name, status, connected_at) values (1, 'shopify', 'https://s.myshopify.com', '{}', 'database', 'abcd', 'S', 'connected', 'now')",
      );
      expect(() => store.raw("update channel_connection set credential_storage = 'clipboard'")).toThrow(/CHECK/);
      const pending = "insert into sync_outbox (channel_id, kind, coalesce_key, payload, state, next_attempt_at, created_at) values (1, 'stock', 'stock:MUG:1', '{}', ?, 'now', 'now')";
      store.raw(pending, 'pending');
      // One pending row per key (a burst coalesces into it); sent rows of the same key may pile up.
      expect(() => store.raw(pending, 'pending')).toThrow(/UNIQUE/);
      store.raw(pending, 'sent');
      store.raw(pending, 'sent');
      expect(() => store.raw("insert into sync_outbox (channel_id, kind, coalesce_key, payload, state, next_attempt_at, created_at) values (1, 'email', 'x', '{}', 'pending', 'now', 'now')")).toThrow(/CHECK/);
      // The stock reconciliation's memory: a shortfall seen on the last pass, and where the catalogue slice stopped.
      store.raw("insert into channel_stock_push (channel_id, sku, location_id, quantity, pushed_at) values (1, 'MUG', '', 5, 'now')");
      expect(store.raw('select short_seen from channel_stock_push')).toEqual([{ short_seen: null }]);
      store.raw("update channel_stock_push set short_seen = 4");
      expect(store.raw('select stock_check_cursor from channel_connection')).toEqual([{ stock_check_cursor: null }]);
      store.raw("insert into channel_fulfilment (shipment_id, channel_id, state) values (1, 1, 'pending')");
      expect(store.raw('select shipment_id, state, external_id from channel_fulfilment')).toEqual([{ shipment_id: 1, state: 'pending', external_id: null }]);
      // Removing the channel removes its connection and outbox with it.
      store.raw('delete from channel_fulfilment');
      store.raw('delete from shipment');
      store.raw('delete from sales_order');
      store.raw('delete from channel');
      expect(store.raw('select count(*) as n from sync_outbox')).toEqual([{ n: 0 }]);
    },
  });
});
