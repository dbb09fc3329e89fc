import { afterEach, describe, expect, it } from 'vitest';
import { startShopifyStore, type SimulatedShopifyStore } from '../../../main/simulators/shopify-store';
import { connectedShopify, connectedWoo, syncShop, type SyncApp } from './sync-setup';

let app: SyncApp;
const stores: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await app.cleanup();
  for (const s of stores.splice(0)) await s.close();
});

async function shopifyChannel(): Promise<number> {
  return (await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_sync_test_secret' })).id;
}

describe('connecting a channel to its store', () => {
  it('good credentials: the shop, its locations mapped by name, only the last 4 characters shown back, the storage named', async () => {
    app = await syncShop();
    const store = await startShopifyStore({ shopName: 'Field Goods', locations: ['Main warehouse', 'Pop-up'] });
    stores.push(store);
    const channel = await shopifyChannel();
    const result = await app.invoke('channels.connect', { channel, url: store.url, token: store.credentials.token! });
    expect(result.shop).toBe('Field Goods');
    expect(result.locations.map((l) => [l.name, l.warehouse])).toEqual([
      ['Main warehouse', 'MAIN'],
      ['Pop-up', null],
    ]);
    const status = (await app.invoke('sync.status', {})).channels.find((c) => c.channelId === channel)!;
    expect(status.status).toBe('connected');
    expect(status.credentialHint).toBe(store.credentials.token!.slice(-4));
    expect(status.credentialStorage).toBe('database');
    if (app.store.engine === 'sqlite') {
      expect(status.credentialNote).toBe('stored in the database, readable only by your user account');
      // Without a keychain the database file is readable by the owner's account only.
      const { statSync } = await import('node:fs');
      expect(statSync(app.store.path).mode & 0o777).toBe(0o600);
    } else {
      // PostgreSQL: no file to restrict; the note does not promise what only a file mode could keep.
      expect(status.credentialNote).toBe("stored in the database, readable by anyone who can sign in to it with the shop's database role");
    }
    // The token is in no answer and in no audit row.
    expect(JSON.stringify(await app.invoke('sync.status', {}))).not.toContain(store.credentials.token);
    const audit = await app.store.raw<{ input: string }>("select detail as input from audit_log where action = 'channels.connect'");
    expect(audit).toHaveLength(1);
    expect(audit[0].input).not.toContain(store.credentials.token);
  });

  it('bad credentials are refused with the field named, and nothing is stored', async () => {
    app = await syncShop();
    const store = await startShopifyStore();
    stores.push(store);
    const channel = await shopifyChannel();
    const bad = await app.call('channels.connect', { channel, url: store.url, token: 'shpat_wrong_token_0000' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.message).toMatch(/refused the credentials/);
    expect(await app.store.raw('select * from channel_connection')).toEqual([]);
    // A WooCommerce channel needs a key and a secret; the missing one is named.
    const woo = await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: 'wc_sync_test_secret' });
    const missing = await app.call('channels.connect', { channel: woo.id, url: 'https://shop.example.com', key: 'ck_x' });
    expect(!missing.ok && missing.error.details).toEqual({ field: 'secret' });
    // Plain HTTP to a real host would send the credentials in clear.
    const http = await app.call('channels.connect', { channel, url: 'http://shop.example.com', token: 'shpat_x' });
    expect(!http.ok && http.error.message).toMatch(/https/);
  });

  it('a missing scope is named with what it is needed for, and the connection is refused', async () => {
    app = await syncShop();
    const store = await startShopifyStore({ scopes: ['read_orders', 'write_merchant_managed_fulfillment_orders', 'read_locations', 'read_products'] });
    stores.push(store);
    const channel = await shopifyChannel();
    const result = await app.call('channels.connect', { channel, url: store.url, token: store.credentials.token! });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/write_inventory \(needed to push stock/);
    expect(await app.store.raw('select * from channel_connection')).toEqual([]);
  });

  it('a revoked token pauses the channel and the status says so in plain words; reconnecting with the revoked token is refused', async () => {
    app = await syncShop();
    const shop = await connectedShopify(app);
    const store: SimulatedShopifyStore = shop.store;
    stores.push(store);
    await app.invoke('sync.run', {});
    store.fail({ kind: 'revokeToken' });
    await app.invoke('stock.adjust', { sku: 'MUG', delta: -5, warehouse: 'MAIN', reason: 'damaged' });
    // The new figure is queued for the store by the pass the adjustment scheduled after its commit.
    await app.services.channelSync.runner.stockQueued();
    expect((await app.invoke('sync.status', {})).channels[0].backlog.pending).toBeGreaterThan(0);
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].error).toMatch(/reconnect/i);
    const status = (await app.invoke('sync.status', {})).channels[0];
    expect(status.status).toBe('needs_attention');
    expect(status.lastError).toMatch(/reconnect/i);
    // Nothing was lost: the figure waits.
    expect(status.backlog.pending).toBeGreaterThan(0);
    expect(store.stockOf('MUG')).toBe(100);

    // Sync now stays paused without calling the store again; reconnecting with the revoked token is refused.
    const requests = store.requests.length;
    expect((await app.invoke('sync.run', {})).channels[0].error).toMatch(/reconnect/i);
    expect(store.requests.length).toBe(requests);
    const again = await app.call('channels.connect', { channel: shop.channelId, url: store.url, token: store.credentials.token! });
    expect(!again.ok && again.error.message).toMatch(/refused the credentials/);
  });

  it('WooCommerce: key and secret, the one store location', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    stores.push(store);
    const status = (await app.invoke('sync.status', {})).channels.find((c) => c.channelId === channelId)!;
    expect(status).toMatchObject({ status: 'connected', platform: 'woocommerce', credentialHint: store.credentials.secret!.slice(-4) });
  });
});
