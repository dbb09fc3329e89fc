import { ShopFormatPanel } from './pages/shop-format';
import { ShellPage } from './pages/shell';
import { StockPage } from './pages/stock';
import { expect, test } from './station';

/**
 * Counts and money in the console: thousands separators on the dashboard ("1200 out of stock" was
 * the bare number), and the shop's locale from Settings → Shop format used everywhere at once.
 */
test('the dashboard writes counts and money with the shop locale’s separators', async ({ page, station }) => {
  const rows = Array.from({ length: 1200 }, (_, i) => `E2E-OUT-${i},Out of stock item ${i}`);
  const report = await station.api<{ created: number }>('catalog.import', { format: 'csv', content: ['sku,name', ...rows].join('\n') });
  expect(report.created).toBe(1200);
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 1500, unitCostCents: 600 });

  const shell = new ShellPage(page);
  await shell.open(station.url, 'reports');
  await expect(page.getByTestId('kpi-out')).toContainText('1,200');
  await expect(page.getByTestId('kpi-stock-value')).toContainText('$9,000.00');

  const settings = new ShopFormatPanel(page);
  await settings.open(station.url);
  await expect(settings.panel().getByLabel('Shop locale')).toHaveValue('en-US');
  await settings.setLocale('xx-nonsense-!');
  await expect(settings.panel().getByRole('alert')).toContainText('"xx-nonsense-!" is not a locale');
  await settings.setLocale('de-DE');
  await expect(settings.example()).toContainText('1.234,56');
  // The console re-renders in the new locale and still knows it is connected (it used to say "connecting…" for good).
  await expect(page.getByTestId('connection-status')).toHaveText(/: connected$/);

  await shell.open(station.url, 'reports');
  await expect(page.getByTestId('kpi-out')).toContainText('1.200');
  await expect(page.getByTestId('kpi-stock-value')).toContainText(/9\.000,00\s\$/);
});

test('the stock list writes on hand, available and reorder point with the shop locale’s separators', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-WASHER', name: 'Brass washer', priceCents: 15, reorderPoint: 2000 });
  await station.api('stock.receive', { sku: 'E2E-WASHER', quantity: 12345 });
  const { rows } = await station.api<{ rows: { sku: string; warehouse: string }[] }>('stock.list', { query: 'E2E-WASHER' });
  const warehouse = rows.find((r) => r.sku === 'E2E-WASHER')!.warehouse;

  const stock = new StockPage(page);
  const cells = () => stock.row('E2E-WASHER', warehouse).getByRole('gridcell');
  await stock.open(station.url);
  await stock.search().fill('E2E-WASHER');
  await expect(cells().nth(3)).toHaveText('12,345'); // on hand
  await expect(cells().nth(5)).toHaveText('12,345'); // available
  await expect(cells().nth(6)).toHaveText('2,000'); // reorder at

  const settings = new ShopFormatPanel(page);
  await settings.open(station.url);
  await expect(settings.panel().getByLabel('Shop locale')).toHaveValue('en-US'); // loaded: the fill below is not overwritten
  await settings.setLocale('de-DE');
  await expect(settings.example()).toContainText('1.234,56');

  await stock.open(station.url);
  await stock.search().fill('E2E-WASHER');
  await expect(cells().nth(3)).toHaveText('12.345');
  await expect(cells().nth(5)).toHaveText('12.345');
  await expect(cells().nth(6)).toHaveText('2.000');
});
