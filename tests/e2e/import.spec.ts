import { expect, test } from './station';
import { StockPage } from './pages/stock';

// A plain products CSV with one bad row: row 3's barcode fails its GTIN check digit.
const FILE = [
  'sku,name,barcodes,weight_g,price,currency,reorder_point',
  'E2E-MUG,E2E mug,4006381333931,350,12.50,USD,5',
  'E2E-CAP,E2E cap,4006381333932,90,19.00,USD,',
  'E2E-TEE,E2E tee,,180,15.00,USD,2',
].join('\n');

test('import products from a file: a bad row is named and nothing written, then skipped; the products are in stock search', async ({ page, station }) => {
  await page.goto(`${station.url}/#/stock/import`);
  const panel = page.getByTestId('import-products');
  await panel.getByLabel('Products file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });
  await expect(panel.getByLabel('Format')).toHaveValue('csv');

  // All-or-nothing: the bad row is reported with its row and column, and no product is written.
  await panel.getByRole('button', { name: 'Import' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('0 created, 0 updated, 1 failed — nothing was written');
  const error = report.locator('tbody tr').first();
  await expect(error).toContainText('3');
  await expect(error).toContainText('barcodes');
  await expect(error).toContainText(/check digit/i);
  expect((await station.api<{ total: number }>('stock.list', { query: 'E2E-', limit: 10 })).total).toBe(0);

  // Skipping bad rows writes the two good ones; importing the same file again only updates.
  await panel.getByLabel('Skip bad rows').check();
  await panel.getByRole('button', { name: 'Import' }).click();
  await expect(report).toContainText('2 created, 0 updated, 1 failed');
  await panel.getByRole('button', { name: 'Import' }).click();
  await expect(report).toContainText('0 created, 2 updated, 1 failed');

  // The imported products are in the stock view, found by SKU and by barcode.
  const stock = new StockPage(page);
  await stock.open(station.url);
  await stock.search().fill('E2E-');
  await expect(stock.row('E2E-MUG', 'MAIN')).toBeVisible();
  await expect(stock.row('E2E-TEE', 'MAIN')).toBeVisible();
  await expect(page.getByTestId('stock-row-E2E-CAP-MAIN')).toHaveCount(0);
  await stock.search().fill('');
  await stock.scan('4006381333931');
  await expect(stock.detail()).toContainText('E2E-MUG');
});
