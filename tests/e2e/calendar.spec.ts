import { postShopifyWebhook, shopifyOrderBody } from '../helpers/shopify';
import { ShellPage } from './pages/shell';
import { expect, test } from './station';

const SECRET = 'shpss_e2e_calendar';

test('the shop calendar set in Settings moves an order’s promise: time zone, cut-off, public holidays and a closed day', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 10 });
  const channel = await station.api<{ id: number; webhookPath: string }>('channels.upsert', { name: 'E2E Shopify', kind: 'shopify', secret: SECRET, promiseRules: { '*': 2 } });

  const shell = new ShellPage(page);
  await shell.open(station.url, 'settings/shop');
  const panel = page.getByTestId('shop-calendar');
  await panel.getByLabel('Time zone').fill('America/New_York');
  await panel.getByLabel('Order cut-off').fill('10:00');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Shop calendar saved')).toBeVisible();

  // The country's public holidays are listed as closed days; the owner closes a day of their own.
  await panel.getByLabel('Holiday country').selectOption('US');
  await expect(panel.getByTestId('closed-days')).toContainText('Christmas Day');
  await panel.getByLabel('Day to close').fill('2025-07-18');
  await panel.getByRole('button', { name: 'Close this day' }).click();
  await expect(page.getByText('Closed on 2025-07-18')).toBeVisible();

  // Placed Wednesday 16 July 2025 at 10:03 in New York (the fixture's created_at): after the 10:00
  // cut-off, so Thursday is the order day; Friday is closed; two business days on is Tuesday 22nd.
  const delivered = await postShopifyWebhook(station.url, channel.webhookPath, shopifyOrderBody({ id: 7101, name: '#7101', lines: [{ sku: 'E2E-MUG', quantity: 1 }] }), SECRET);
  expect(delivered.status).toBe(200);
  const { orderId } = delivered.body as { orderId: number };
  await page.goto(`${station.url}/#/orders/${orderId}`);
  await expect(page.getByTestId('order-promised')).toHaveText('2025-07-22');

  // Reopening the day moves the next order's promise back to Monday 21st.
  await station.api('calendar.update', { closedDays: [] });
  const next = await postShopifyWebhook(station.url, channel.webhookPath, shopifyOrderBody({ id: 7102, name: '#7102', lines: [{ sku: 'E2E-MUG', quantity: 1 }] }), SECRET);
  const nextOrder = await station.api<{ promisedDate: string }>('orders.get', { id: (next.body as { orderId: number }).orderId });
  expect(nextOrder.promisedDate).toBe('2025-07-21');
});
