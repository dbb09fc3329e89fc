/**
 * Main writes text in the shop's locale too (Settings → Shop format): product labels sent to a
 * printer, the pack station's weight-check message, rate-shopping reasons. A real shop on a temp
 * SQLite file; the label's ZPL is captured at a printer simulator on loopback TCP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startPrinterSimulator } from '../../../main/devices/simulators';
import { checkParcelWeight } from '../../../main/domain/fulfilment/service/weight-check';
import { formatPrice } from '../../../main/domain/shipping/rate-shopping';
import { DEFAULT_LOCALE, setDisplayLocale } from '../../../shared/money';
import { tempDbPath } from '../../helpers/temp-app';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  // Main's display locale is process-wide: leave the next test file the default.
  setDisplayLocale(DEFAULT_LOCALE);
});

async function open(dbPath: string, workers = false): Promise<App> {
  const app = await openApp({ dbPath, workers });
  cleanups.push(() => app.close());
  return app;
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const missingCap = () =>
  checkParcelWeight({ expectedG: 2410, measuredG: 1260, tolerancePercent: 2.5, toleranceMinG: 20, items: [{ sku: 'KETTLE', unitWeightG: 1150 }] }).explanation;

describe("main's text in the shop's locale", () => {
  it("prints a de-DE shop's product label price as 12,50 € (the ZPL the printer receives)", async () => {
    const sim = await startPrinterSimulator();
    cleanups.push(() => sim.close());
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    const app = await open(tmp.dbPath, true);
    await app.invoke('catalog.upsert', { sku: 'MUG-1', name: 'Becher', priceCents: 1250, currency: 'EUR', barcodes: [{ code: '09506000134352', kind: 'gtin' }] });
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });

    await app.invoke('print.productLabel', { sku: 'MUG-1', printer: 'Zebra' });
    const [before] = await sim.waitForJobs(1, 5000);
    expect(before.text).toContain('€12.50');

    await app.invoke('shopFormat.update', { locale: 'de-DE' });
    await app.invoke('print.productLabel', { sku: 'MUG-1', printer: 'Zebra' });
    const [, after] = await sim.waitForJobs(2, 5000);
    expect(plain(after.text)).toContain('12,50 €');
    expect(after.text).not.toContain('€12.50');
  });

  it("writes the weight check and rate prices with the shop's separators: when changed, and again when the app opens", async () => {
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    const first = await open(tmp.dbPath);
    expect(missingCap()).toBe('expected 2,410 g ± 2.5 %, read 1,260 g — a 1,150 g item may be missing (KETTLE weighs 1,150 g)');
    expect(formatPrice(125000, 'EUR')).toBe('€1,250.00');

    await first.invoke('shopFormat.update', { locale: 'de-DE' });
    expect(missingCap()).toBe('expected 2.410 g ± 2,5 %, read 1.260 g — a 1.150 g item may be missing (KETTLE weighs 1.150 g)');
    expect(plain(formatPrice(125000, 'EUR'))).toBe('1.250,00 €');
    await first.close();

    // A new process on the same shop: the setting is read at start, not only when it is changed.
    setDisplayLocale(DEFAULT_LOCALE);
    await open(tmp.dbPath);
    expect(missingCap()).toContain('expected 2.410 g');
    expect(plain(formatPrice(150000, 'JPY'))).toBe('150.000 ¥');
  });
});
