import { afterEach, describe, expect, it } from 'vitest';
import { connectedShopify, orderOf, syncShop, type SyncApp } from './sync-setup';

let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

describe('per-channel sync settings changed without reconnecting', () => {
  it('turning "tell the customer" off: the next Shopify fulfilment asks Shopify not to e-mail, and the change is audited', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const shipOne = async () => {
      const sold = await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true });
      await app.invoke('sync.run', {});
      await app.invoke('shipping.ship', { orderId: (await orderOf(app, channelId, sold!.externalId))!.id });
      await app.invoke('sync.run', {});
      return store.fulfilmentsOf(sold!.externalId);
    };
    // Connected with the default: Shopify e-mails the customer.
    expect((await app.invoke('sync.status', {})).channels[0].notifyCustomer).toBe(true);
    expect(await shipOne()).toMatchObject([{ status: 'success', notifyCustomer: true }]);

    const connectedAt = (await app.invoke('sync.status', {})).channels[0].connectedAt;
    expect(await app.invoke('channels.updateSync', { channelId, notifyCustomer: false })).toEqual({ channelId, notifyCustomer: false });
    const status = (await app.invoke('sync.status', {})).channels[0];
    // Still the same connection (no reconnect), now showing the new value.
    expect(status).toMatchObject({ status: 'connected', notifyCustomer: false, connectedAt });
    expect(await shipOne()).toMatchObject([{ status: 'success', notifyCustomer: false }]);

    const audit = await app.store.raw<{ area: string; detail: string }>("select area, detail from audit_log where action = 'channels.updateSync'");
    expect(audit).toHaveLength(1);
    expect(audit[0].area).toBe('settings');
    expect(audit[0].detail).toContain('"notifyCustomer":false');
  });

  it('a channel never connected is refused in plain words; a bad value names the field', async () => {
    app = await syncShop();
    const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_sync_test_secret' });
    const none = await app.call('channels.updateSync', { channelId: channel.id, notifyCustomer: false });
    expect(!none.ok && none.error.message).toMatch(/connect it first/);
    const bad = await app.call('channels.updateSync', { channelId: channel.id, notifyCustomer: 'no' as unknown as boolean });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    expect(!bad.ok && JSON.stringify(bad.error)).toContain('notifyCustomer');
  });
});
