import { postShopifyWebhook, shopifyOrderBody } from '../helpers/shopify';
import { OrdersPage } from './pages/orders';
import { expect, test, type Station } from './station';

const SECRET = 'shpss_e2e_secret_1';

/** A product with stock and a Shopify channel, set up through the station API like a real shop. */
async function shopWithStock(station: Station) {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 10 });
  return station.api<{ id: number; webhookPath: string }>('channels.upsert', { name: 'E2E Shopify', kind: 'shopify', secret: SECRET });
}

test('an order posted to the Shopify webhook appears live in the queue, and can be held and released', async ({ page, station }) => {
  const channel = await shopWithStock(station);
  const orders = new OrdersPage(page);
  await orders.open(station.url);
  await expect(page.getByText('No orders here')).toBeVisible();

  // A wrong signature is refused and nothing appears.
  const forged = await postShopifyWebhook(station.url, channel.webhookPath, shopifyOrderBody({ id: 7000, name: '#7000', lines: [{ sku: 'E2E-MUG', quantity: 1 }] }), 'not-the-secret');
  expect(forged.status).toBe(401);

  // The real delivery: signed with the channel's secret. No reload from here on.
  const body = shopifyOrderBody({ id: 7001, name: '#7001', lines: [{ sku: 'E2E-MUG', quantity: 2, price: '18.00' }] });
  const delivered = await postShopifyWebhook(station.url, channel.webhookPath, body, SECRET);
  expect(delivered).toMatchObject({ status: 200, body: { ok: true, outcome: 'created', status: 'allocated' } });

  await expect(orders.row('#7001')).toBeVisible();
  await expect(orders.row('#7001')).toContainText('Allocated');
  await expect(orders.row('#7001')).toContainText('2× E2E-MUG');
  await expect(orders.count('allocated')).toHaveText('1');
  await expect(orders.row('#7000')).toHaveCount(0);

  // Keyboard: down into the list, Enter opens the order.
  await orders.search().press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(orders.detail()).toBeVisible();
  await expect(orders.detailStatus()).toHaveText('Allocated');
  await expect(page.getByTestId('order-line-E2E-MUG')).toContainText('2 × MAIN');
  await expect(page.getByTestId('allocation')).toContainText('MAIN');

  await orders.hold('customer asked to change the address');
  await expect(orders.detailStatus()).toHaveText('On hold');
  await expect(page.getByTestId('hold-reason')).toContainText('customer asked to change the address');
  await expect(orders.history()).toContainText('customer asked to change the address');
  await expect(page.getByTestId('order-line-E2E-MUG')).toContainText('nothing reserved');

  await orders.release();
  await expect(orders.detailStatus()).toHaveText('Allocated');
  await expect(orders.history()).toContainText('hold released');
  await expect(page.getByTestId('order-line-E2E-MUG')).toContainText('2 × MAIN');

  await orders.backToQueue();
  await expect(orders.row('#7001')).toContainText('Allocated');

  // A second delivery while the queue is open appears too; a redelivery of the first does not duplicate it.
  await postShopifyWebhook(station.url, channel.webhookPath, shopifyOrderBody({ id: 7002, name: '#7002', lines: [{ sku: 'E2E-MUG', quantity: 1 }] }), SECRET);
  const again = await postShopifyWebhook(station.url, channel.webhookPath, body, SECRET);
  expect(again.body.outcome).toBe('duplicate');
  await expect(orders.row('#7002')).toBeVisible();
  await expect(orders.count('allocated')).toHaveText('2');
  await expect(page.getByTestId('order-rows').locator('tr')).toHaveCount(2);
});

test('a manual order entered through the form: field errors first, then an allocated order', async ({ page, station }) => {
  await shopWithStock(station);
  const orders = new OrdersPage(page);
  await orders.open(station.url);
  await orders.openNewOrder();

  // Nothing filled in: every problem is shown next to its field, nothing is created.
  await orders.submitOrder();
  await expect(orders.form().locator('.field-error').first()).toBeVisible();
  await expect(orders.form()).toContainText('address line 1 is required');
  await expect(orders.form()).toContainText('city is required');
  await expect(orders.form()).toContainText('postal code is required');
  await expect(orders.form()).toContainText('an order needs at least one line');
  expect((await station.api<{ rows: unknown[] }>('orders.list', {})).rows).toHaveLength(0);

  await orders.field('Customer name').fill('Grace Hopper');
  await orders.field('Email').fill('grace@example.com');
  await orders.field('Address line 1').fill('1 Navy Yard');
  await orders.field('City').fill('Arlington');
  await orders.field('Region').fill('VA');
  await orders.field('Postal code').fill('22202');
  await orders.addProduct('E2E-MUG');
  await orders.form().getByLabel('Quantity of E2E-MUG').fill('3');
  await orders.field('Shipping charged').fill('4.95');
  await orders.submitOrder();

  await expect(orders.detail()).toBeVisible();
  await expect(orders.detailStatus()).toHaveText('Allocated');
  await expect(page.getByTestId('order-customer')).toHaveText('Grace Hopper');
  await expect(page.getByTestId('order-ship-to')).toContainText('Arlington, VA 22202');
  await expect(page.getByTestId('order-line-E2E-MUG')).toContainText('3 × MAIN');
  // 3 × $18.00 + $4.95 shipping, formatted from integer cents.
  await expect(page.getByTestId('order-total')).toHaveText('$58.95');

  await orders.backToQueue();
  await expect(page.getByTestId('order-rows').locator('tr')).toHaveCount(1);
  await expect(page.getByTestId('order-rows')).toContainText('Grace Hopper');
});
