import { startPrinterSimulator, type PrinterSimulator } from '../../main/devices/simulators';
import { DevicesPage } from './pages/devices';
import { ShellPage } from './pages/shell';
import { expect, test } from './station';

let printer: PrinterSimulator;

test.beforeEach(async () => {
  // A real TCP label printer on loopback, started by the test; the station server prints to it.
  printer = await startPrinterSimulator();
});

test.afterEach(async () => {
  await printer.close();
});

test('add a simulated printer in settings, print a test label, see it done in the queue with its preview', async ({ page, station }) => {
  const shell = new ShellPage(page);
  const devices = new DevicesPage(page);
  await shell.open(station.url, 'settings/stations');

  await devices.addPrinter({ name: 'Packing Zebra', uri: printer.uri });
  await expect(devices.printerRow('Packing Zebra')).toContainText('203 dpi, 102×152 mm');
  await expect(devices.printerStatus('Packing Zebra')).toHaveText('ready');
  await expect(devices.printerBadge()).toContainText('Packing Zebra: ready');

  await devices.testPrint('Packing Zebra');
  await expect(devices.previewImage()).toBeVisible();
  await expect(devices.preview()).toContainText('done');
  // The preview is a real rendered SVG image, not a broken one.
  expect(await devices.previewImage().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  const [job] = await printer.waitForJobs(1, 10_000);
  expect(job.text).toMatch(/^\^XA\^CI28\^PW812\^LL1218/);
  expect(job.text).toContain('Packing Zebra');

  await expect(devices.queueRows()).toHaveCount(1);
  await expect(devices.queueRows().first()).toContainText('Packing Zebra');
  await expect(devices.queueRows().first()).toContainText('done');

  // Reprint from history goes through the queue again: same bytes, second job done.
  await devices.queueRows().first().getByRole('button', { name: 'Reprint' }).click();
  await expect(devices.queueRows()).toHaveCount(2);
  await expect(devices.queueRows().first()).toContainText('done');
  const jobs = await printer.waitForJobs(2, 10_000);
  expect(jobs[1].bytes.equals(jobs[0].bytes)).toBe(true);
});

test('paper out shows on the printer and in the status bar, live', async ({ page, station }) => {
  const shell = new ShellPage(page);
  const devices = new DevicesPage(page);
  await station.api('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
  await shell.open(station.url, 'settings/stations');
  printer.setPaperOut(true);
  await devices.printerRow('Zebra').getByRole('button', { name: 'Check status' }).click();
  await expect(devices.printerStatus('Zebra')).toHaveText('out of labels');
  await expect(devices.printerBadge()).toContainText('Zebra: out of labels');
});
