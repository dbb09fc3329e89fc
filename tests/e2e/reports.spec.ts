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
