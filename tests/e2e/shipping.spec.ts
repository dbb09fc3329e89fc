import { startPrinterSimulator, type PrinterSimulator } from '../../main/devices/simulators';
import { isValidUspsImpb } from '../../main/domain/shipping/tracking-numbers';
import { BOUGHT_LABEL_ZPL, FakeEasyPost } from '../helpers/easypost-server';
import { ShellPage } from './pages/shell';
import { ShippingPage } from './pages/shipping';
import { expect, test, type Station } from './station';

let printer: PrinterSimulator;

test.beforeEach(async () => {
  // A real TCP label printer on loopback, started by the test; the station server prints to it.
  printer = await startPrinterSimulator();
});

test.afterEach(async () => {
  await printer.close();
});

/** A shop with one warehouse, a product, stock, zones/cards for two USPS services and UPS Ground, and an order. */
async function shopWithOrder(station: Station): Promise<number> {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 10, warehouse: 'NYC' });
  await station.api('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  const zones = 'origin_prefix,dest_prefix,zone\n100,200,5\n';
  for (const carrier of ['usps', 'ups']) await station.api('shipping.importZones', { carrier, csv: zones });
  const cards: [string, string, string][] = [
    ['usps', 'ground_advantage', '5,2000,5.00'],
    ['usps', 'priority', '5,2000,8.00'],
    ['ups', 'ground', '5,2000,9.00'],
  ];
  for (const [carrier, service, row] of cards) await station.api('shipping.importRateCard', { carrier, service, csv: `zone,max_weight_g,price\n${row}\n` });
  await station.api('printers.upsert', { name: 'Label Zebra', language: 'zpl', uri: printer.uri });
  const order = await station.api<{ id: number; status: string }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });
  expect(order.status).toBe('allocated');
  return order.id;
}

test('open an order, see the recommended service and why, create the shipment and see the label arrive at the printer', async ({ page, station }) => {
  const orderId = await shopWithOrder(station);
  const shipping = new ShippingPage(page);
  await shipping.openOrder(station.url, orderId);

  await expect(shipping.reason()).toContainText(/USPS Ground Advantage|USPS Priority Mail/);
  await expect(shipping.recommendedRow()).toHaveCount(1);
  await expect(shipping.recommendedRow()).toContainText('recommended');
  await expect(shipping.rateRow('ups:ground')).toContainText('$10.40');
  const recommended = (await shipping.recommendedRow().getAttribute('data-testid'))!.replace('rate-', '');
  expect(['usps:ground_advantage', 'usps:priority']).toContain(recommended);

  await shipping.createShipment('Label Zebra');
  await expect(shipping.trackingNumbers()).toHaveCount(1);
  const tracking = (await shipping.trackingNumbers().first().textContent())!.trim();
  // No postage account: an internal reference, never a made-up USPS number; the label says NOT POSTAGE.
  expect(tracking).toMatch(/^REF\d{10}$/);
  expect(isValidUspsImpb(tracking)).toBe(false);
  await expect(page.getByTestId('label-kind').first()).toHaveText('NOT POSTAGE — reference only');
  await expect(shipping.labelPreview()).toBeVisible();

  const [job] = await printer.waitForJobs(1, 15_000);
  expect(job.text).toMatch(/^\^XA\^CI28\^PW812\^LL1218/);
  expect(job.text).toContain('Ada Lovelace');
  expect(job.text).toContain(tracking.slice(0, 12));
  expect(job.text).toContain('NOT POSTAGE — REFERENCE ONLY');
  await expect(page.getByTestId('order-detail-status')).toHaveText('Shipped');
});

test('override the recommendation with a reason; quick quote on the Shipping screen', async ({ page, station }) => {
  const orderId = await shopWithOrder(station);
  const shipping = new ShippingPage(page);
  await shipping.openOrder(station.url, orderId);
  await expect(shipping.recommendedRow()).toHaveCount(1);
  await shipping.chooseService('ups:ground', 'customer asked for UPS');
  await shipping.createShipment('Label Zebra');
  await expect(shipping.ratePanel()).toContainText('override: customer asked for UPS');
  const [job] = await printer.waitForJobs(1, 15_000);
  expect(job.text).toContain('UPS GROUND');

  await shipping.openScreen(station.url, 'quote');
  const quote = await shipping.quickQuote('20001', 800);
  await expect(quote.getByTestId('quote-reason')).not.toBeEmpty();
  await expect(quote.getByTestId('rate-usps:priority')).toBeVisible();
});

test('connect the EasyPost postage account in Settings; shipping buys the label there and prints the carrier’s ZPL', async ({ page, station }) => {
  const easypost = await new FakeEasyPost('EZTK_e2e_postage_key', { zplLabels: true }).start();
  try {
    const orderId = await shopWithOrder(station);
    const shell = new ShellPage(page);
    await shell.open(station.url, 'settings/shipping');
    const panel = page.getByTestId('postage-account');
    await expect(panel.getByTestId('postage-status')).toContainText('Not connected');
    // The test's EasyPost is on loopback: its address is set through the API (the screen has no field for it).
    await station.api('shipping.updatePostage', { apiKey: 'EZTK_placeholder', baseUrl: easypost.baseUrl, carriers: ['ups'] });
    await panel.getByLabel('EasyPost API key').fill('EZTK_e2e_postage_key');
    await panel.getByLabel('USPS').check();
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(panel.getByTestId('postage-status')).toContainText('Connected (key …_key): UPS, USPS labels are bought at EasyPost.');

    const shipping = new ShippingPage(page);
    await shipping.openOrder(station.url, orderId);
    await expect(shipping.recommendedRow()).toHaveCount(1);
    await shipping.createShipment('Label Zebra');
    await expect(shipping.trackingNumbers()).toHaveText(['9405500208303109884137']);
    const [job] = await printer.waitForJobs(1, 15_000);
    expect(job.text).toBe(BOUGHT_LABEL_ZPL);
    expect(easypost.requests.filter((r) => r.url.endsWith('/buy'))).toHaveLength(1);
  } finally {
    await easypost.close();
  }
});
