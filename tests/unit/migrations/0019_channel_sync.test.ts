import { describe, expect } from 'vitest';
import { insertShippedOrder, testMigration } from '../../helpers/migration';

describe('migration 0019_channel_sync', () => {
  testMigration('0019_channel_sync', {
    async before(store) {
      await insertShippedOrder(store);
    },
    async after(store) {
      // Existing channels and shipments are untouched; the new tables take a connection and its outbox.
      expect(await store.raw('select id, name from channel')).toEqual([{ id: 1, name: 'Shop' }]);
      await store.raw(
        "insert into channel_connection (channel_id, platform, url, credentials, credential_storage, credential_hint, shop_name, status, connected_at) values (1, 'shopify', 'https://s.myshopify.com', '{}', 'database', 'abcd', 'S', 'connected', 'now')",
      );
      await expect((async () => await store.raw("update channel_connection set credential_storage = 'clipboard'"))()).rejects.toThrow(/CHECK/);
      const pending = "insert into sync_outbox (channel_id, kind, coalesce_key, payload, state, next_attempt_at, created_at) values (1, 'stock', 'stock:MUG:1', '{}', ?, 'now', 'now')";
      await store.raw(pending, 'pending');
      // One pending row per key (a burst coalesces into it); sent rows of the same key may pile up.
      await expect((async () => await store.raw(pending, 'pending'))()).rejects.toThrow(/UNIQUE/);
      await store.raw(pending, 'sent');
      await store.raw(pending, 'sent');
      await expect((async () => await store.raw("insert into sync_outbox (channel_id, kind, coalesce_key, payload, state, next_attempt_at, created_at) values (1, 'email', 'x', '{}', 'pending', 'now', 'now')"))()).rejects.toThrow(/CHECK/);
      // The stock reconciliation's memory: a shortfall seen on the last pass, and where the catalogue slice stopped.
      await store.raw("insert into channel_stock_push (channel_id, sku, location_id, quantity, pushed_at) values (1, 'MUG', '', 5, 'now')");
      expect(await store.raw('select short_seen from channel_stock_push')).toEqual([{ short_seen: null }]);
      await store.raw("update channel_stock_push set short_seen = 4");
      expect(await store.raw('select stock_check_cursor from channel_connection')).toEqual([{ stock_check_cursor: null }]);
      await store.raw("insert into channel_fulfilment (shipment_id, channel_id, state) values (1, 1, 'pending')");
      expect(await store.raw('select shipment_id, state, external_id from channel_fulfilment')).toEqual([{ shipment_id: 1, state: 'pending', external_id: null }]);
      // Removing the channel removes its connection and outbox with it.
      await store.raw('delete from channel_fulfilment');
      await store.raw('delete from shipment');
      await store.raw('delete from sales_order');
      await store.raw('delete from channel');
      expect(await store.raw('select count(*) as n from sync_outbox')).toEqual([{ n: 0 }]);
    },
  });
});
