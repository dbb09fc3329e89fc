import { ShellPage } from './pages/shell';
import { expect, test, type Station } from './station';

const order = (station: Station, sku: string) =>
  station.api<{ id: number; number: string; status: string }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku, quantity: 1 }],
  });

test('the Reports dashboard counts today’s orders live and opens an exception’s order', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 10, unitCostCents: 600 });
  await order(station, 'E2E-MUG');
  const held = await order(station, 'E2E-UNKNOWN');
  expect(held.status).toBe('on_hold');

  const shell = new ShellPage(page);
  await shell.open(station.url, 'reports');
  await expect(page.getByTestId('kpi-received')).toContainText('2');
  await expect(page.getByTestId('kpi-on-hold')).toContainText('1');
  await expect(page.getByTestId('kpi-stock-value')).toContainText('$60.00'); // 10 mugs on hand at $6.00 (reserved ones are still on hand)
  await expect(page.getByTestId('orders-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();

  // A new order appears without a reload.
  await order(station, 'E2E-MUG');
  await expect(page.getByTestId('kpi-received')).toContainText('3');

  const row = page.getByTestId('exceptions').locator('tbody tr', { hasText: held.number });
  await expect(row).toContainText('Unknown SKU E2E-UNKNOWN');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`#/orders/${held.id}$`));
});

test('bookkeeping: preview the books of today, close yesterday, download its journal', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-LAMP', name: 'Brass lamp', priceCents: 2500, costCents: 700 });
  await station.api('stock.receive', { sku: 'E2E-LAMP', quantity: 5, unitCostCents: 700 });
  const placed = await order(station, 'E2E-LAMP');
  for (const to of ['picking', 'packed', 'shipped']) await station.api('orders.transition', { id: placed.id, to, reason: 'shipped by hand' });
  const { today } = await station.api<{ today: string }>('calendar.get', {});
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  const shell = new ShellPage(page);
  await shell.open(station.url, 'reports');
  const panel = page.getByTestId('bookkeeping');
  await panel.getByLabel('Period from').fill(today);
  await panel.getByLabel('Period to').fill(today);
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(panel.getByTestId('bookkeeping-preview')).toContainText('1 entries: sales $25.00');
  // Today is not over: it cannot be closed yet (closing asks first; the refusal shows next to "To").
  await panel.getByRole('button', { name: 'Close period' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Close period' }).click();
  await expect(page.getByText(/is not over yet/)).toBeVisible();

  await panel.getByLabel('Period from').fill(yesterday);
  await panel.getByLabel('Period to').fill(yesterday);
  await panel.getByRole('button', { name: 'Close period' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Close period' }).click();
  const row = panel.getByTestId(`period-${yesterday}`);
  await expect(row).toContainText('0');
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Journal CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`shipshape-${yesterday}_${yesterday}-journal.csv`);
  const text = await (await download.createReadStream())!.toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text).toBe('date,entry,kind,account,debit,credit,currency,reference,memo\n');
});

test('a burst of orders reloads the open dashboard a few times, not once per order, and ends on the true count', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 500 });
  const shell = new ShellPage(page);
  await shell.open(station.url, 'reports');
  await expect(page.getByTestId('kpi-received')).toContainText('0');
  let dashboardRequests = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/reports.dashboard')) dashboardRequests++;
  });
  await Promise.all(Array.from({ length: 60 }, () => order(station, 'E2E-MUG')));
  await expect(page.getByTestId('kpi-received')).toContainText('60');
  expect(dashboardRequests).toBeLessThan(30);
});
