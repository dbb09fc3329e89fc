import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from '../../main/devices/simulators';
import { PackingPage } from './pages/packing';
import { expect, setUpPackingShop, test } from './station';

let printer: PrinterSimulator;
let scale: ScaleSimulator;

test.beforeEach(async () => {
  printer = await startPrinterSimulator();
  scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
  scale.setWeight(0);
});

test.afterEach(async () => {
  await printer.close();
  await scale.close();
});

test('the supervisor PIN set in Settings guards the weight override, and the override outlives the next scale readings', async ({ page, station }) => {
  const shop = await setUpPackingShop(station, { printerUri: printer.uri, scalePort: scale.path });

  await page.goto(`${station.url}/#/settings/supervisor-pin`);
  const panel = page.getByTestId('supervisor-pin');
  await expect(panel.getByTestId('supervisor-pin-state')).toContainText('No supervisor PIN');
  await panel.getByTestId('supervisor-pin-input').fill('12');
  await panel.getByRole('button', { name: 'Set PIN' }).click();
  await expect(panel.getByTestId('field-error-pin')).toBeVisible();
  await panel.getByTestId('supervisor-pin-input').fill('4821');
  await panel.getByRole('button', { name: 'Set PIN' }).click();
  await expect(panel.getByTestId('supervisor-pin-state')).toContainText('A supervisor PIN is set');

  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');
  await packing.scan(shop.orderNumber);
  for (const code of ['SUP-MUG', 'SUP-TEE', 'SUP-TEE']) await packing.scan(code);
  scale.setWeight(800); // the mug is missing
  await expect(packing.weightBlock()).toContainText('read 800 g');
  await packing.weightBlock().getByRole('button', { name: 'Supervisor override…' }).click();
  await page.getByLabel('Override reason').fill('mug ships from the other warehouse');
  await page.getByLabel('Supervisor', { exact: true }).fill('Maria');
  await page.getByLabel('Supervisor PIN').fill('1111');
  await page.keyboard.press('Enter');
  await expect(packing.refusal()).toContainText('Wrong supervisor PIN');
  await expect(packing.shipButton()).toBeDisabled();
  await page.getByLabel('Supervisor PIN').fill('4821');
  await page.keyboard.press('Enter');
  await expect(packing.shipButton()).toBeEnabled();
  await expect(page.getByTestId('weight-overridden')).toContainText('Overridden by Maria');

  // The parcel is nudged on the platter: a new stable reading is taken, and the override stays.
  scale.setWeight(810);
  await expect(packing.measuredWeight()).toHaveText('810 g');
  await expect(packing.shipButton()).toBeEnabled();
  await expect(page.getByTestId('weight-overridden')).toContainText('Overridden by Maria');
});
