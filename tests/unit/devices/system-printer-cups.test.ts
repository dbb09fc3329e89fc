import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { renderLabelsPdf, type LabelLayout } from '../../../main/devices/labels';
import { shippingLabel, type ShippingLabelInput } from '../../../main/domain/shipping/service/shipping-label';
import type { PrintJobDto } from '../../../shared/api/devices';
import { pageBarcodes, pageText, pageWords, pdfPages, pdfPageSizePt, startCups, type CupsServer } from '../../helpers/cups';
import { tempDbPath } from '../../helpers/temp-app';
import { startPrinterSimulator } from '../../../main/devices/simulators';
import { fulfilmentShop, order, pickEverything } from '../fulfilment/fulfilment-setup';

/**
 * System printers against a real CUPS server with the CUPS-PDF printer: the product queues a PDF,
 * its print queue hands it to `lp`, CUPS runs its filters and CUPS-PDF writes the printed PDF —
 * which is read back page by page (pdftotext for the words, pdftoppm at 300 dpi + zbarimg for
 * the barcodes). Needs cups, cups-bsd, printer-driver-cups-pdf, poppler-utils and zbar-tools; a
 * missing tool fails with the apt-get command.
 */

let cups: CupsServer;
let app: App;
let cleanupDb: () => void;
const printed: string[] = [];

beforeAll(async () => {
  cups = await startCups();
  const tmp = tempDbPath();
  cleanupDb = tmp.cleanup;
  app = await openApp({ dbPath: tmp.dbPath, workers: true });
  Object.assign(app.services.devices.queue.policy, { backoffBaseMs: 50, backoffMaxMs: 200 });
}, 30_000);

afterAll(async () => {
  await app?.close();
  cleanupDb?.();
  await cups?.stop();
  for (const file of printed) rmSync(file, { force: true });
});

async function settled(id: number): Promise<PrintJobDto> {
  return app.services.devices.queue.waitFor(id, 20_000);
}

/** Prints through the product and returns the file CUPS-PDF wrote. */
async function printedFile(job: PrintJobDto, since: number): Promise<string> {
  expect(await settled(job.id)).toMatchObject({ state: 'done', error: null });
  const file = await cups.waitForPdf(`shipshape-${job.id}-${job.kind}`, since);
  printed.push(file);
  return file;
}

const from = { name: 'Corner Shop', line1: '1 Market St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
function label(n: number, overrides: Partial<ShippingLabelInput> = {}): LabelLayout {
  return shippingLabel({
    from,
    to: { name: `Ada Lovelace ${n}`, line1: `${n} Main St`, city: 'New York', region: 'NY', postalCode: '10001', country: 'US' },
    carrierName: 'USPS',
    // The catalog's longest service name: it must print whole (wrapped), never clipped.
    serviceName: 'USPS Priority Mail Express',
    weightG: 1360,
    packageSeq: 1,
    packageCount: 1,
    trackingNumber: `9405511899223197428${n}90`,
    orderReference: `#10${n}`,
    shipDate: '2026-12-07',
    ...overrides,
  });
}

describe('system printer through CUPS-PDF', () => {
  it('prints a 4×6 in label PDF: one 4×6 page whose text reads and whose barcodes scan', async () => {
    cups.addPdfQueue('shipshape_label_4x6');
    await app.invoke('printers.upsert', { name: 'Label PDF', language: 'pdf', uri: 'system://shipshape_label_4x6', labelWidthMm: 102, labelHeightMm: 152 });
    const since = Date.now();
    const pdf = await renderLabelsPdf([label(1)], '4x6');
    const job = await app.services.devices.printing.enqueuePdf('Label PDF', pdf, { kind: 'shipping_label', reference: '#101', actor: 'test' });
    const file = await printedFile(job, since);

    expect(pdfPages(file)).toBe(1);
    const [w, h] = pdfPageSizePt(file, 1);
    expect([Math.round(w), Math.round(h)]).toEqual([288, 432]);
    const text = pageText(file, 1);
    expect(text).toContain('SHIP TO:');
    expect(text).toContain('Ada Lovelace 1');
    expect(text).toMatch(/USPS · USPS PRIORITY MAIL\s*EXPRESS/);
    expect(pageBarcodes(file, 1).sort()).toEqual(['#101', '9405511899223197428190'].sort());
  }, 60_000);

  it('prints two labels on one A4 sheet, each readable and scannable', async () => {
    cups.addPdfQueue('shipshape_office_a4');
    await app.invoke('printers.upsert', { name: 'Office A4', language: 'pdf', uri: 'system://shipshape_office_a4' });
    const printer = await app.services.devices.registry.printer('Office A4');
    expect([printer.label_width_mm, printer.label_height_mm]).toEqual([210, 297]);
    const since = Date.now();
    const pdf = await renderLabelsPdf([label(2), label(3, { carrierName: 'FedEx', serviceName: 'FedEx Standard Overnight' })], 'A4');
    const job = await app.services.devices.printing.enqueuePdf(printer, pdf, { kind: 'shipping_labels', reference: '#102,#103', actor: 'test' });
    const file = await printedFile(job, since);

    expect(pdfPages(file)).toBe(1);
    const [w, h] = pdfPageSizePt(file, 1);
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    // Each half of the sheet holds one whole label. (CUPS-PDF's Ghostscript may turn a page whose
    // text mostly runs sideways to landscape, so the halves are split along the longer side.)
    const words = pageWords(file, 1);
    const landscape = Math.max(...words.map((w) => w.xMax)) > 600;
    const half = (w: (typeof words)[number]) => (landscape ? (w.xMin + w.xMax) / 2 < 421 : (w.yMin + w.yMax) / 2 < 421);
    const [first, second] = [words.filter(half), words.filter((w) => !half(w))].map((ws) => ws.map((w) => w.word).join(' '));
    const [top, bottom] = first.includes('Lovelace 2') ? [first, second] : [second, first];
    expect(top).toContain('Ada Lovelace 2');
    expect(top).toMatch(/USPS · USPS PRIORITY MAIL\s*EXPRESS/);
    expect(top).not.toContain('Ada Lovelace 3');
    expect(bottom).toContain('Ada Lovelace 3');
    expect(bottom).toMatch(/FEDEX · FEDEX STANDARD\s*OVERNIGHT/);
    expect(pageBarcodes(file, 1).sort()).toEqual(['#102', '#103', '9405511899223197428290', '9405511899223197428390'].sort());
  }, 60_000);

  it('prints a test print on a system printer as a PDF label (two-up sheet on A4)', async () => {
    const since = Date.now();
    const job = await app.invoke('printers.testPrint', { name: 'Office A4' });
    expect(job).toMatchObject({ kind: 'test', contentType: 'pdf' });
    const file = await printedFile(job, since);
    expect(pdfPages(file)).toBe(1);
    expect(pageBarcodes(file, 1).sort()).toEqual(['SHIPSHAPE-TEST', 'shipshape:test:Office A4'].sort());
  }, 60_000);

  it('prints a packing slip on the office printer: shop, ship-to, items, prices, and a returns barcode that scans', async () => {
    await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Corner Shop Warehouse', postalCode: '94105', country: 'US' });
    await app.invoke('documents.updateSettings', { shopName: 'Corner Shop', showPrices: true, returnInstructions: 'Send it back within 30 days to 1 Market St, San Francisco.' });
    // Enough lines to need a second page: each page is checked on its own.
    const skus = Array.from({ length: 40 }, (_, i) => `MUG-${String(i + 1).padStart(2, '0')}`);
    for (const sku of skus) await app.invoke('catalog.upsert', { sku, name: `Stoneware mug ${sku}`, priceCents: 1250 });
    const order = await app.invoke('orders.create', {
      customer: { name: 'Grace Hopper', email: null, phone: null },
      shipTo: { name: 'Grace Hopper', company: 'Navy Yard', line1: '2 Broadway', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10004', countryCode: 'US', phone: null, residential: false },
      lines: skus.map((sku, i) => ({ sku, quantity: (i % 3) + 1, unitPriceCents: 1250 })),
    });
    const since = Date.now();
    const job = await app.invoke('documents.printPackingSlip', { orderId: order.id, printer: 'Office A4' });
    expect(job).toMatchObject({ kind: 'packing_slip', contentType: 'pdf', reference: order.number });
    const file = await printedFile(job, since);

    expect(pdfPages(file)).toBe(2);
    const first = pageText(file, 1);
    expect(first).toContain('Corner Shop');
    expect(first).toContain('PACKING SLIP');
    expect(first).toContain(`Order ${order.number}`);
    expect(first).toContain('Grace Hopper');
    expect(first).toContain('Navy Yard');
    expect(first).toContain('New York, NY 10004');
    expect(first).toMatch(/MUG-01 Stoneware mug MUG-01 1 \$12\.50 \$12\.50/);
    expect(pageBarcodes(file, 1)).toEqual([]);
    const second = pageText(file, 2);
    expect(second).toContain(`Packing slip ${order.number} (continued)`);
    expect(second).toMatch(/MUG-40 Stoneware mug MUG-40 1 \$12\.50/);
    expect(second).toContain('79 items');
    expect(second).toContain('RETURNS');
    expect(second).toContain('Send it back within 30 days');
    expect(pageBarcodes(file, 2)).toEqual([order.number]);
  }, 60_000);

  it('fails a job whose queue does not exist, naming it, and prints it on retry once the queue is there', async () => {
    await app.invoke('printers.upsert', { name: 'Back office', language: 'pdf', uri: 'system://shipshape_back_office' });
    const pdf = await renderLabelsPdf([label(4)], '4x6');
    const job = await app.services.devices.printing.enqueuePdf('Back office', pdf, { kind: 'shipping_label', reference: '#104', actor: 'test' });
    const failed = await settled(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/no printer queue named "shipshape_back_office"/);
    expect(failed.attempts).toBe(1);

    cups.addPdfQueue('shipshape_back_office');
    const since = Date.now();
    expect(await app.invoke('printJobs.retry', { id: job.id })).toMatchObject({ state: 'queued' });
    const file = await printedFile({ ...job }, since);
    expect(pageBarcodes(file, 1)).toContain('9405511899223197428490');
    expect((await app.invoke('printers.status', { name: 'Back office' })).status).toMatchObject({ state: 'ready', problems: [] });
  }, 60_000);

  it('prints the packing slip on the packing station’s office printer when packing asks for slips', async () => {
    cups.addPdfQueue('shipshape_station_office');
    const zebra = await startPrinterSimulator();
    const shop = await fulfilmentShop({ workers: true });
    try {
      await shop.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: zebra.uri });
      await shop.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://shipshape_station_office' });
      await shop.invoke('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra', packingSlipPrinter: 'Office' });
      await shop.invoke('packing.updateSettings', { printPackingSlip: true });
      const o = await order(shop, [{ sku: 'BOOK', quantity: 1 }]);
      const [batch] = await shop.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
      await pickEverything(shop, batch.id);
      const session = await shop.invoke('packing.open', { station: 'Station 1', code: o.number });
      await shop.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-BOOK' });
      await shop.invoke('packing.weigh', { sessionId: session.id, grams: 590 });
      const since = Date.now();
      const shipped = await shop.invoke('packing.ship', { sessionId: session.id });
      expect(shipped.slipJobId).not.toBeNull();
      const job = await shop.services.devices.queue.waitFor(shipped.slipJobId!, 20_000);
      expect(job).toMatchObject({ state: 'done', printer: 'Office', kind: 'packing_slip', contentType: 'pdf' });
      const file = await cups.waitForPdf(`shipshape-${job.id}-packing_slip`, since);
      printed.push(file);
      const text = pageText(file, 1);
      expect(text).toContain('PACKING SLIP');
      expect(text).toContain(`Order ${o.number}`);
      expect(text).toContain('BOOK Field Guide 1');
      expect(text).toContain(shipped.service);
      expect(pageBarcodes(file, 1)).toEqual([o.number]);
      await zebra.waitForJobs(1, 10_000);
    } finally {
      await shop.cleanup();
      await zebra.close();
    }
  }, 60_000);
});
