import { afterEach, describe, expect, it } from 'vitest';
import { connectedShopify, connectedWoo, deliverWebhooks, orderOf, syncShop, type SyncApp } from './sync-setup';

let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

describe('orders in: backfill, the reconciliation pull, channel-side cancellations', () => {
  it('backfill on connect: orders the store took before are pulled by the first pass, once', async () => {
    app = await syncShop();
    const { startShopifyStore } = await import('../../../main/simulators/shopify-store');
    const store = await startShopifyStore({ locations: ['Main warehouse'] });
    closers.push(() => store.close());
    store.addProduct({ sku: 'MUG', name: 'Enamel Mug', stock: 50 });
    const before = await store.sell([{ sku: 'MUG', quantity: 2 }]);
    const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_sync_test_secret' });
    const connected = await app.invoke('channels.connect', { channel: channel.id, url: store.url, token: store.credentials.token!, backfillDays: 3 });
    expect(connected.backfillDays).toBe(3);
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].pull).toMatchObject({ pulled: 1, created: 1 });
    expect((await orderOf(app, channel.id, before!.externalId))?.status).toBe('allocated');
    // The next pass re-reads the overlap: nothing new, nothing doubled.
    const again = await app.invoke('sync.run', {});
    expect(again.channels[0].pull).toMatchObject({ created: 0 });
    expect(await app.store.raw('select count(*) as n from sales_order where channel_id = ?', channel.id)).toEqual([{ n: 1 }]);
  });

  it('a missed webhook is recovered by the pull; the webhook that did arrive is not doubled', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    await deliverWebhooks(app, store, channelId, closers);
    const delivered = await store.sell([{ sku: 'MUG', quantity: 1 }]);
    const missed = await store.sell([{ sku: 'TEE', quantity: 1 }], { skipWebhook: true });
    expect(await orderOf(app, channelId, delivered!.externalId)).toBeDefined();
    expect(await orderOf(app, channelId, missed!.externalId)).toBeUndefined();

    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].pull).toMatchObject({ created: 1 });
    expect((await orderOf(app, channelId, missed!.externalId))?.status).toBe('allocated');
    expect(await app.store.raw('select count(*) as n from sales_order where channel_id = ?', channelId)).toEqual([{ n: 2 }]);
  });

  it('a cancellation made in the store (its webhook lost) is applied by the pull and the stock comes back', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const sold = await store.sell([{ sku: 'MUG', quantity: 3 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    expect(order.status).toBe('allocated');
    await store.cancelOrder(sold!.externalId, { skipWebhook: true });
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].pull).toMatchObject({ cancelled: 1 });
    expect((await orderOf(app, channelId, sold!.externalId))!.status).toBe('cancelled');
  });

  it('WooCommerce: a missed order and a status change to cancelled, through the pull', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    const sold = await store.sell([{ sku: 'TEE', quantity: 2 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    expect((await orderOf(app, channelId, sold!.externalId))?.status).toBe('allocated');
    await store.cancelOrder(sold!.externalId, { skipWebhook: true });
    await app.invoke('sync.run', {});
    expect((await orderOf(app, channelId, sold!.externalId))?.status).toBe('cancelled');
  });
});
