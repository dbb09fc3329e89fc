import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyConnector } from '../../../main/domain/channels/shopify/index';
import { createWooCommerceConnector } from '../../../main/domain/channels/woocommerce/index';
import { reconcileStock } from '../../../main/domain/channels/stock-reconcile';
import { startShopifyStore } from '../../../main/simulators/shopify-store';
import { connectedShopify, connectedWoo, orderOf, syncShop, type SyncApp } from './sync-setup';

/**
 * Stock drift: the store's actual counts are read after each reconciliation pull and corrected —
 * an over-count at once, a shortfall only when two passes in a row read it (a sale whose order has
 * not arrived yet is never overwritten). Real simulated storefronts, real temp SQLite.
 */

let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

/** Lets the stock recompute (after each commit, once per turn of the event loop) run. */
const settle = () => new Promise((r) => setImmediate(r));

async function addEastWarehouse(stock: { sku: string; quantity: number }[]) {
  await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East warehouse', postalCode: '10002', country: 'US', city: 'New York', region: 'NY', address: '2 Dock St' });
  for (const s of stock) await app.invoke('stock.receive', { sku: s.sku, quantity: s.quantity, warehouse: 'EAST' });
}

const reservedAt = async (warehouse: string, sku: string) =>
  (await app.store.raw<{ reserved: number }>(
    'select l.reserved from stock_level l join warehouse w on w.id = l.warehouse_id join product p on p.id = l.product_id where w.code = ? and p.sku = ?',
    warehouse,
    sku,
  ))[0]?.reserved ?? 0;

describe('stock drift between Shipshape and the store', () => {
  it('a storefront sale allocated from a warehouse the location does not show is corrected after two passes', async () => {
    app = await syncShop();
    await addEastWarehouse([{ sku: 'MUG', quantity: 100 }]);
    const store = await startShopifyStore({ locations: ['Main warehouse', 'East warehouse'] });
    closers.push(() => store.close());
    const [main, east] = store.locations();
    store.addProduct({ sku: 'MUG', name: 'Enamel Mug', stock: 100, locationStock: { [main.id]: 100, [east.id]: 100 } });
    // The channel prefers EAST: its orders are allocated there when both warehouses can ship.
    const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_sync_test_secret', defaultWarehouse: 'EAST' });
    const connected = await app.invoke('channels.connect', { channel: channel.id, url: store.url, token: store.credentials.token });
    expect(connected.locations.map((l) => l.warehouse)).toEqual(['MAIN', 'EAST']);
    await app.invoke('sync.run', {});
    expect([store.stockOf('MUG', main.id), store.stockOf('MUG', east.id)]).toEqual([100, 100]);

    // The storefront sells 1 from its "Main warehouse" location; the order reaches Shipshape by the pull and is allocated from EAST.
    const sold = await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true });
    expect(store.stockOf('MUG', main.id)).toBe(99);
    await app.invoke('sync.run', {});
    expect(await orderOf(app, channel.id, sold!.externalId)).toBeDefined();
    expect([await reservedAt('MAIN', 'MUG'), await reservedAt('EAST', 'MUG')]).toEqual([0, 1]);
    expect(store.stockOf('MUG', east.id)).toBe(99);
    // First pass: MAIN still has 100 to sell but the store shows 99 — possibly a sale on its way, so it waits.
    expect(store.stockOf('MUG', main.id)).toBe(99);

    // Second pass reads the same 99 after another pull: drift, raised with compare-and-set against 99.
    await app.invoke('sync.run', {});
    expect(store.stockOf('MUG', main.id)).toBe(100);
    expect(store.stockOf('MUG', east.id)).toBe(99);
    // And it stays put.
    await app.invoke('sync.run', {});
    expect([store.stockOf('MUG', main.id), store.stockOf('MUG', east.id)]).toEqual([100, 99]);
  });

  it('a sale whose order has not arrived yet is not overwritten; the pulled order then matches the store', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    expect(store.stockOf('MUG')).toBe(100);

    // Sold on the storefront just after a pull read the orders (webhook withheld): the stock read of
    // that same pass sees 96 while Shipshape still says 100.
    const sold = await store.sell([{ sku: 'MUG', quantity: 4 }], { skipWebhook: true });
    const { connections, runner } = app.services.channelSync;
    const first = await reconcileStock(app.services.core, channelId, await connections.connectorFor(channelId));
    expect(first).toMatchObject({ raised: 0, pushedDown: 0, shortSeen: 1 });
    await runner.drain();
    expect(store.stockOf('MUG')).toBe(96);
    expect(await orderOf(app, channelId, sold!.externalId)).toBeUndefined();

    // The next pass pulls the order: Shipshape's figure drops to 96, which the store already shows.
    await app.invoke('sync.run', {});
    expect(await orderOf(app, channelId, sold!.externalId)).toBeDefined();
    expect(store.stockOf('MUG')).toBe(96);
    await app.invoke('sync.run', {});
    expect(store.stockOf('MUG')).toBe(96);
    expect(await app.store.raw("select count(*) as n from sync_outbox where state = 'pending'")).toEqual([{ n: 0 }]);
  });

  it('a store count above Shipshape\'s (edited in the store) is pushed down on the first pass', async () => {
    app = await syncShop();
    const { store } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    const [location] = store.locations();
    // Someone types 150 into the store's admin (another app, through the same Admin API).
    await createShopifyConnector(store.credentials).setStock([{ sku: 'MUG', locationId: location.id, quantity: 150, compareQuantity: null }]);
    expect(store.stockOf('MUG')).toBe(150);
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].error).toBeNull();
    expect(store.stockOf('MUG')).toBe(100);
  });

  it('WooCommerce: an over-count is pushed down at once, a shortfall raised on the second pass', async () => {
    app = await syncShop();
    const { store } = await connectedWoo(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    const woo = createWooCommerceConnector(store.credentials);
    await woo.setStock([
      { sku: 'MUG', locationId: null, quantity: 120, compareQuantity: null },
      { sku: 'TEE', locationId: null, quantity: 90, compareQuantity: null },
    ]);
    await app.invoke('sync.run', {});
    expect([store.stockOf('MUG'), store.stockOf('TEE')]).toEqual([100, 90]);
    await app.invoke('sync.run', {});
    expect([store.stockOf('MUG'), store.stockOf('TEE')]).toEqual([100, 100]);
  });
});

describe('large catalogues', () => {
  it('each pass reads one slice of the catalogue, rotating through it, plus the SKUs noted short', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    const [location] = store.locations();
    await createShopifyConnector(store.credentials).setStock([
      { sku: 'MUG', locationId: location.id, quantity: 130, compareQuantity: null },
      { sku: 'TEE', locationId: location.id, quantity: 80, compareQuantity: null },
    ]);
    const { connections, runner } = app.services.channelSync;
    const pass = async () => {
      const r = await reconcileStock(app.services.core, channelId, await connections.connectorFor(channelId), 1);
      await runner.drain();
      return r;
    };
    // Slices of one product: MUG first (pushed down), then TEE (noted short), then MUG again with TEE read as well (raised).
    expect(await pass()).toMatchObject({ checked: 1, pushedDown: 1, shortSeen: 0 });
    expect([store.stockOf('MUG'), store.stockOf('TEE')]).toEqual([100, 80]);
    expect(await pass()).toMatchObject({ checked: 1, shortSeen: 1 });
    expect(await pass()).toMatchObject({ checked: 2, raised: 1 });
    expect([store.stockOf('MUG'), store.stockOf('TEE')]).toEqual([100, 100]);
  });
});

describe('stores with one location', () => {
  it('a one-location Shopify store shows every active warehouse; with several locations each shows its own', async () => {
    app = await syncShop();
    await addEastWarehouse([{ sku: 'TEE', quantity: 50 }]);
    const { store } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    // Its one location is mapped to MAIN, yet it sells what EAST holds too.
    expect(store.stockOf('TEE')).toBe(150);
    expect(store.stockOf('MUG')).toBe(100);
    await app.invoke('stock.adjust', { sku: 'TEE', delta: -5, warehouse: 'EAST', reason: 'count' });
    await settle();
    await app.invoke('sync.run', {});
    expect(store.stockOf('TEE')).toBe(145);

    const two = await startShopifyStore({ locations: ['Main warehouse', 'East warehouse'] });
    closers.push(() => two.close());
    const [main, east] = two.locations();
    two.addProduct({ sku: 'TEE', name: 'Field Tee', stock: 0, locationStock: { [main.id]: 0, [east.id]: 0 } });
    const channel = await app.invoke('channels.upsert', { name: 'Shopify two', kind: 'shopify', secret: 'shpss_sync_test_secret_2' });
    await app.invoke('channels.connect', { channel: channel.id, url: two.url, token: two.credentials.token });
    await app.invoke('sync.run', { channel: channel.id });
    expect([two.stockOf('TEE', main.id), two.stockOf('TEE', east.id)]).toEqual([100, 45]);
  });
});
