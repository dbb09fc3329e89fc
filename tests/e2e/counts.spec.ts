import { expect, test, type Station } from './station';
import { CountsPage } from './pages/counts';
import { StockPage } from './pages/stock';

/** Two products sharing bin A-01 of MAIN: a bin count covers both. */
async function sharedBin(station: Station) {
  await station.api('bins.upsert', { warehouse: 'MAIN', code: 'A-01' });
  const bowl = await station.api<{ id: number }>('catalog.upsert', { sku: 'CNT-BOWL', name: 'Count bowl' });
  await station.api('catalog.upsert', { sku: 'CNT-PLATE', name: 'Count plate' });
  await station.api('stock.receive', { sku: 'CNT-BOWL', bin: 'A-01', quantity: 12 });
  await station.api('stock.receive', { sku: 'CNT-PLATE', bin: 'A-01', quantity: 30 });
  return bowl;
}

test('a cycle count of a bin end to end: count every line, reject a doubtful difference, post the rest', async ({ page, station }) => {
  const bowl = await sharedBin(station);
  const stock = new StockPage(page);
  const counts = new CountsPage(page);
  await page.goto(`${station.url}/#/stock/${bowl.id}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('12');

  await counts.startForBin('A-01');
  // The sheet lists every product in the bin, not only the one it was started from.
  await expect(counts.line('CNT-BOWL')).toBeVisible();
  await expect(counts.line('CNT-PLATE')).toBeVisible();
  await expect(counts.status()).toHaveText('counting');
  await counts.count('CNT-BOWL', 'A-01', 11);
  await counts.count('CNT-PLATE', 'A-01', 26);
  await counts.submit();

  // Review: both differences shown with their sign; the plate's -4 looks wrong, so it is rejected.
  await expect(counts.status()).toHaveText('review');
  await expect(counts.line('CNT-BOWL')).toContainText('-1');
  await expect(counts.line('CNT-PLATE')).toContainText('-4');
  await expect(counts.approve('CNT-BOWL', 'A-01')).toBeChecked();
  await counts.approve('CNT-PLATE', 'A-01').uncheck();
  await counts.post();
  await expect(counts.status()).toHaveText('posted');
  await expect(counts.line('CNT-BOWL')).toContainText('approve');
  await expect(counts.line('CNT-PLATE')).toContainText('reject');

  // Only the approved difference moved stock: a count movement in the bowl's ledger, none for the plate.
  await page.goto(`${station.url}/#/stock/${bowl.id}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('11');
  await expect(stock.ledgerRows().first()).toContainText('count');
  await expect(stock.ledgerRows().first()).toContainText('-1');
  const plate = await station.api<{ rows: { sku: string; onHand: number }[] }>('stock.list', { query: 'CNT-PLATE' });
  expect(plate.rows[0].onHand).toBe(30);

  // The count list shows it posted.
  await page.goto(`${station.url}/#/stock/counts`);
  const id = (await station.api<{ id: number }[]>('counts.list'))[0].id;
  await expect(counts.listRow(id)).toContainText('posted');
  await expect(counts.listRow(id)).toContainText('A-01');
});

test('an open count shows the expected figures when it is not blind, and saved counts survive a reload', async ({ page, station }) => {
  const bowl = await sharedBin(station);
  const counts = new CountsPage(page);
  await page.goto(`${station.url}/#/stock/${bowl.id}`);
  await counts.startForBin('A-01', { blind: false });
  await expect(counts.sheet().getByRole('columnheader', { name: 'Expected' })).toBeVisible();
  await expect(counts.line('CNT-PLATE')).toContainText('30');
  await counts.count('CNT-BOWL', 'A-01', 12);
  await counts.sheet().getByRole('button', { name: 'Save counts' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Saved 1 counted line' })).toHaveCount(1);
  await page.reload();
  await expect(counts.sheet().getByLabel('Counted CNT-BOWL in A-01')).toHaveValue('12');
  await expect(counts.sheet().getByLabel('Counted CNT-PLATE in A-01')).toHaveValue('');
});
