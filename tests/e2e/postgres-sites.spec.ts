import { expect, test } from '@playwright/test';
import { postShopifyWebhook, shopifyOrderBody } from '../helpers/shopify';
import { OrdersPage } from './pages/orders';
import { startPostgresCluster } from './postgres-cluster';

/**
 * Issue #20: two sites, each with its own station server, on one PostgreSQL database. What one
 * site's server takes in shows up live on the other site's screen — the event crosses from
 * process to process through the database (LISTEN/NOTIFY), not through either server's memory.
 */
const SECRET = 'shpss_e2e_sites';
let cluster: Awaited<ReturnType<typeof startPostgresCluster>>;

test.beforeEach(async () => {
  cluster = await startPostgresCluster(2);
});
test.afterEach(async () => {
  await cluster?.stop();
});

test('an order taken by site B appears live on site A’s queue, and B’s stock change on A’s order', async ({ page }) => {
  const [a, b] = cluster.servers;
  await a.api('catalog.upsert', { sku: 'SITE-MUG', name: 'Enamel mug', priceCents: 1800 });
  await a.api('stock.receive', { sku: 'SITE-MUG', quantity: 1 });
  const channel = await a.api<{ webhookPath: string }>('channels.upsert', { name: 'Shared Shopify', kind: 'shopify', secret: SECRET });
  // Both servers really are on the PostgreSQL database (not on a file named after the URL).
  expect(cluster.postgres.psql("select count(*) from product where sku = 'SITE-MUG'").trim()).toBe('1');

  // Site A's console is open on the queue; nothing there yet.
  const orders = new OrdersPage(page);
  await orders.open(a.url);
  await expect(page.getByText('No orders here')).toBeVisible();

  // The shop's webhook reaches site B's server. No reload on A from here on.
  const first = await postShopifyWebhook(b.url, channel.webhookPath, shopifyOrderBody({ id: 9101, name: '#9101', lines: [{ sku: 'SITE-MUG', quantity: 1 }] }), SECRET);
  expect(first).toMatchObject({ status: 200, body: { outcome: 'created', status: 'allocated' } });
  await expect(orders.row('#9101')).toBeVisible();
  await expect(orders.row('#9101')).toContainText('Allocated');
  await expect(orders.count('allocated')).toHaveText('1');

  // The one mug is taken (by B's order): the next order, also through B, is backordered on A's screen.
  await postShopifyWebhook(b.url, channel.webhookPath, shopifyOrderBody({ id: 9102, name: '#9102', lines: [{ sku: 'SITE-MUG', quantity: 1 }] }), SECRET);
  await expect(orders.row('#9102')).toBeVisible();
  await expect(orders.row('#9102')).toContainText('Backordered');
  await expect(orders.count('backordered')).toHaveText('1');

  // And A's own server agrees with what its screen shows: the same database.
  const listed = await a.api<{ rows: { number: string; status: string }[] }>('orders.list', { limit: 10 });
  expect(listed.rows.map((r) => [r.number, r.status]).sort()).toEqual([
    ['#9101', 'allocated'],
    ['#9102', 'backordered'],
  ]);
});
