import type { Page } from '@playwright/test';
import { expect, test, type Station } from './station';
import { StockPage } from './pages/stock';

/** A product with stock received into MAIN, its detail open in the console. */
async function openStockedProduct(page: Page, station: Station, sku: string, quantity: number) {
  const product = await station.api<{ id: number }>('catalog.upsert', { sku, name: `E2E ${sku}` });
  await station.api('stock.receive', { sku, quantity });
  const stock = new StockPage(page);
  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText(String(quantity));
  return { product, stock };
}

test('transfer stock to another warehouse: in transit until received there', async ({ page, station }) => {
  await station.api('warehouses.upsert', { code: 'EAST', name: 'East warehouse' });
  const { product, stock } = await openStockedProduct(page, station, 'E2E-TRF', 20);
  await page.getByRole('button', { name: 'Transfer to warehouse' }).click();
  await page.getByLabel('To warehouse').selectOption('EAST');
  await page.getByLabel('Quantity').fill('5');
  await page.getByRole('button', { name: 'Send transfer' }).click();
  await expect(page.getByTestId('toast-success')).toContainText('5 × E2E-TRF in transit to EAST');
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('15');
  await expect(stock.figure('EAST', 'inTransit')).toHaveText('5');
  await expect(stock.figure('EAST', 'available')).toHaveText('0');

  // Received at the other end: on hand and sellable there.
  await page.goto(`${station.url}/#/stock/transfers`);
  const row = page.getByTestId('transfers').locator('tbody tr', { hasText: 'E2E-TRF' });
  await expect(row).toContainText('in transit');
  await row.getByRole('button', { name: 'Receive' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'received at EAST' })).toHaveCount(1);
  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(stock.figure('EAST', 'onHand')).toHaveText('5');
  await expect(stock.figure('EAST', 'inTransit')).toHaveText('0');
  await expect(stock.figure('EAST', 'available')).toHaveText('5');
});

test('a blind cycle count: counted without the expected figure, the difference reviewed and posted as a count movement', async ({ page, station }) => {
  const { product, stock } = await openStockedProduct(page, station, 'E2E-CNT', 15);
  await page.getByRole('button', { name: 'Start cycle count' }).click();
  await page.getByRole('button', { name: 'Create count sheet' }).click();

  const sheet = page.getByTestId('count-sheet');
  await expect(sheet).toContainText('blind');
  // Blind: the counter does not see what the system expects.
  await expect(sheet.getByRole('columnheader', { name: 'Expected' })).toHaveCount(0);
  await sheet.getByLabel(/Counted E2E-CNT in/).fill('13');
  await sheet.getByRole('button', { name: 'Submit for review' }).click();

  // Review: expected, counted and the variance, the difference approved by default.
  await expect(sheet).toContainText('review');
  const line = sheet.locator('tbody tr', { hasText: 'E2E-CNT' });
  await expect(line).toContainText('15');
  await expect(line).toContainText('-2');
  await expect(line.getByRole('checkbox')).toBeChecked();
  await sheet.getByRole('button', { name: 'Post approved differences' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'posted' })).toContainText(`Count`);
  await expect(sheet).toContainText('posted');

  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('13');
  const latest = stock.ledgerRows().first();
  await expect(latest).toContainText('count');
  await expect(latest).toContainText('-2');
});
