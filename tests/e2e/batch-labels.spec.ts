import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startPrinterSimulator, type PrinterSimulator } from '../../main/devices/simulators';
import { BatchLabelsPage } from './pages/batch-labels';
import { expect, test, type Station } from './station';

let printer: PrinterSimulator;

test.beforeEach(async () => {
  // A real TCP label printer on loopback, started by the test; the station server prints to it.
  printer = await startPrinterSimulator();
});

test.afterEach(async () => {
  await printer.close();
});

/** A shop with one warehouse, stock, USPS zones and rate cards, a label printer and ten allocated orders. */
async function shopWithTenOrders(station: Station): Promise<string[]> {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 50, warehouse: 'NYC' });
  await station.api('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  await station.api('shipping.importZones', { carrier: 'usps', csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
  await station.api('shipping.importRateCard', { carrier: 'usps', service: 'ground_advantage', csv: 'zone,max_weight_g,price\n5,2000,5.00\n' });
  await station.api('printers.upsert', { name: 'Label Zebra', language: 'zpl', uri: printer.uri });
  const numbers: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const order = await station.api<{ number: string; status: string }>('orders.create', {
      customer: { name: `Customer ${i}`, email: null, phone: null },
      shipTo: { name: `Customer ${i}`, company: null, line1: `${i} Analytical Way`, line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(order.status).toBe('allocated');
    numbers.push(order.number);
  }
  return numbers;
}

test('select 10 orders in the queue, create their labels in one action: 10 labels at the printer and a packing slip PDF', async ({ page, station }) => {
  const numbers = await shopWithTenOrders(station);
  const batch = new BatchLabelsPage(page);
  await batch.openQueue(station.url);
  for (const number of numbers) await batch.select(number);
  await batch.start();

  // The plan: every order rated on its recommended service, the total, and that the labels are not postage.
  await expect(batch.planRows()).toHaveCount(10);
  await expect(batch.total()).toContainText('Total $50.00 for 10 orders');
  await expect(batch.panel().getByTestId('label-kind').first()).toHaveText('NOT POSTAGE — reference only');
  // No office printer yet: the panel says where to add one instead of a select with only "Don't print".
  await expect(batch.panel().getByTestId('batch-no-slip-printer')).toContainText('add an office printer under Settings → Printers');

  await batch.create('Label Zebra');
  await expect(batch.summary()).toContainText('10 of 10 orders shipped');
  const jobs = await printer.waitForJobs(10, 30_000);
  expect(jobs).toHaveLength(10);
  for (const job of jobs) {
    expect(job.text).toMatch(/^\^XA/);
    expect(job.text).toContain('NOT POSTAGE — REFERENCE ONLY');
  }
  // Every order's label arrived (in pick order: here the order they were selected in).
  expect(jobs.map((j) => /REF: (\S+?)\^FS/.exec(j.text)?.[1])).toEqual(numbers);

  const slip = await batch.downloadSlip(numbers[0]);
  expect(slip.name).toBe(`packing-slip-${numbers[0]}.pdf`);
  const pdf = readFileSync(slip.path);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  let text: string;
  try {
    text = execFileSync('pdftotext', ['-layout', slip.path, '-'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`pdftotext is needed to read the slip (apt-get install -y poppler-utils): ${(error as Error).message}`, { cause: error });
  }
  expect(text).toContain(numbers[0]);
  expect(text).toContain('Customer 1');

  // The queue shows them shipped.
  await batch.panel().getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId(`order-row-${numbers[0]}`).getByTestId('order-status')).toHaveText('Shipped');
});
