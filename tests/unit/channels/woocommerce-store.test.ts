import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { startWooCommerceStore, type SimulatedWooCommerceStore } from '../../../main/simulators/woocommerce-store';
import { tempApp } from '../../helpers/temp-app';

/** The simulated WooCommerce store's webhooks, received by a real station server on a real database. */
const SECRET = 'woo_webhook_secret_42';
let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let store: SimulatedWooCommerceStore;

beforeEach(async () => {
  app = await tempApp({ clock: new ManualClock(new Date()) });
  server = await startStationServer(app, { port: 0 });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 });
  const channel = await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: SECRET });
  store = await startWooCommerceStore();
  store.setWebhookTarget(`${server.url}${channel.webhookPath}`, SECRET);
});
afterEach(async () => {
  await store.close();
  await server.close();
  await app.cleanup();
});

const orders = async () => await app.store.raw<{ id: number; external_id: string; status: string; hold_reason: string | null; raw_identifiers: string }>('select id, external_id, status, hold_reason, raw_identifiers from sales_order order by id');

describe('simulated WooCommerce store', () => {
  it('a storefront sale sends a signed order.created webhook that Shipshape accepts, with its delivery id', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 2 });
    const sale = await store.sell([{ sku: 'MUG', quantity: 2 }]);
    expect(store.stockOf('MUG')).toBe(0);
    expect(await orders()).toMatchObject([{ external_id: sale!.externalId, status: 'allocated' }]);
    expect(JSON.parse((await orders())[0].raw_identifiers)).toMatchObject({ webhook_delivery_id: '1' });
    // The store's own count is 0: it refuses the next sale.
    expect(await store.sell([{ sku: 'MUG', quantity: 1 }])).toBeNull();
    await store.cancelOrder(sale!.externalId);
    expect(store.stockOf('MUG')).toBe(2);
    expect((await orders())[0].status).toBe('cancelled');
  });

  it('a sale of a product without a SKU is accepted and held until it is mapped', async () => {
    const tee = store.addVariableProduct({ name: 'Tee', variations: [{ sku: null, name: 'M', stock: 3 }] });
    await store.sell([{ externalId: tee.variations[0], quantity: 1 }]);
    const [order] = await orders();
    expect(order.status).toBe('on_hold');
    const [productId, variationId] = tee.variations[0].split(':');
    expect(order.hold_reason).toBe(`Unknown SKU wc:${productId}:${variationId} (line 1 "M": no SKU in WooCommerce, product ${productId} variation ${variationId} — map it under Settings → Store connections)`);
  });
});
