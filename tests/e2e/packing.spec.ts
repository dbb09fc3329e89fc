import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from '../../main/devices/simulators';
import { PackingPage } from './pages/packing';
import { expect, setUpPackingShop, test } from './station';

let printer: PrinterSimulator;
let scale: ScaleSimulator;

test.beforeEach(async () => {
  // Real transports, simulated far ends: a ZPL printer on loopback TCP and an NCI scale on a socat pty.
  printer = await startPrinterSimulator();
  scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
  scale.setWeight(0);
});

test.afterEach(async () => {
  await printer.close();
  await scale.close();
});

test('scan an order, verify its items (one wrong scan refused), weight from the scale, label at the printer, order shipped', async ({ page, station }) => {
  const shop = await setUpPackingShop(station, { printerUri: printer.uri, scalePort: scale.path });
  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');

  await packing.scan(shop.toteCode);
  await expect(packing.orderTitle()).toHaveText(shop.orderNumber);
  await expect(packing.line('MUG')).toContainText('0/1');
  await expect(packing.line('TEE')).toContainText('0/2');

  // A wrong item is refused loudly, and nothing is counted.
  await packing.scan('SUP-SOCK');
  await expect(packing.refusal()).toContainText(`WRONG ITEM: SOCK (Wool Sock) is not in order ${shop.orderNumber}`);
  await expect(packing.line('TEE')).toContainText('0/2');

  await packing.scan('SUP-MUG');
  await expect(packing.refusal()).toHaveCount(0);
  await packing.scan('SUP-TEE');
  await packing.scan('TEE');
  await expect(packing.line('TEE')).toContainText('2/2');
  await expect(packing.shipButton()).toBeDisabled();

  // The parcel goes on the scale: 400 + 2 × 200 + 400 g box; the reading arrives by itself.
  scale.setWeight(1200);
  await expect(packing.liveWeight()).toContainText('1,200 g stable');
  await expect(packing.measuredWeight()).toHaveText('1,200 g');
  await expect(packing.weightBlock()).toHaveCount(0);
  await expect(packing.rates()).toContainText('(recommended)');
  await expect(packing.shipButton()).toBeEnabled();

  await packing.shipAndPrint();
  await expect(packing.info()).toContainText(`${shop.orderNumber} shipped ✓`);
  const [label] = await printer.waitForJobs(1, 15_000);
  expect(label.text).toMatch(/^\^XA/);
  expect(label.text).toContain(shop.orderNumber);
  const order = await station.api<{ status: string }>('orders.get', { id: shop.orderId });
  expect(order.status).toBe('shipped');
  // Ready for the next scan.
  await expect(packing.scanInput()).toBeFocused();
});

test('a weight mismatch blocks the label with an explanation until a supervisor overrides', async ({ page, station }) => {
  const shop = await setUpPackingShop(station, { printerUri: printer.uri, scalePort: scale.path });
  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');
  await packing.scan(shop.orderNumber);
  for (const code of ['SUP-MUG', 'SUP-TEE', 'SUP-TEE']) await packing.scan(code);
  scale.setWeight(800); // the mug is missing
  await expect(packing.weightBlock()).toContainText('expected 1,200 g ± 5 %, read 800 g — a 400 g item may be missing (MUG weighs 400 g)');
  await expect(packing.shipButton()).toBeDisabled();
  await packing.weightBlock().getByRole('button', { name: 'Supervisor override…' }).click();
  await page.getByLabel('Override reason').fill('mug ships from the other warehouse');
  await page.getByLabel('Supervisor').fill('Maria');
  await page.keyboard.press('Enter');
  await expect(packing.shipButton()).toBeEnabled();
});
