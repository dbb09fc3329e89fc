import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { OrdersPage } from './pages/orders';
import { expect, test } from './station';

test('the order page’s "Packing slip" button downloads the slip as a PDF', async ({ page, station }) => {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 5, warehouse: 'NYC' });
  await station.api('documents.updateSettings', { shopName: 'Corner Shop' });
  const order = await station.api<{ id: number; number: string }>('orders.create', {
    customer: { name: 'Grace Hopper', email: null, phone: null },
    shipTo: { name: 'Grace Hopper', company: null, line1: '2 Broadway', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10004', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku: 'MUG', quantity: 2 }],
  });
  const orders = new OrdersPage(page);
  await page.goto(`${station.url}/#/orders/${order.id}`);
  await orders.detail().waitFor();

  const slip = await orders.downloadPackingSlip();
  expect(slip.name).toMatch(/^packing-slip-.+\.pdf$/);
  expect(readFileSync(slip.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  let text: string;
  try {
    text = execFileSync('pdftotext', ['-layout', slip.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } catch (error) {
    throw new Error(`pdftotext is needed to read the slip (apt-get install -y poppler-utils): ${(error as Error).message}`, { cause: error });
  }
  expect(text).toContain('Corner Shop');
  expect(text).toContain('PACKING SLIP');
  expect(text).toContain(`Order ${order.number}`);
  expect(text).toContain('Grace Hopper');
  expect(text).toMatch(/MUG Enamel Mug 2/);
});

test('Settings: add a system (office) printer with labelled fields, and set what slips say', async ({ page, station }) => {
  await page.goto(`${station.url}/#/settings/stations`);
  const printers = page.getByTestId('panel-printers');
  await printers.getByLabel('Printer name').fill('Office laser');
  await printers.getByLabel('Printer language').selectOption('pdf');
  // Every field has a visible label, not only a placeholder.
  await expect(printers.locator('label', { hasText: 'Print queue (system://QUEUE)' })).toBeVisible();
  await printers.getByLabel('Printer address').fill('system://Office_Laser');
  await printers.getByLabel('Paper').selectOption('Letter');
  await printers.getByRole('button', { name: 'Add printer' }).click();
  const row = page.getByTestId('printer-row-Office laser');
  await expect(row).toContainText('System (PDF)');
  await expect(row).toContainText('216×279 mm paper');

  // What slips say is the shop's: Settings → Shop.
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Shop', exact: true }).click();
  const documents = page.getByTestId('panel-documents');
  await documents.getByLabel('Shop name on slips').fill('Corner Shop');
  await documents.getByLabel('Return instructions').fill('Send it back within 30 days.');
  await documents.getByRole('button', { name: 'Save document settings' }).click();
  await expect.poll(() => station.api('documents.settings', {})).toMatchObject({ shopName: 'Corner Shop', returnInstructions: 'Send it back within 30 days.' });
});
