import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { createWooCommerceConnector } from '../../../main/domain/channels/woocommerce/index';
import { startStationServer } from '../../../main/server/server';
import { startWooCommerceStore } from '../../../main/simulators/woocommerce-store';
import { connectedWoo, orderOf, syncShop, type SyncApp } from './sync-setup';

/**
 * Products without a SKU (common in WooCommerce): an order for one is held naming the product, the
 * owner maps it once under Settings → Store connections, the held order is allocated, later orders
 * go straight through (also after a restart), and the store product's stock is pushed by its id.
 * Real app on a temp SQLite file, the simulated WooCommerce store over loopback HTTP.
 */
let app: SyncApp;
let opened = false;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (opened) await app.cleanup();
  opened = false;
});

const settle = () => new Promise((r) => setImmediate(r));
const holdReason = async (orderId: number) => (await app.store.raw<{ hold_reason: string | null }>('select hold_reason from sales_order where id = ?', orderId))[0].hold_reason;

/** The shop sells a BOWL (20 in stock) that its WooCommerce store lists without a SKU. */
async function shopWithSkulessBowl() {
  app = await syncShop();
  opened = true;
  await app.invoke('catalog.upsert', { sku: 'BOWL', name: 'Stoneware Bowl', priceCents: 3200, weightG: 600, lengthMm: 160, widthMm: 160, heightMm: 80 });
  await app.invoke('stock.receive', { sku: 'BOWL', quantity: 20, warehouse: 'MAIN' });
  const { store, channelId } = await connectedWoo(app);
  closers.push(() => store.close());
  const bowl = store.addProduct({ sku: null, name: 'Hand-thrown Bowl', stock: 10 });
  return { store, channelId, bowlId: bowl.externalId };
}

/** Closes the app and opens a new one on the same database file, as after a restart. */
async function restart(): Promise<void> {
  const { dir, clock } = app;
  const dbPath = app.store.path;
  await app.close();
  const reopened = await openApp({ dbPath, clock });
  app = Object.assign(reopened, {
    clock,
    dir,
    async cleanup() {
      await reopened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

describe('a WooCommerce product without a SKU, mapped once', () => {
  it('by webhook: held naming the product, listed to map, mapped → released; the next order goes through; remembered after a restart; unmap', async () => {
    const { store, channelId, bowlId } = await shopWithSkulessBowl();
    const server = await startStationServer(app, { port: 0 });
    closers.push(() => server.close());
    const channel = (await app.invoke('channels.list', {})).find((c) => c.id === channelId)!;
    store.setWebhookTarget(`${server.url}${channel.webhookPath}`, 'wc_sync_test_secret');

    const first = await store.sell([{ externalId: bowlId, quantity: 2 }]);
    const held = (await orderOf(app, channelId, first!.externalId))!;
    expect(held.status).toBe('on_hold');
    expect(await holdReason(held.id)).toBe(`Unknown SKU wc:${bowlId} (line 1 "Hand-thrown Bowl": no SKU in WooCommerce, product ${bowlId} — map it under Settings → Store connections)`);

    // "Products to map": the store's product without SKU, named as the store names it, with the order waiting for it.
    // MUG and TEE carry SKUs our catalog knows: nothing to map.
    const unmapped = await app.invoke('channels.unmappedProducts', { channel: channelId });
    expect(unmapped).toEqual([{ externalId: `wc:${bowlId}`, name: 'Hand-thrown Bowl', sku: null, heldOrders: 1, storeProductId: bowlId }]);

    // Mapped by the store's own id (what the connector lists) — the same key the order line carries.
    const mapped = await app.invoke('channels.mapProduct', { channel: channelId, externalId: bowlId, sku: 'bowl' });
    expect(mapped).toEqual({ mapped: true, externalId: `wc:${bowlId}`, released: 1 });
    expect((await orderOf(app, channelId, first!.externalId))!.status).toBe('allocated');
    expect(await app.invoke('channels.unmappedProducts', { channel: channelId })).toEqual([]);

    const second = await store.sell([{ externalId: bowlId, quantity: 1 }]);
    expect((await orderOf(app, channelId, second!.externalId))!.status).toBe('allocated');
    const shown = await app.invoke('channels.mappedProducts', { channel: channelId });
    expect(shown).toMatchObject([{ externalId: `wc:${bowlId}`, storeName: 'Hand-thrown Bowl', sku: 'BOWL', productName: 'Stoneware Bowl' }]);
    expect(shown[0].mappedAt).not.toBeNull();

    // Remembered: after a restart, an order for the bowl (this time found by the pull) is allocated at once.
    await server.close();
    closers.splice(closers.length - 1, 1);
    await restart();
    const third = await store.sell([{ externalId: bowlId, quantity: 1 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    expect((await orderOf(app, channelId, third!.externalId))!.status).toBe('allocated');
    expect((await app.invoke('channels.mappedProducts', { channel: channelId })).map((m) => m.externalId)).toEqual([`wc:${bowlId}`]);

    // Unmapped: forgotten, listed again, and the next order is held again.
    expect(await app.invoke('channels.unmapProduct', { channel: channelId, externalId: `wc:${bowlId}` })).toEqual({ unmapped: true });
    expect(await app.invoke('channels.mappedProducts', { channel: channelId })).toEqual([]);
    expect((await app.invoke('channels.unmappedProducts', { channel: channelId })).map((u) => u.externalId)).toEqual([`wc:${bowlId}`]);
    const fourth = await store.sell([{ externalId: bowlId, quantity: 1 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    expect((await orderOf(app, channelId, fourth!.externalId))!.status).toBe('on_hold');
  });

  it("the mapped product's stock is pushed to it by its product id; a storefront sale meanwhile is not overwritten", async () => {
    const { store, channelId, bowlId } = await shopWithSkulessBowl();
    await app.invoke('sync.run', {});
    // Not mapped yet: the store's count is its own.
    expect(store.productStock(bowlId)).toBe(10);

    await app.invoke('channels.mapProduct', { channel: channelId, externalId: `wc:${bowlId}`, sku: 'BOWL' });
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].sent.stock).toBe(1);
    expect(store.productStock(bowlId)).toBe(20);

    // The storefront sells 3 (its webhook not in yet) while our count moves: the push finds 17, not
    // the 20 it set, so the count is re-read and our figure recomputed once the sale arrives.
    const sale = await store.sell([{ externalId: bowlId, quantity: 3 }], { skipWebhook: true });
    await app.invoke('stock.adjust', { sku: 'BOWL', delta: -1, warehouse: 'MAIN', reason: 'damaged' });
    await settle();
    const pass = await app.invoke('sync.run', {});
    expect((await orderOf(app, channelId, sale!.externalId))!.status).toBe('allocated');
    expect(pass.channels[0].error).toBeNull();
    await app.invoke('sync.run', {});
    expect(store.productStock(bowlId)).toBe(16);
    expect((await app.invoke('sync.status', {})).channels[0].backlog).toMatchObject({ pending: 0, dead: 0 });
  });

  it('a variation without a SKU, found by the pull, is mapped under product:variation and its stock set on the variation', async () => {
    app = await syncShop();
    opened = true;
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    const tee = store.addVariableProduct({ name: 'Field Tee', variations: [{ sku: null, name: 'Field Tee – M', stock: 4 }, { sku: 'TEE-L', name: 'Field Tee – L', stock: 4 }] });
    const [medium] = tee.variations;
    const sold = await store.sell([{ externalId: medium, quantity: 1 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    expect(order.status).toBe('on_hold');
    expect(await holdReason(order.id)).toContain(`wc:${medium}`);

    const unmapped = await app.invoke('channels.unmappedProducts', { channel: channelId });
    // The medium (no SKU, one order waiting) first; the large has a SKU our catalog lacks, also mappable.
    expect(unmapped).toEqual([
      { externalId: `wc:${medium}`, name: 'Field Tee – M', sku: null, heldOrders: 1, storeProductId: medium },
      { externalId: 'TEE-L', name: 'Field Tee – L', sku: 'TEE-L', heldOrders: 0, storeProductId: tee.variations[1] },
    ]);
    expect((await app.invoke('channels.mapProduct', { channel: channelId, externalId: `wc:${medium}`, sku: 'TEE' })).released).toBe(1);
    expect((await orderOf(app, channelId, sold!.externalId))!.status).toBe('allocated');
    await app.invoke('sync.run', {});
    // TEE: 100 received, 1 allocated.
    expect(store.productStock(medium)).toBe(99);
    expect(store.requests.some((r) => r.method === 'POST' && r.path === `/wp-json/wc/v3/products/${tee.externalId}/variations/batch`)).toBe(true);
  });

  it('bad mappings are refused naming the field; nothing is stored', async () => {
    const { channelId, bowlId } = await shopWithSkulessBowl();
    const noSuchSku = await app.call('channels.mapProduct', { channel: channelId, externalId: bowlId, sku: 'NOPE' });
    expect(!noSuchSku.ok && noSuchSku.error).toMatchObject({ code: 'VALIDATION', message: 'sku: no product "NOPE" in the catalog', details: { field: 'sku' } });
    const deleted = await app.call('channels.mapProduct', { channel: channelId, externalId: 'wc:line:77', sku: 'BOWL' });
    expect(!deleted.ok && deleted.error.details).toEqual({ field: 'externalId' });
    const ownSku = await app.call('channels.mapProduct', { channel: channelId, externalId: 'bowl', sku: 'BOWL' });
    expect(!ownSku.ok && ownSku.error.message).toMatch(/already our SKU/);
    const unmap = await app.call('channels.unmapProduct', { channel: channelId, externalId: bowlId });
    expect(!unmap.ok && unmap.error.code).toBe('NOT_FOUND');
    expect(await app.store.raw('select * from sku_alias')).toEqual([]);
    expect(await app.store.raw('select * from channel_product_map')).toEqual([]);
  });
});

describe('WooCommerce connector: stock by product key', () => {
  it('sets, compares and reads a product or variation named by wc:<id>[:<variation>]; a deleted one is unknown', async () => {
    const store = await startWooCommerceStore();
    closers.push(() => store.close());
    const woo = createWooCommerceConnector(store.credentials, { timeoutMs: 2000 });
    const bowl = store.addProduct({ sku: null, name: 'Bowl', stock: 5 });
    const tee = store.addVariableProduct({ name: 'Tee', variations: [{ sku: null, name: 'M', stock: 2 }] });
    const bowlKey = `wc:${bowl.externalId}`;
    const teeKey = `wc:${tee.variations[0]}`;

    expect(await woo.setStock([{ sku: bowlKey, locationId: null, quantity: 7, compareQuantity: null }, { sku: teeKey, locationId: null, quantity: 3, compareQuantity: null }])).toEqual([
      { sku: bowlKey, locationId: null, outcome: 'set' },
      { sku: teeKey, locationId: null, outcome: 'set' },
    ]);
    expect([store.productStock(bowl.externalId), store.productStock(tee.variations[0])]).toEqual([7, 3]);
    await store.sell([{ externalId: tee.variations[0], quantity: 1 }], { skipWebhook: true });
    expect(await woo.setStock([{ sku: teeKey, locationId: null, quantity: 9, compareQuantity: 3 }])).toEqual([{ sku: teeKey, locationId: null, outcome: 'mismatch', current: 2 }]);
    expect(await woo.readStock([{ sku: bowlKey, locationId: null }, { sku: teeKey, locationId: null }])).toEqual([
      { sku: bowlKey, locationId: null, quantity: 7 },
      { sku: teeKey, locationId: null, quantity: 2 },
    ]);
    expect(await woo.setStock([{ sku: 'wc:99999', locationId: null, quantity: 1, compareQuantity: 0 }, { sku: 'wc:99998', locationId: null, quantity: 1, compareQuantity: null }])).toEqual([
      { sku: 'wc:99999', locationId: null, outcome: 'unknown_sku' },
      { sku: 'wc:99998', locationId: null, outcome: 'unknown_sku' },
    ]);
  });
});
