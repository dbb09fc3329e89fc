import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { pageBarcodes, pageText, pdfPages, requireTools } from '../../helpers/cups';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from '../fulfilment/fulfilment-setup';

/** PDF documents through the API on a real temp database: settings, the pick list, labels, logos. */

let app: FulfilmentApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

function write(name: string, base64: string): string {
  const file = path.join(app!.dir, name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/** A real 2×2 PNG (grey), built by hand so the test needs no image files. */
function tinyPng(): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.from([0, 0x40, 0x80, 0, 0x80, 0x40]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('documents', () => {
  it('refuses a logo that is not a PNG, or a path that does not exist, naming the field; a PNG logo is drawn on the slip', async () => {
    app = await fulfilmentShop();
    await expect(app.invoke('documents.updateSettings', { logoPngBase64: Buffer.from('GIF89a').toString('base64') })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'logoPngBase64' } });
    await expect(app.invoke('documents.updateSettings', { logoPath: '/nowhere/logo.png' })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'logoPath' } });
    const settings = await app.invoke('documents.updateSettings', { logoPngBase64: tinyPng().toString('base64'), shopName: 'Field & Co', paper: 'Letter' });
    expect(settings).toMatchObject({ logoUploaded: true, shopName: 'Field & Co', paper: 'Letter', showPrices: false });

    const o = await order(app, [{ sku: 'CAP', quantity: 1 }]);
    const slip = await app.invoke('documents.packingSlip', { orderId: o.id });
    const pdf = Buffer.from(slip.base64, 'base64');
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);
    requireTools(['pdftotext']);
    const text = pageText(write('slip.pdf', slip.base64), 1);
    expect(text).toContain('Field & Co');
    // Prices are off by default: a gift-friendly slip.
    expect(text).not.toContain('$22.00');
    const priced = pageText(write('priced.pdf', (await app.invoke('documents.packingSlip', { orderId: o.id, prices: true })).base64), 1);
    expect(priced).toContain('$22.00');
    await expect(app.invoke('documents.packingSlip', { orderId: 9999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never prints an internal reference as tracking on the packing slip (the customer reads it)', async () => {
    app = await fulfilmentShop();
    const o = await order(app, [{ sku: 'CAP', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId: o.id });
    expect(shipment.labelKind).toBe('reference');
    requireTools(['pdftotext']);
    const text = pageText(write('slip-ref.pdf', (await app.invoke('documents.packingSlip', { orderId: o.id })).base64), 1);
    expect(text).toContain(shipment.serviceName);
    expect(text).not.toContain(shipment.packages[0].trackingNumber!);
    expect(text).not.toContain('Tracking');
  });

  it('the pack station’s receipt-printer slip shows the service but not an internal reference as tracking', async () => {
    app = await fulfilmentShop();
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    await app.invoke('printers.upsert', { name: 'Receipt', language: 'escpos', uri: 'tcp://127.0.0.1:9' });
    await app.invoke('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra', packingSlipPrinter: 'Receipt' });
    await app.invoke('packing.updateSettings', { printPackingSlip: true });
    const o = await order(app, [{ sku: 'BOOK', quantity: 1 }]);
    const [batch] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
    await pickEverything(app, batch.id);
    const session = await app.invoke('packing.open', { station: 'Station 1', code: o.number });
    await app.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-BOOK' });
    await app.invoke('packing.weigh', { sessionId: session.id, grams: 590 });
    const shipped = await app.invoke('packing.ship', { sessionId: session.id });
    const shipment = await app.invoke('shipping.shipment', { id: shipped.shipmentId });
    expect(shipment.labelKind).toBe('reference');
    const payload = (await app.store.raw<{ payload: Buffer }>('select payload from print_job where id = ?', shipped.slipJobId!))[0].payload.toString('latin1');
    expect(payload).toContain('PACKING SLIP');
    expect(payload).toContain(shipment.serviceName);
    expect(payload).not.toContain(shipment.packages[0].trackingNumber!);
  });

  it('renders a pick batch’s pick list: route stops, items, totes and the batch barcode', async () => {
    app = await fulfilmentShop();
    const a = await order(app, [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCK', quantity: 2 }]);
    const b = await order(app, [{ sku: 'BOOK', quantity: 1 }]);
    const [batch] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [a.id, b.id] });
    const file = write('pick.pdf', (await app.invoke('documents.pickList', { batchId: batch.id, paper: 'A4' })).base64);
    requireTools(['pdftotext', 'pdftoppm', 'zbarimg']);
    expect(pdfPages(file)).toBe(1);
    const text = pageText(file, 1);
    expect(text).toContain(`PICK LIST — BATCH ${batch.id}`);
    for (const task of batch.tasks) expect(text).toContain(task.bin);
    expect(text).toContain('Field Cap');
    expect(text).toContain(`order ${a.number}`);
    expect(pageBarcodes(file, 1)).toEqual([`B${batch.id}`]);
    // "Print pick list" on an office (system) printer queues this PDF; a receipt printer still gets ESC/POS.
    await app.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://Office' });
    const printed = await app.invoke('picking.printList', { batchId: batch.id, printer: 'Office' });
    expect(await app.services.devices.queue.get(printed.jobId)).toMatchObject({ printer: 'Office', contentType: 'pdf', kind: 'pick_list' });
  });

  it('refuses to print a PDF on a label printer', async () => {
    app = await fulfilmentShop();
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    const o = await order(app, [{ sku: 'CAP', quantity: 1 }]);
    await expect(app.invoke('documents.printPackingSlip', { orderId: o.id, printer: 'Zebra' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/ZPL label printer; PDF documents print on a system printer/) });
    await expect(app.invoke('printers.upsert', { name: 'Laser', language: 'pdf', uri: 'tcp://10.0.0.5' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const laser = await app.invoke('printers.upsert', { name: 'Laser', language: 'pdf', uri: 'system://Office_Laser' });
    expect(laser).toMatchObject({ language: 'pdf', labelWidthMm: 210, labelHeightMm: 297 });
  });

  it('gives a shipment’s labels as a PDF on A4 or 4×6, the tracking and reference barcodes scanning', async () => {
    app = await fulfilmentShop();
    const o = await order(app, [{ sku: 'CAP', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId: o.id });
    const file = await app.invoke('documents.shipmentLabels', { shipmentId: shipment.id, paper: 'A4' });
    expect(file).toMatchObject({ filename: `labels-shipment-${shipment.id}-A4.pdf`, pages: 1 });
    requireTools(['pdftoppm', 'zbarimg']);
    const scanned = pageBarcodes(write('labels.pdf', file.base64), 1);
    for (const p of shipment.packages) if (p.trackingNumber) expect(scanned).toContain(p.trackingNumber);
    expect(scanned).toContain(o.number);
    expect(Buffer.from((await app.invoke('documents.shipmentLabels', { shipmentId: shipment.id })).base64, 'base64').toString('latin1')).toMatch(/\/MediaBox \[0 0 288(\.\d+)? 432(\.\d+)?\]/);

    // On a system printer with Letter paper the labels are queued as one Letter PDF.
    await app.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://Office', labelWidthMm: 216, labelHeightMm: 279 });
    const job = await app.invoke('documents.printShipmentLabels', { shipmentId: shipment.id, printer: 'Office' });
    expect(job).toMatchObject({ printer: 'Office', contentType: 'pdf', kind: 'shipping_label', state: 'queued' });
    const payload = (await app.store.raw<{ payload: Buffer }>('select payload from print_job where id = ?', job.id))[0].payload;
    expect(payload.toString('latin1')).toMatch(/\/MediaBox \[0 0 612(\.\d+)? 792(\.\d+)?\]/);
  });
});
