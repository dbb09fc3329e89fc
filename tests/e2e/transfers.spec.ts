import { expect, test } from './station';
import { StockPage } from './pages/stock';
import { TransfersPage } from './pages/transfers';

test('stock moves between bins, then travels to another warehouse and is received into a chosen bin there', async ({ page, station }) => {
  await station.api('bins.upsert', { warehouse: 'MAIN', code: 'A-01' });
  await station.api('bins.upsert', { warehouse: 'MAIN', code: 'B-07', kind: 'bulk' });
  await station.api('warehouses.upsert', { code: 'WEST', name: 'West warehouse' });
  await station.api('bins.upsert', { warehouse: 'WEST', code: 'W-05' });
  const product = await station.api<{ id: number }>('catalog.upsert', { sku: 'TRF-LAMP', name: 'Transfer lamp' });
  await station.api('stock.receive', { sku: 'TRF-LAMP', bin: 'A-01', quantity: 20 });

  const stock = new StockPage(page);
  const transfers = new TransfersPage(page);
  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(transfers.balance('MAIN', 'A-01')).toContainText('20');

  // Between bins of one warehouse: on hand in the warehouse stays, the bins change.
  await transfers.moveBetweenBins({ from: 'MAIN|A-01|', toBin: 'B-07', quantity: 8 });
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Moved 8 × TRF-LAMP from A-01 to B-07' })).toHaveCount(1);
  await expect(transfers.balance('MAIN', 'A-01')).toContainText('12');
  await expect(transfers.balance('MAIN', 'B-07')).toContainText('8');
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('20');

  // Between warehouses, from the bulk bin: in transit at WEST until received.
  await transfers.send({ from: 'MAIN|B-07|', to: 'WEST', quantity: 5 });
  await expect(page.getByTestId('toast-success').filter({ hasText: '5 × TRF-LAMP in transit to WEST' })).toHaveCount(1);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('15');
  await expect(stock.figure('WEST', 'inTransit')).toHaveText('5');
  await expect(transfers.balance('MAIN', 'B-07')).toContainText('3');

  await transfers.openList(station.url);
  await expect(transfers.row('TRF-LAMP')).toContainText('MAIN');
  await expect(transfers.row('TRF-LAMP')).toContainText('WEST');
  await expect(transfers.row('TRF-LAMP')).toContainText('in transit');
  await transfers.receive('TRF-LAMP', 'W-05');
  await expect(page.getByTestId('toast-success').filter({ hasText: 'received at WEST' })).toHaveCount(1);
  await expect(transfers.row('TRF-LAMP')).toHaveCount(0);

  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(stock.figure('WEST', 'onHand')).toHaveText('5');
  await expect(stock.figure('WEST', 'inTransit')).toHaveText('0');
  await expect(transfers.balance('WEST', 'W-05')).toContainText('5');
  // The ledger tells the story: received at WEST last.
  await expect(stock.ledgerRows().first()).toContainText('transfer_in');
});

test('receiving a transfer into a bin the warehouse does not have is refused, and the transfer stays in transit', async ({ page, station }) => {
  await station.api('warehouses.upsert', { code: 'WEST', name: 'West warehouse' });
  await station.api('catalog.upsert', { sku: 'TRF-BULB', name: 'Transfer bulb' });
  await station.api('stock.receive', { sku: 'TRF-BULB', quantity: 4 });
  await station.api('stock.transfer', { from: 'MAIN', to: 'WEST', lines: [{ sku: 'TRF-BULB', quantity: 2 }] });
  const transfers = new TransfersPage(page);
  await transfers.openList(station.url);
  await transfers.receive('TRF-BULB', 'NO-SUCH-BIN');
  await expect(page.getByTestId('toast-error')).toContainText('NO-SUCH-BIN');
  await expect(transfers.row('TRF-BULB')).toContainText('in transit');
});
