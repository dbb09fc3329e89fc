import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedStore } from '../../../main/simulators/simulated-store';
import { connectedShopify, connectedWoo, orderOf, syncShop, type SyncApp } from './sync-setup';

/**
 * A revoked token, and the owner reconnecting with a new one: the channel pauses and says
 * "reconnect", everything Shipshape wanted to tell the store meanwhile waits, and after the
 * reconnect it is all sent — once — and the orders the store took meanwhile are pulled.
 */
let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});


const platforms: { name: string; connect: (app: SyncApp) => Promise<{ store: SimulatedStore; channelId: number }>; credentials: (c: SimulatedStore['credentials']) => Record<string, string> }[] = [
  { name: 'Shopify', connect: connectedShopify, credentials: (c) => ({ token: c.token! }) },
  { name: 'WooCommerce', connect: connectedWoo, credentials: (c) => ({ key: c.key!, secret: c.secret! }) },
];

describe.each(platforms)('$name: reconnect after a revoked token', ({ connect, credentials }) => {
  it('needs attention → reconnect with the new token → connected, the backlog sent once, the orders taken meanwhile pulled', async () => {
    app = await syncShop();
    const { store, channelId } = await connect(app);
    closers.push(() => store.close());
    const revokedCredentials = { ...store.credentials };
    const sold = await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    const orderId = (await orderOf(app, channelId, sold!.externalId))!.id;

    store.fail({ kind: 'revokeToken' });
    // While the token is revoked: a shipment, a stock change, and a sale on the storefront.
    const shipment = await app.invoke('shipping.ship', { orderId });
    await app.invoke('stock.adjust', { sku: 'MUG', delta: -5, warehouse: 'MAIN', reason: 'damaged' });
    // The fulfilment and the new stock figure wait in the outbox; the figure is queued by the pass
    // the adjustment scheduled after its commit.
    await app.services.channelSync.runner.stockQueued();
    expect((await app.invoke('sync.status', {})).channels[0].backlog.pending).toBe(2);
    const meanwhile = await store.sell([{ sku: 'TEE', quantity: 2 }], { skipWebhook: true });
    const paused = await app.invoke('sync.run', {});
    expect(paused.channels[0].error).toMatch(/reconnect/i);
    let status = (await app.invoke('sync.status', {})).channels[0];
    expect(status.status).toBe('needs_attention');
    expect(status.lastError).toMatch(/reconnect/i);
    expect(status.backlog.pending).toBe(2);
    expect(store.fulfilmentsOf(sold!.externalId)).toEqual([]);
    expect(store.stockOf('MUG')).toBe(99);

    // The revoked credentials stay refused; the new ones connect.
    const stale = await app.call('channels.connect', { channel: channelId, url: store.url, ...credentials(revokedCredentials) });
    expect(!stale.ok && stale.error.message).toMatch(/refused the credentials/);
    const fresh = store.issueToken();
    await app.invoke('channels.connect', { channel: channelId, url: store.url, ...credentials(fresh) });
    status = (await app.invoke('sync.status', {})).channels[0];
    expect(status).toMatchObject({ status: 'connected', lastError: null });

    const resumed = await app.invoke('sync.run', {});
    expect(resumed.channels[0]).toMatchObject({ error: null, pull: { created: 1 } });
    expect(resumed.channels[0].sent.fulfilments).toBe(1);
    // Sent once; the label was not bought as postage, so it carries no tracking number to the store.
    expect(shipment.labelKind).toBe('reference');
    expect(store.fulfilmentsOf(sold!.externalId)).toMatchObject([{ status: 'success', trackingNumber: null }]);
    expect((await orderOf(app, channelId, meanwhile!.externalId))!.status).toBe('allocated');
    expect(store.stockOf('MUG')).toBe(94);
    // TEE: the storefront's sale made the compare-and-set keep the store's lower count (safe side);
    // the next pass, after its pull, sets the exact figure.
    await app.invoke('sync.run', {});
    expect(store.stockOf('TEE')).toBe(98);

    // Nothing twice: another pass sends nothing, and the store holds one fulfilment.
    const again = await app.invoke('sync.run', {});
    expect(again.channels[0].sent).toMatchObject({ fulfilments: 0, stock: 0, dead: 0 });
    expect(store.fulfilmentsOf(sold!.externalId)).toHaveLength(1);
    expect((await app.invoke('sync.status', {})).channels[0].backlog).toMatchObject({ pending: 0, dead: 0 });
  });
});
