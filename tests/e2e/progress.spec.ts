import { expect, test } from './station';
import { ProgressBarArea } from './pages/progress';

const ROWS = 60_000;

/** A plain products CSV large enough that its import takes a while (seconds on a busy machine). */
function bigProductsCsv(): Buffer {
  const lines = ['sku,name,weight_g,price,currency'];
  for (let i = 1; i <= ROWS; i++) lines.push(`PB-${i},Progress product ${i},100,9.99,USD`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('a product import shows its progress in the status bar, then done with the row count', async ({ page, station }) => {
  await page.goto(`${station.url}/#/stock/import`);
  const panel = page.getByTestId('import-products');
  await panel.getByLabel('Products file').setInputFiles({ name: 'big-products.csv', mimeType: 'text/csv', buffer: bigProductsCsv() });
  await panel.getByRole('button', { name: 'Import' }).click();

  const progress = new ProgressBarArea(page);
  // The bar appears while the rows are read (a finished job also stays in view a few seconds, so a
  // fast machine still sees it), labelled with the file.
  await expect(progress.job('product-import')).toBeVisible();
  await expect(progress.job('product-import')).toContainText('big-products.csv');
  // It ends done, with every row counted (thousands separators in the shop's locale).
  await expect(progress.count('product-import')).toHaveText(/^done · 60[,. ]?000 \/ 60[,. ]?000$/, { timeout: 60_000 });
  await expect(progress.bar('product-import')).toHaveAttribute('value', '1');
  await expect(page.getByTestId('import-report')).toContainText(/60[,. ]?000 created|60000 created/);
  // And leaves once done.
  await expect(progress.job('product-import')).toHaveCount(0, { timeout: 15_000 });
});
