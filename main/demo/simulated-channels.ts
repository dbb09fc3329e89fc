import type { App } from '../app';
import { startShopifyStore } from '../simulators/shopify-store';
import { startWooCommerceStore } from '../simulators/woocommerce-store';
import type { SimulatedStore } from '../simulators/simulated-store';

/**
 * `serve --demo --simulate-channels`: a simulated Shopify store and a simulated WooCommerce store
 * on loopback, stocked with the shop's products at their current figures, the demo's channels
 * connected to them (marked simulated: the status panel says so), and their webhooks pointed at
 * this station server. Every start makes new stores (new addresses and credentials), so the
 * channels are connected again each time.
 */
export async function startSimulatedChannels(app: App, serverUrl: string): Promise<{ stores: { channel: string; store: SimulatedStore }[]; close(): Promise<void> }> {
  const { channelSync, orders } = app.services;
  // The simulators speak plain http on 127.0.0.1; this process may connect to them (connectors.ts).
  channelSync.connections.allowLoopbackStores = true;
  const warehouses = await app.store.all(app.store.kysely.selectFrom('warehouse').select(['name']).where('active', '=', 1).orderBy('id'));
  const stores: { channel: string; store: SimulatedStore }[] = [];
  for (const kind of ['shopify', 'woocommerce'] as const) {
    const channel = await app.store.get(app.store.kysely.selectFrom('channel').selectAll().where('kind', '=', kind).orderBy('id'));
    if (!channel) continue;
    const store: SimulatedStore =
      kind === 'shopify' ? await startShopifyStore({ shopName: `${channel.name} (simulated)`, locations: [warehouses[0]?.name ?? 'Shop'] }) : await startWooCommerceStore({ name: `${channel.name} (simulated)` });
    for (const row of await orders.stockFeed(channel.id, { limit: 100_000 })) store.addProduct({ sku: row.sku, name: row.name, stock: row.exportQuantity });
    await channelSync.connections.connect(
      { channel: channel.id, url: store.url, token: store.credentials.token, key: store.credentials.key, secret: store.credentials.secret, backfillDays: 1 },
      { simulated: true },
    );
    const webhookPath = `/webhooks/${kind}/${channel.webhook_key}`;
    store.setWebhookTarget(`${serverUrl}${webhookPath}`, orders.channels.activeSecrets(channel)[0]);
    stores.push({ channel: channel.name, store });
    channelSync.afterConnect(channel.id);
  }
  return {
    stores,
    async close() {
      for (const s of stores) await s.store.close();
    },
  };
}
