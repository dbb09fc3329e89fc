import { afterEach, describe, expect, it } from 'vitest';
import { refreshFlashSales, setQuotaRules } from '../../../main/domain/channels/flash-sale';
import { startShopifyStore } from '../../../main/simulators/shopify-store';
import { connectedShopify, connectedWoo, syncShop, type SyncApp } from './sync-setup';

let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  setQuotaRules({});
  await app.cleanup();
});

/** Lets the stock recompute (after each commit, once per turn of the event loop) run. */
const settle = () => new Promise((r) => setImmediate(r));

type Store = { sell(l: { sku: string; quantity: number }[], o?: { skipWebhook?: boolean }): Promise<{ externalId: string } | null> };

/** `buyers` buyers at a storefront, one unit each; the storefront refuses at its own count 0. Orders reach Shipshape later (the pull). */
async function buyers(store: Store, count: number): Promise<number> {
  let sold = 0;
  for (let i = 0; i < count; i++) if (await store.sell([{ sku: 'DROP', quantity: 1 }], { skipWebhook: true })) sold++;
  return sold;
}

/** Both storefronts list DROP at `shown` (what the last ordinary push told them); Shipshape has `units`. */
async function dropShop(units: number, shown: number) {
  app = await syncShop();
  const shopify = await connectedShopify(app);
  const woo = await connectedWoo(app);
  closers.push(() => shopify.store.close(), () => woo.store.close());
  await app.invoke('catalog.upsert', { sku: 'DROP', name: 'Sneaker drop', priceCents: 12000, weightG: 900 });
  await app.invoke('stock.receive', { sku: 'DROP', quantity: units, warehouse: 'MAIN' });
  shopify.store.addProduct({ sku: 'DROP', name: 'Sneaker drop', stock: shown });
  woo.store.addProduct({ sku: 'DROP', name: 'Sneaker drop', stock: shown });
  await app.invoke('sync.run', {});
  const productId = (await app.store.raw<{ id: number }>("select id from product where sku = 'DROP'"))[0].id;
  return { shopify, woo, productId };
}

describe('flash-sale mode with two storefronts', () => {
  it('two storefronts selling one drop SKU at once sell exactly what there is, never more', async () => {
    const { shopify, woo, productId } = await dropShop(20, 20);
    // Without quotas both storefronts show all 20: together they could sell 40.
    expect([shopify.store.stockOf('DROP'), woo.store.stockOf('DROP')]).toEqual([20, 20]);

    const marked = await app.invoke('flashSale.markDrop', { sku: 'DROP', drop: true });
    expect(marked.mode).toBe('owner');
    // The answer already holds the quotas: half each, none confirmed by the storefronts yet.
    expect(marked.channels.map((c) => [c.channel, c.quota, c.confirmed])).toEqual([
      ['Shopify', 10, false],
      ['Woo', 10, false],
    ]);
    await settle();
    await app.invoke('sync.run', {});
    // Each storefront now sells from its own half.
    expect(shopify.store.stockOf('DROP')! + woo.store.stockOf('DROP')!).toBeLessThanOrEqual(20);

    // 30 buyers at each storefront at the same time; their orders reach Shipshape afterwards.
    const [a, b] = await Promise.all([buyers(shopify.store, 30), buyers(woo.store, 30)]);
    expect(a + b).toBe(20);
    await app.invoke('sync.run', {});
    await settle();
    const detail = await app.invoke('flashSale.detail', { productId });
    expect(detail.channels.map((c) => [c.channel, c.sold])).toEqual([
      ['Shopify', a],
      ['Woo', b],
    ]);
    expect(detail.available).toBe(0);
    expect(await app.store.raw("select count(*) as n from sales_order where status = 'backordered'")).toEqual([{ n: 0 }]);
  });

  it('the same sale with the shared figure oversells (what flash-sale mode prevents)', async () => {
    const { shopify, woo } = await dropShop(20, 20);
    const [a, b] = await Promise.all([buyers(shopify.store, 30), buyers(woo.store, 30)]);
    expect(a + b).toBe(40);
  });

  it('a storefront that stopped selling gives its units to the one that still sells', async () => {
    setQuotaRules({ idleAfterMs: 3000, idleFloor: 1 });
    const { shopify, woo, productId } = await dropShop(20, 20);
    await app.invoke('flashSale.markDrop', { sku: 'DROP', drop: true });
    await settle();
    await app.invoke('sync.run', {});
    expect(await buyers(shopify.store, 10)).toBe(10);
    expect(await buyers(woo.store, 3)).toBe(3);
    await app.invoke('sync.run', {});
    await settle();
    expect(await buyers(shopify.store, 5)).toBe(0); // Shopify sold its half

    // WooCommerce sells nothing for a while: its quota shrinks to 1 (confirmed by its store), and
    // the 6 units freed go to Shopify, whose buyers take them.
    app.clock.advance(5000);
    await refreshFlashSales(app.services.core);
    await app.invoke('sync.run', {});
    // (The worker drains again at once when a confirmation frees units; here, a second pass.)
    await app.invoke('sync.run', {});
    expect(woo.store.stockOf('DROP')).toBe(1);
    expect(shopify.store.stockOf('DROP')).toBe(6);
    const detail = await app.invoke('flashSale.detail', { productId });
    expect(detail.channels.map((c) => ({ channel: c.channel, quota: c.quota, sold: c.sold, remaining: c.remaining }))).toEqual([
      { channel: 'Shopify', quota: 16, sold: 10, remaining: 6 },
      { channel: 'Woo', quota: 4, sold: 3, remaining: 1 },
    ]);
    expect(detail.unassigned).toBe(0);
    expect(await buyers(shopify.store, 10)).toBe(6);
    expect(await buyers(woo.store, 10)).toBe(1);
  });

  it('turns itself on when only a handful is left, and off when stock comes back', async () => {
    const { shopify, woo, productId } = await dropShop(20, 20);
    expect((await app.invoke('flashSale.detail', { productId })).mode).toBeNull();
    await app.invoke('stock.adjust', { sku: 'DROP', warehouse: 'MAIN', delta: -17, reason: 'damaged' });
    // Re-planned just after the commit: the pass the adjustment scheduled.
    await app.services.channelSync.runner.stockQueued();
    await app.invoke('sync.run', {});
    const detail = await app.invoke('flashSale.detail', { productId });
    expect(detail.mode).toBe('auto');
    // Two storefronts, 3 units: they no longer both show 3.
    expect(shopify.store.stockOf('DROP')! + woo.store.stockOf('DROP')!).toBe(3);
    expect(detail.channels.reduce((s, c) => s + c.remaining, 0) + detail.unassigned).toBe(3);

    await app.invoke('stock.receive', { sku: 'DROP', quantity: 40, warehouse: 'MAIN' });
    await app.services.channelSync.runner.stockQueued();
    await app.invoke('sync.run', {});
    expect((await app.invoke('flashSale.detail', { productId })).mode).toBeNull();
    expect([shopify.store.stockOf('DROP'), woo.store.stockOf('DROP')]).toEqual([43, 43]);
  });

  it('a Shopify store with two mapped locations shows the quota at one and 0 at the other', async () => {
    app = await syncShop();
    await app.invoke('warehouses.upsert', { code: 'WEST', name: 'West depot', postalCode: '97201', country: 'US', city: 'Portland', region: 'OR', address: '2 Pier Rd' });
    await app.invoke('catalog.upsert', { sku: 'DROP', name: 'Sneaker drop', priceCents: 12000, weightG: 900 });
    await app.invoke('stock.receive', { sku: 'DROP', quantity: 10, warehouse: 'MAIN' });
    await app.invoke('stock.receive', { sku: 'DROP', quantity: 10, warehouse: 'WEST' });
    const shopify = await startShopifyStore({ locations: ['Main warehouse', 'West depot'] });
    const [main, west] = shopify.locations();
    shopify.addProduct({ sku: 'DROP', name: 'Sneaker drop', stock: 10, locationStock: { [main.id]: 10, [west.id]: 10 } });
    const woo = await connectedWoo(app);
    woo.store.addProduct({ sku: 'DROP', name: 'Sneaker drop', stock: 20 });
    closers.push(() => shopify.close(), () => woo.store.close());
    const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_two_locations' });
    const connected = await app.invoke('channels.connect', { channel: channel.id, url: shopify.url, token: shopify.credentials.token });
    expect(connected.locations.map((l) => l.warehouse)).toEqual(['MAIN', 'WEST']);
    await app.invoke('sync.run', {});
    expect([shopify.stockOf('DROP', main.id), shopify.stockOf('DROP', west.id), woo.store.stockOf('DROP')]).toEqual([10, 10, 20]);

    await app.invoke('flashSale.markDrop', { sku: 'DROP', drop: true });
    await settle();
    await app.invoke('sync.run', {});
    await app.invoke('sync.run', {});
    const atLocations = [shopify.stockOf('DROP', main.id)!, shopify.stockOf('DROP', west.id)!];
    expect(atLocations.filter((n) => n === 0)).toHaveLength(1);
    // Everything any storefront can sell fits in the 20 there are.
    expect(atLocations[0] + atLocations[1] + woo.store.stockOf('DROP')!).toBeLessThanOrEqual(20);
  });

  it('unmarking a drop puts the shared figure back on both storefronts', async () => {
    const { shopify, woo } = await dropShop(20, 20);
    await app.invoke('flashSale.markDrop', { sku: 'DROP', drop: true });
    await settle();
    await app.invoke('sync.run', {});
    await app.invoke('flashSale.markDrop', { sku: 'DROP', drop: false });
    await settle();
    await app.invoke('sync.run', {});
    expect([shopify.store.stockOf('DROP'), woo.store.stockOf('DROP')]).toEqual([20, 20]);
    await expect(app.invoke('flashSale.markDrop', { sku: 'NOPE', drop: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
