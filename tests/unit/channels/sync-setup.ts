/**
 * A small real shop for the channel sync tests: one warehouse (New York, prefix 100), two products,
 * zone charts and rate cards that reach the simulated stores' buyer (Springfield IL, 627), and a
 * Shopify and a WooCommerce channel. The simulated storefronts are the real loopback servers of
 * main/simulators; the app runs on a real temp SQLite file.
 *
 * The clock is manual, starting at the real now (the simulators stamp orders with real time), so
 * a test moves it past a backoff instead of sleeping.
 */
import { ManualClock } from '../../../main/clock';
import { startStationServer } from '../../../main/server/server';
import { startShopifyStore, type SimulatedShopifyStore } from '../../../main/simulators/shopify-store';
import { startWooCommerceStore, type SimulatedWooCommerceStore } from '../../../main/simulators/woocommerce-store';
import { tempApp } from '../../helpers/temp-app';

// The simulators listen on plain http://127.0.0.1; a real store would need https (connectors.ts).
process.env.SHIPSHAPE_ALLOW_LOOPBACK_STORES = '1';

export type SyncApp = Awaited<ReturnType<typeof tempApp>> & { clock: ManualClock };

const ZONES = 'origin_prefix,dest_prefix,zone\n100,627,5\n100,972,5\n100,200,5\n';
const CARDS: Record<string, string> = {
  'usps/ground_advantage': 'zone,max_weight_g,price\n5,2000,5.00\n5,10000,9.00\n',
  'usps/priority': 'zone,max_weight_g,price\n5,2000,8.00\n5,10000,14.00\n',
};

export async function syncShop(options: { workers?: boolean; dbPath?: string } = {}): Promise<SyncApp> {
  const clock = new ManualClock(new Date());
  const app = await tempApp({ clock, workers: options.workers });
  await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main warehouse', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await app.invoke('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25 });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 100, warehouse: 'MAIN' });
  await app.invoke('stock.receive', { sku: 'TEE', quantity: 100, warehouse: 'MAIN' });
  await app.invoke('shipping.upsertBox', { code: 'BOX-L', name: 'Large', innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 250, tareG: 400 });
  await app.invoke('shipping.importZones', { carrier: 'usps', csv: ZONES });
  for (const [ref, csv] of Object.entries(CARDS)) {
    const [carrier, service] = ref.split('/');
    const report = await app.invoke('shipping.importRateCard', { carrier, service, csv });
    if (!report.ok) throw new Error(JSON.stringify(report.errors));
  }
  return Object.assign(app, { clock });
}

const SHOPIFY_SECRET = 'shpss_sync_test_secret';
const WOO_SECRET = 'wc_sync_test_secret';

/** A simulated Shopify store selling MUG and TEE (100 each at its one location, "Main warehouse"), and a channel connected to it. */
export async function connectedShopify(app: SyncApp, opts: { stock?: number } = {}): Promise<{ store: SimulatedShopifyStore; channelId: number }> {
  const store = await startShopifyStore({ locations: ['Main warehouse'] });
  store.addProduct({ sku: 'MUG', name: 'Enamel Mug', stock: opts.stock ?? 100 });
  store.addProduct({ sku: 'TEE', name: 'Field Tee', stock: opts.stock ?? 100 });
  const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: SHOPIFY_SECRET });
  await app.invoke('channels.connect', { channel: channel.id, url: store.url, token: store.credentials.token });
  return { store, channelId: channel.id };
}

export async function connectedWoo(app: SyncApp): Promise<{ store: SimulatedWooCommerceStore; channelId: number }> {
  const store = await startWooCommerceStore();
  store.addProduct({ sku: 'MUG', name: 'Enamel Mug', stock: 100 });
  store.addProduct({ sku: 'TEE', name: 'Field Tee', stock: 100 });
  const channel = await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: WOO_SECRET });
  await app.invoke('channels.connect', { channel: channel.id, url: store.url, key: store.credentials.key, secret: store.credentials.secret });
  return { store, channelId: channel.id };
}

/** The one order of a channel with this external id. */
export async function orderOf(app: SyncApp, channelId: number, externalId: string): Promise<{ id: number; status: string } | undefined> {
  return (await app.store.raw<{ id: number; status: string }>('select id, status from sales_order where channel_id = ? and external_id = ?', channelId, externalId))[0];
}

/**
 * Starts a station server for the app (closed with the test's closers) and points the simulated
 * store's webhooks at the channel's webhook address, signed with the channel's secret.
 */
export async function deliverWebhooks(
  app: SyncApp,
  store: SimulatedShopifyStore | SimulatedWooCommerceStore,
  channelId: number,
  closers: (() => unknown)[],
): Promise<void> {
  const server = await startStationServer(app, { port: 0 });
  closers.push(() => server.close());
  const channel = (await app.invoke('channels.list', {})).find((c) => c.id === channelId)!;
  store.setWebhookTarget(`${server.url}${channel.webhookPath}`, channel.kind === 'shopify' ? SHOPIFY_SECRET : WOO_SECRET);
}
