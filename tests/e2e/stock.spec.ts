import { expect, test } from './station';
import { StockPage } from './pages/stock';

interface Row { productId: number; sku: string; warehouse: string; onHand: number; available: number; isKit: boolean; nextExpiry: string | null }

test('scan a barcode into the stock search, adjust with a reason, see the ledger entry and the new available figure', async ({ page, demoStation }) => {
  // A plain (not lot-tracked, not kit) demo product with free stock in MAIN's default bin path.
  const list = await demoStation.api<{ total: number; rows: Row[] }>('stock.list', { warehouse: 'MAIN', limit: 300 });
  expect(list.total).toBeGreaterThanOrEqual(500);
  let target: { row: Row; barcode: string } | undefined;
  for (const row of list.rows) {
    if (row.isKit || row.nextExpiry || row.available < 3) continue;
    const product = await demoStation.api<{ lotTracked: boolean; barcodes: { code: string; kind: string }[] }>('catalog.get', { id: row.productId });
    const gtin = product.barcodes.find((b) => b.kind === 'gtin');
    if (!product.lotTracked && gtin) {
      target = { row, barcode: gtin.code };
      break;
    }
  }
  expect(target, 'a demo product to adjust').toBeDefined();
  const { row, barcode } = target!;

  const stock = new StockPage(page);
  await stock.open(demoStation.url);
  await expect(stock.total()).toContainText('rows');

  await stock.scan(barcode);
  await expect(page).toHaveURL(new RegExp(`#/stock/${row.productId}$`));
  await expect(stock.detail()).toContainText(row.sku);
  await expect(stock.figure('MAIN', 'available')).toHaveText(String(row.available));

  // The reason is required: saving without one says so next to the Reason field.
  await page.getByRole('button', { name: 'Adjust', exact: true }).click();
  await page.getByTestId('adjust-form').getByLabel('Change').fill('-2');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect(page.getByTestId('adjust-form').getByTestId('field-error-reason')).toHaveText('A reason is required');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await stock.adjust({ delta: -2, reason: 'damaged in e2e test' });
  await expect(page.getByTestId('toast-success')).toContainText(`Adjusted ${row.sku}`);
  await expect(stock.figure('MAIN', 'available')).toHaveText(String(row.available - 2));
  const latest = stock.ledgerRows().first();
  await expect(latest).toContainText('adjust');
  await expect(latest).toContainText('-2');
  await expect(latest).toContainText('damaged in e2e test');

  // Every figure opens what makes it.
  await stock.figure('MAIN', 'available').click();
  await expect(page.getByTestId('explain')).toContainText(`Available ${row.available - 2} = sellable`);

  // Back to the list: the row shows the new figure.
  await page.getByTestId('back-to-stock').click();
  await stock.search().fill(row.sku);
  await expect(stock.row(row.sku, 'MAIN')).toContainText(String(row.available - 2));
});

test('an unknown scanned code says so and stays on the list', async ({ page, demoStation }) => {
  const stock = new StockPage(page);
  await stock.open(demoStation.url);
  await stock.scan('0000000000000');
  await expect(page.getByTestId('toast-error')).toContainText('No product has the barcode or SKU 0000000000000');
  await expect(page).toHaveURL(/#\/stock$/);
});
