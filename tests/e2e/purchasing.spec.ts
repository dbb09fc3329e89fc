import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startStation, test } from './station';
import { PurchasingPage } from './pages/purchasing';
import { StockPage } from './pages/stock';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The inbound side end to end, in Chromium against a real station server: the autopilot suggests
 * reordering a lamp that sells 3 a day and is down to 12; the owner approves it (a draft PO),
 * sends the PO, receives it with the scanner alone — PO number, GTIN, quantity, Ctrl+Enter — and
 * sees the putaway bin, the stock and the product's moving-average cost change, then records
 * the supplier's bill.
 *
 * The shop has 60 days of real history (seeded through the services on a manual clock by
 * fixtures/purchasing-shop.ts), so the forecast, and so the suggestion, are the autopilot's own.
 */
test('approve a suggestion, send the PO, receive it by scanning: stock, cost and putaway bin', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-purchasing-'));
  const dbPath = path.join(dir, 'shop.sqlite');
  const seeded = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'tests', 'e2e', 'fixtures', 'purchasing-shop.ts'), dbPath], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(seeded.status, seeded.stderr).toBe(0);
  const { productId } = JSON.parse(seeded.stdout.trim().split('\n').at(-1)!) as { productId: number };
  const station = await startStation({ args: ['--db', dbPath] });
  try {
    const purchasing = new PurchasingPage(page);
    await purchasing.open(station.url, 'suggestions');

    // The autopilot's run: one line for LAMP with its arithmetic; the lamp is at risk.
    await purchasing.runNow().click();
    const line = purchasing.suggestion('LAMP');
    await expect(line).toContainText('54 = 9 cases of 6');
    await expect(line.getByTestId('suggestion-reason')).toContainText('− on hand 12 − on order 0');
    await expect(purchasing.card('on-order')).toContainText('$0.00');

    // Approve: a draft PO for Acme Supply, linked from the decided list.
    await line.getByTestId('approve-one').click();
    await expect(page.getByTestId('toast-success').filter({ hasText: 'drafted for Acme Supply' })).toHaveCount(1);
    const poLink = purchasing.decided().getByRole('link');
    const poNumber = (await poLink.textContent())!.trim();
    await poLink.click();
    await expect(purchasing.poStatus()).toHaveText(/draft/i);
    await expect(purchasing.poLine('LAMP')).toContainText('54');
    // The run found the lamp runs out before a new order can arrive (4 days of stock, 5-day lead time).
    await expect(purchasing.card('at-risk')).toContainText('1');
    await page.getByTestId('po-send').click();
    await expect(purchasing.poStatus()).toHaveText(/sent/i);
    await expect(purchasing.card('on-order')).toContainText('$432.00');

    // Receiving with the keyboard alone: the scan field has the focus from the start.
    await purchasing.open(station.url, 'receiving');
    await expect(purchasing.scanInput()).toBeFocused();
    await purchasing.scan(poNumber);
    await expect(purchasing.prompt()).toContainText(`${poNumber} · Acme Supply`);
    await purchasing.scan('04006381333931'); // the lamp's GTIN
    await expect(purchasing.prompt()).toContainText('LAMP, open 54');
    await purchasing.scan('54');
    await purchasing.scan(''); // no damaged units
    await expect(page.getByTestId('counted-LAMP')).toContainText('+54');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('toast-success').filter({ hasText: `on ${poNumber}` })).toContainText('received');
    // The putaway list names the bin: where the lamps were last stocked.
    await expect(purchasing.putaway('LAMP')).toContainText('A01-01');
    await expect(purchasing.putaway('LAMP')).toContainText('54');

    // Stock went up by 54; the moving-average cost moved from $7.00 towards the PO's $8.00:
    // (12 × $7.00 + 54 × $8.00) / 66 = $7.82.
    const stock = new StockPage(page);
    await page.goto(`${station.url}/#/stock/${productId}`);
    await expect(stock.figure('MAIN', 'onHand')).toHaveText('66');
    await expect(stock.detail()).toContainText('$25.00 / $7.82');

    // The supplier's bill, recorded on the PO (the books take it against goods received).
    await purchasing.open(station.url, 'orders', poNumber);
    await expect(purchasing.poStatus()).toHaveText(/received/i);
    const bills = purchasing.bills();
    await bills.getByLabel('Bill number').fill('INV-5521');
    await bills.getByLabel(/Bill amount/).fill('432.00');
    await bills.getByLabel(/Bill amount/).press('Enter');
    await expect(bills.getByTestId('bill-INV-5521')).toContainText('$432.00');
    await expect(purchasing.card('on-order')).toContainText('$0.00');
  } finally {
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
