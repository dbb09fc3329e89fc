import { AuditLogPage } from './pages/audit';
import { StockPage } from './pages/stock';
import { expect, test } from './station';

test('Settings → Audit log shows a stock adjustment just made, filtered by who made it', async ({ page, station }) => {
  const product = await station.api<{ id: number }>('catalog.upsert', { sku: 'E2E-AUD', name: 'E2E audited mug' });
  await station.api('stock.receive', { sku: 'E2E-AUD', quantity: 10 });
  // Someone else (the command line) adjusts it too: the filter must tell the two apart.
  expect((await station.cli(['stock', 'adjust', '--sku', 'E2E-AUD', '--delta', '2', '--reason', 'recount from the CLI'])).code).toBe(0);

  // The owner adjusts it in the console.
  const stock = new StockPage(page);
  await page.goto(`${station.url}/#/stock/${product.id}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('12');
  await stock.adjust({ delta: -3, reason: 'dropped a box' });
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('9');

  const audit = new AuditLogPage(page);
  await audit.open(station.url);
  await audit.filter({ actor: 'owner', action: 'stock.adjust' });
  await expect(audit.rows()).toHaveCount(1);
  const row = audit.rows().first();
  await expect(row.getByTestId('audit-actor')).toHaveText('owner');
  await expect(row.getByTestId('audit-target')).toHaveText('sku=E2E-AUD');
  await expect(row).toContainText('http');
  await expect(row).toContainText('dropped a box');
  // The detail reads as words, not JSON.
  await expect(row.getByTestId('audit-detail')).toContainText('reason: dropped a box');
  await expect(row.getByTestId('audit-detail')).not.toContainText('{');

  await audit.filter({ actor: 'cli' });
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.rows().first()).toContainText('recount from the CLI');

  // The stock area holds all three changes, newest first.
  await audit.filter({ area: 'stock' });
  await expect(audit.rows().getByTestId('audit-action')).toHaveText(['stock.adjust', 'stock.adjust', 'stock.receive']);

  // An action typed without its dot ("stock") means every stock.* action, as a newcomer expects.
  await audit.filter({ action: 'stock' });
  await expect(audit.rows().getByTestId('audit-action')).toHaveText(['stock.adjust', 'stock.adjust', 'stock.receive']);
});
