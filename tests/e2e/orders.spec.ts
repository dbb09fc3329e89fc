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
  // In plain sentences (shared/validation-messages.ts).
  await expect(orders.form()).toContainText('Address line 1 is required');
  await expect(orders.form()).toContainText('City is required');
  await expect(orders.form()).toContainText('Postal code is required');
  await expect(orders.form()).toContainText('An order needs at least one line');
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

test('queue filters: warehouse, promised date and tag narrow the rows and the tab counts, and clear again', async ({ page, station }) => {
  // MUG ships from MAIN, TEE only from EAST; SOCK has no stock (backordered, not allocated).
  for (const sku of ['F-MUG', 'F-TEE', 'F-SOCK']) await station.api('catalog.upsert', { sku, name: `Filter ${sku}`, priceCents: 1000 });
  await station.api('stock.receive', { sku: 'F-MUG', quantity: 10 });
  await station.api('warehouses.upsert', { code: 'EAST', name: 'East' });
  await station.api('stock.receive', { sku: 'F-TEE', quantity: 10, warehouse: 'EAST' });
  const channel = await station.api<{ id: number }>('channels.upsert', { name: 'Phone orders', kind: 'csv', promiseRules: { '*': 10, Express: 1 } });
  const create = (externalId: string, sku: string, tags: string[], shippingMethod: string | null = null) =>
    station.api<{ number: string; status: string; warehouse: string | null; promisedDate: string }>('orders.create', {
      channel: channel.id,
      externalId,
      customer: { name: `Customer ${externalId}`, email: null, phone: null },
      shipTo: { name: 'Ada', company: null, line1: '1 Main St', line2: null, city: 'Town', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: null },
      lines: [{ sku, quantity: 1 }],
      tags,
      shippingMethod,
    });
  const f1 = await create('F-1', 'F-MUG', ['VIP'], 'Express');
  expect(f1).toMatchObject({ status: 'allocated', warehouse: 'MAIN' });
  expect(await create('F-2', 'F-TEE', ['vipx'])).toMatchObject({ status: 'allocated', warehouse: 'EAST' });
  expect(await create('F-3', 'F-TEE', ['gift', 'vip'])).toMatchObject({ status: 'allocated', warehouse: 'EAST' });
  expect(await create('F-4', 'F-SOCK', ['vip'])).toMatchObject({ status: 'backordered', warehouse: null });

  const orders = new OrdersPage(page);
  await orders.open(station.url);
  const rows = page.getByTestId('order-rows').locator('tr');
  const shown = async (numbers: string[]) => {
    await expect(rows).toHaveCount(numbers.length);
    for (const n of numbers) await expect(orders.row(n)).toBeVisible();
  };
  await shown(['F-1', 'F-2', 'F-3', 'F-4']);
  await expect(orders.count('allocated')).toHaveText('3');
  await expect(orders.count('backordered')).toHaveText('1');

  // Warehouse: the allocated one; the counts follow the filter.
  await page.getByTestId('order-warehouse').selectOption('EAST');
  await shown(['F-2', 'F-3']);
  await expect(orders.count('allocated')).toHaveText('2');
  await expect(orders.count('backordered')).toHaveCount(0);

  // Tag on top: whole tags, any case — "VIP" is not "vipx".
  await page.getByTestId('order-tag').fill('VIP');
  await shown(['F-3']);
  await expect(orders.count('allocated')).toHaveText('1');

  await page.getByTestId('order-clear-filters').click();
  await shown(['F-1', 'F-2', 'F-3', 'F-4']);
  await expect(orders.count('allocated')).toHaveText('3');

  await page.getByTestId('order-warehouse').selectOption({ label: 'Not allocated' });
  await shown(['F-4']);
  await expect(orders.count('backordered')).toHaveText('1');
  await expect(orders.count('allocated')).toHaveCount(0);
  await page.getByTestId('order-clear-filters').click();

  // Promised date: Express is promised in 1 business day, the rest in 10.
  await page.getByTestId('order-promise').selectOption('by');
  await page.getByTestId('order-promise-date').fill(f1.promisedDate);
  await shown(['F-1']);
  await expect(orders.count('allocated')).toHaveText('1');
  await page.getByTestId('order-promise').selectOption('overdue');
  await expect(page.getByText('No orders match these filters.')).toBeVisible();
  await expect(rows).toHaveCount(0);

  // The tab narrows the filtered rows as well.
  await page.getByTestId('order-clear-filters').click();
  await page.getByTestId('order-tag').fill('vip');
  await shown(['F-1', 'F-3', 'F-4']);
  await orders.tab('backordered').click();
  await shown(['F-4']);
  await page.getByTestId('order-clear-filters').click();
  await expect(page.getByTestId('order-clear-filters')).toHaveCount(0);
  await shown(['F-4']);
});

test('a state tab lists the earliest promise first; the switch shows the newest first; new orders slot in live', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'S-MUG', name: 'Sort mug', priceCents: 1000 });
  await station.api('stock.receive', { sku: 'S-MUG', quantity: 20 });
  const channel = await station.api<{ id: number }>('channels.upsert', { name: 'Phone orders', kind: 'csv', promiseRules: { '*': 10, Standard: 5, Express: 1 } });
  const create = (externalId: string, shippingMethod: string | null) =>
    station.api<{ status: string; promisedDate: string }>('orders.create', {
      channel: channel.id,
      externalId,
      customer: { name: `Customer ${externalId}`, email: null, phone: null },
      shipTo: { name: 'Ada', company: null, line1: '1 Main St', line2: null, city: 'Town', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: null },
      lines: [{ sku: 'S-MUG', quantity: 1 }],
      shippingMethod,
    });
  // Placed in this order; promised in 10, 1 and 5 business days.
  expect(await create('P-1', null)).toMatchObject({ status: 'allocated' });
  await create('P-2', 'Express');
  await create('P-3', 'Standard');

  const orders = new OrdersPage(page);
  await orders.open(station.url);
  const numbers = page.getByTestId('order-rows').locator('td.mono a');
  // All: newest first.
  await expect(numbers).toHaveText(['P-3', 'P-2', 'P-1']);
  await expect(page.getByTestId('order-sort-newest')).toHaveAttribute('aria-pressed', 'true');

  // A state tab: earliest promise first.
  await orders.tab('allocated').click();
  await expect(page.getByTestId('order-sort-promise')).toHaveAttribute('aria-pressed', 'true');
  await expect(numbers).toHaveText(['P-2', 'P-3', 'P-1']);

  await page.getByTestId('order-sort-newest').click();
  await expect(numbers).toHaveText(['P-3', 'P-2', 'P-1']);
  await page.getByTestId('order-sort-promise').click();
  await expect(numbers).toHaveText(['P-2', 'P-3', 'P-1']);

  // Live: a new Express order (same promise as P-2, placed later) appears in its place without a reload.
  await create('P-4', 'Express');
  await expect(numbers).toHaveText(['P-2', 'P-4', 'P-3', 'P-1']);
  // The All tab keeps its own choice (newest), the state tabs theirs.
  await orders.tab('all').click();
  await expect(numbers).toHaveText(['P-4', 'P-3', 'P-2', 'P-1']);
});
