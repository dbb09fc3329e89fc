import { startWooCommerceStore, type SimulatedWooCommerceStore } from '../../main/simulators/woocommerce-store';
import { StoreConnectionsPanel } from './pages/store-connections';
import { expect, startStation, test, type Station } from './station';

/**
 * Mapping a WooCommerce product without a SKU, in Chromium: a storefront sale of it (the simulated
 * WooCommerce store's signed webhook into a real station server) is held; the owner finds it under
 * Settings → Store connections → "Products to map", picks our product by searching, maps it; the
 * held order is allocated, the mapping is listed with "Unmap", and the next sale goes straight through.
 */
// The simulated store listens on plain http://127.0.0.1 (the station server inherits this).
process.env.SHIPSHAPE_ALLOW_LOOPBACK_STORES = '1';
const SECRET = 'wc_mapping_e2e_secret';

let station: Station & { stop(): Promise<void> };
let woo: SimulatedWooCommerceStore;

test.afterEach(async () => {
  await woo?.close();
  await station?.stop();
});

async function orderStatus(externalId: string): Promise<string | null> {
  const list = await station.api<{ rows: { externalId: string; status: string }[] }>('orders.list', { limit: 50 });
  return list.rows.find((o) => o.externalId === externalId)?.status ?? null;
}

test('a product without a SKU is mapped once in Settings; the held order is allocated and the next one goes straight through', async ({ page }) => {
  station = await startStation();
  await station.api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'BOWL-01', name: 'Stoneware Bowl', priceCents: 3200, weightG: 600 });
  await station.api('stock.receive', { sku: 'BOWL-01', quantity: 20, warehouse: 'MAIN' });
  const channel = await station.api<{ id: number; webhookPath: string }>('channels.upsert', { name: 'Harbor Woo', kind: 'woocommerce', secret: SECRET });
  woo = await startWooCommerceStore({ name: 'Harbor Goods' });
  const bowl = woo.addProduct({ sku: null, name: 'Hand-thrown Bowl', stock: 10 });
  await station.api('channels.connect', { channel: channel.id, url: woo.url, key: woo.credentials.key, secret: woo.credentials.secret });
  woo.setWebhookTarget(`${station.url}${channel.webhookPath}`, SECRET);

  const first = await woo.sell([{ externalId: bowl.externalId, quantity: 2 }]);
  expect(await orderStatus(first!.externalId)).toBe('on_hold');

  const settings = new StoreConnectionsPanel(page);
  await settings.open(station.url);
  const mapping = settings.store('Harbor Woo').getByTestId('product-mapping-Harbor Woo');
  const row = mapping.getByTestId(`unmapped-wc:${bowl.externalId}`);
  await expect(row).toContainText('Hand-thrown Bowl');
  await expect(row).toContainText('1');
  await row.getByRole('searchbox').fill('Stoneware');
  await row.getByRole('option', { name: /BOWL-01/ }).click();
  await expect(row.getByTestId('chosen-product')).toContainText('BOWL-01');
  await row.getByTestId('map-product').click();

  await expect(page.getByText('1 held order released')).toBeVisible();
  await expect(row).toHaveCount(0);
  const mapped = mapping.getByTestId(`mapped-wc:${bowl.externalId}`);
  await expect(mapped).toContainText('Hand-thrown Bowl');
  await expect(mapped).toContainText('BOWL-01');
  await expect.poll(() => orderStatus(first!.externalId)).toBe('allocated');

  const second = await woo.sell([{ externalId: bowl.externalId, quantity: 1 }]);
  expect(await orderStatus(second!.externalId)).toBe('allocated');
  // The store product is stocked from ours now (20 received, 3 allocated), addressed by its id.
  await expect.poll(() => woo.productStock(bowl.externalId)).toBe(17);

  // Unmap: forgotten, and back in the list to map.
  await mapped.getByTestId('unmap-product').click();
  await expect(mapped).toHaveCount(0);
  await expect(mapping.getByTestId(`unmapped-wc:${bowl.externalId}`)).toBeVisible();
});
