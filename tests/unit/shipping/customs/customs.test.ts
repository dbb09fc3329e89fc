/**
 * Customs on real shipments: the declaration an international order ships with, its CN22 / CN23
 * and commercial invoice as PDF (read back with poppler's pdftotext), the refusal that names each
 * product and field before anything is bought or printed, and what EasyPost is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEasyPost } from '../../../helpers/easypost-server';
import type { TestApp } from '../service-setup';
import { customsShop, DESTINATIONS, internationalOrder, pdfPages, pdfText } from './customs-setup';

let app: TestApp | undefined;
let api: FakeEasyPost | undefined;
afterEach(async () => {
  await app?.cleanup();
  await api?.close();
  app = undefined;
  api = undefined;
});

const documentText = async (shipmentId: number, kind: 'cn22' | 'cn23' | 'commercial_invoice') => {
  const doc = await app!.invoke('customs.document', { shipmentId, kind });
  expect(doc.fileName).toBe(`shipment-${shipmentId}-${kind}.pdf`);
  const pdf = Buffer.from(doc.base64, 'base64');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return pdfText(pdf);
};
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('customs documents per destination', () => {
  it('EU (Germany), low value, DDP: a CN22 with HS code, origin and value, the IOSS number, and the commercial invoice', async () => {
    app = await customsShop();
    await app.invoke('customs.updateSettings', { ioss: 'IM2760000001', eori: 'US123456789000', signer: 'Grace Hopper', defaultIncoterm: 'DDP' });
    const order = await internationalOrder(app, DESTINATIONS.DE, [{ sku: 'TEE', quantity: 2 }]);
    const preview = await app.invoke('customs.preview', { orderId: order.id });
    expect(preview).toMatchObject({ required: true, ok: true, form: 'CN22', documents: ['cn22', 'commercial_invoice'], incoterm: 'DDP', totalValueCents: 5000 });

    const shipment = await app.invoke('shipping.ship', { orderId: order.id });
    expect(shipment.serviceKey).toBe('dhl:express_worldwide');
    const cn22 = squash(await documentText(shipment.id, 'cn22'));
    expect(cn22).toContain('CUSTOMS DECLARATION CN 22');
    expect(cn22).toContain('Category of item: Sale of goods');
    expect(cn22).toContain('Cotton T-shirt 2 0.400 kg 50.00 USD 6109.10 / PT');
    expect(cn22).toContain('Total value: 50.00 USD');
    expect(cn22).toContain('Sender IOSS: IM2760000001');
    expect(cn22).toContain('Sender EORI: US123456789000');
    expect(cn22).toContain('Grace Hopper');
    const invoice = squash(await documentText(shipment.id, 'commercial_invoice'));
    expect(invoice).toContain('COMMERCIAL INVOICE');
    expect(invoice).toContain(`Invoice number: ${order.number}`);
    expect(invoice).toContain('Terms of delivery (Incoterm): DDP');
    expect(invoice).toContain('TEE Cotton T-shirt 6109.10 PT 2 25.00 USD 50.00 USD');
    expect(invoice).toContain('Erika Mustermann');
    expect(invoice).toContain('Berlin 10117');
    // The declaration is kept with the shipment.
    const stored = JSON.parse((await app.store.raw<{ customs: string }>('select customs from shipment where id = ?', shipment.id))[0].customs);
    expect(stored).toMatchObject({ form: 'CN22', incoterm: 'DDP', taxIds: [{ type: 'EORI' }, { type: 'IOSS' }] });
  });

  it('UK, low value, DDP: the UK VAT number and the EORI; no IOSS', async () => {
    app = await customsShop();
    await app.invoke('customs.updateSettings', { ioss: 'IM2760000001', eori: 'GB123456789000', ukVat: 'GB123456789' });
    const order = await internationalOrder(app, DESTINATIONS.GB, [{ sku: 'MUG', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, incoterm: 'DDP' });
    const cn22 = squash(await documentText(shipment.id, 'cn22'));
    expect(cn22).toContain('Enamelled steel mug 1 0.400 kg 18.00 USD 6912.00 / DE');
    expect(cn22).toContain('Sender VAT: GB123456789');
    expect(cn22).toContain('Sender EORI: GB123456789000');
    expect(cn22).not.toContain('IOSS');
  });

  it('Canada, above 300 SDR: a CN23 with both addresses, the incoterm, and no EU numbers', async () => {
    app = await customsShop();
    await app.invoke('customs.updateSettings', { ioss: 'IM2760000001' });
    const order = await internationalOrder(app, DESTINATIONS.CA, [{ sku: 'TEE', quantity: 20 }]);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id });
    await expect(app.invoke('customs.document', { shipmentId: shipment.id, kind: 'cn22' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const cn23 = squash(await documentText(shipment.id, 'cn23'));
    expect(cn23).toContain('CUSTOMS DECLARATION CN 23');
    expect(cn23).toContain('From (sender) Main 1 Dock St New York NY 10001 US');
    expect(cn23).toContain('To (addressee) Lucy Maud 111 Wellington St Ottawa ON K1A 0A9 CA');
    expect(cn23).toContain('Cotton T-shirt 20 4.000 kg 500.00 USD 6109.10 / PT');
    expect(cn23).toContain('Terms of delivery: DDU');
    expect(cn23).toContain('In case of non-delivery: return to sender');
    expect(cn23).not.toContain('IOSS');
    const invoice = squash(await documentText(shipment.id, 'commercial_invoice'));
    expect(invoice).toContain('Total value: 500.00 USD');
  });

  it('Australia, a gift in Australian dollars: the contents type and the order currency on every line', async () => {
    app = await customsShop();
    const order = await internationalOrder(app, DESTINATIONS.AU, [{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 1 }], 'AUD');
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, contentsType: 'gift' });
    const cn22 = squash(await documentText(shipment.id, 'cn22'));
    expect(cn22).toContain('Category of item: Gift');
    expect(cn22).toContain('Enamelled steel mug 2 0.800 kg 36.00 AUD 6912.00 / DE');
    expect(cn22).toContain('Cotton T-shirt 1 0.200 kg 25.00 AUD 6109.10 / PT');
    expect(cn22).toContain('Total value: 61.00 AUD');
    const invoice = squash(await documentText(shipment.id, 'commercial_invoice'));
    expect(invoice).toContain('Reason for export: Gift');
    expect(invoice).toContain('Nellie Melba');
  });

  it('a long order fills more than one page of the commercial invoice, every line on it', async () => {
    app = await customsShop();
    const skus = Array.from({ length: 70 }, (_, i) => `PART-${String(i + 1).padStart(2, '0')}`);
    for (const sku of skus) {
      await app.invoke('catalog.upsert', { sku, name: sku, priceCents: 100, weightG: 10, lengthMm: 20, widthMm: 10, heightMm: 10, hsCode: '7318.15', originCountry: 'CN', customsDescription: `Steel bolt ${sku}` });
      await app.invoke('stock.receive', { sku, quantity: 1, warehouse: 'MAIN' });
    }
    const order = await internationalOrder(app, DESTINATIONS.CA, skus.map((sku) => ({ sku, quantity: 1 })));
    const shipment = await app.invoke('shipping.ship', { orderId: order.id });
    const doc = await app.invoke('customs.document', { shipmentId: shipment.id, kind: 'commercial_invoice' });
    const pdf = Buffer.from(doc.base64, 'base64');
    expect(pdfPages(pdf)).toBeGreaterThan(1);
    const text = pdfText(pdf);
    for (const sku of skus) expect(text).toContain(`Steel bolt ${sku}`);
  });
});

describe('the order’s customs choice', () => {
  it('is saved on the order and used when it ships; an explicit choice at shipping still wins', async () => {
    app = await customsShop();
    await app.invoke('customs.updateSettings', { eori: 'US123456789000', ukVat: 'GB123456789' });
    const order = await internationalOrder(app, DESTINATIONS.GB, [{ sku: 'MUG', quantity: 1 }]);
    expect(await app.invoke('customs.setChoice', { orderId: order.id, contentsType: 'sample', incoterm: 'DDP' })).toMatchObject({ contentsType: 'sample', incoterm: 'DDP', taxIds: [{ type: 'EORI' }, { type: 'VAT' }] });
    expect(await app.invoke('customs.preview', { orderId: order.id })).toMatchObject({ contentsType: 'sample', incoterm: 'DDP' });
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, contentsType: 'gift' });
    const stored = JSON.parse((await app.store.raw<{ customs: string }>('select customs from shipment where id = ?', shipment.id))[0].customs);
    expect(stored).toMatchObject({ contentsType: 'gift', incoterm: 'DDP' });
  });
});

describe('a shipment missing customs data', () => {
  it('is refused before anything is written, bought or printed, naming each product and field', async () => {
    app = await customsShop();
    await app.invoke('catalog.upsert', { sku: 'TEA-1', name: 'Sencha', priceCents: 900, weightG: 100, originCountry: 'JP', customsDescription: 'Green tea' });
    await app.invoke('catalog.upsert', { sku: 'MUG-2', name: 'Cup', priceCents: 900, weightG: 300, hsCode: '6912.00', customsDescription: 'Ceramic cup' });
    for (const sku of ['TEA-1', 'MUG-2']) await app.invoke('stock.receive', { sku, quantity: 5, warehouse: 'MAIN' });
    const order = await internationalOrder(app, DESTINATIONS.DE, [{ sku: 'TEA-1', quantity: 1 }, { sku: 'MUG-2', quantity: 1 }, { sku: 'TEE', quantity: 1 }]);
    const jobsBefore = (await app.store.raw<{ n: number }>('select count(*) as n from print_job'))[0].n;

    await expect(app.invoke('shipping.ship', { orderId: order.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Customs data missing for order ${order.number}: SKU TEA-1: HS code missing; SKU MUG-2: country of origin missing`,
    });
    expect(await app.store.raw('select id from shipment')).toEqual([]);
    expect((await app.store.raw<{ n: number }>('select count(*) as n from print_job'))[0].n).toBe(jobsBefore);
    expect((await app.invoke('orders.get', { id: order.id })).status).toBe('allocated');
    const preview = await app.invoke('customs.preview', { orderId: order.id });
    expect(preview).toMatchObject({ required: true, ok: false, problems: ['SKU TEA-1: HS code missing', 'SKU MUG-2: country of origin missing'] });

    expect(preview.products.map((p) => [p.sku, p.hsCode, p.originCountry])).toEqual([['TEA-1', null, 'JP'], ['MUG-2', '6912.00', null], ['TEE', '6109.10', 'PT']]);

    // Fixed from the order page (customs.updateProduct, checked like the declaration), it ships.
    await expect(app.invoke('customs.updateProduct', { sku: 'TEA-1', hsCode: '09' })).rejects.toMatchObject({ code: 'VALIDATION', message: 'HS code "09" is not 6–10 digits (dots allowed: 6109.10)' });
    await expect(app.invoke('customs.updateProduct', { sku: 'MUG-2', originCountry: 'XX' })).rejects.toMatchObject({ message: '"XX" is not a country code' });
    expect(await app.invoke('customs.updateProduct', { sku: 'TEA-1', hsCode: '0902.10' })).toEqual({ sku: 'TEA-1', hsCode: '0902.10', originCountry: 'JP', customsDescription: 'Green tea' });
    await app.invoke('customs.updateProduct', { sku: 'MUG-2', originCountry: 'cn' });
    const shipment = await app.invoke('shipping.ship', { orderId: order.id });
    expect(squash(await documentText(shipment.id, 'cn22'))).toContain('Green tea 1 0.100 kg 9.00 USD 0902.10 / JP');
  });

  it('is refused when the destination asks for a number the shop has not set (IOSS for an EU parcel sent DDP)', async () => {
    app = await customsShop();
    await app.invoke('customs.updateSettings', { eori: 'US123456789000' });
    const order = await internationalOrder(app, DESTINATIONS.DE, [{ sku: 'MUG', quantity: 1 }]);
    await expect(app.invoke('shipping.ship', { orderId: order.id, incoterm: 'DDP' })).rejects.toMatchObject({
      message: expect.stringContaining('IOSS number missing (an EU consignment of USD 18.00, up to €150, shipped DDP) — add it under Settings → Customs'),
    });
    // Sent DDU the buyer pays the VAT on arrival: no IOSS needed.
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, incoterm: 'DDU' });
    expect(shipment.status).toBe('label_created');
  });

  it('needs no customs inside the EU or inside the US', async () => {
    app = await customsShop();
    await app.invoke('warehouses.upsert', { code: 'BER', name: 'Berlin', postalCode: '10115', country: 'DE', city: 'Berlin', address: 'Hauptstr. 1' });
    const domestic = await app.invoke('orders.create', {
      customer: { name: 'Ada', email: null, phone: null },
      shipTo: { name: 'Ada', company: null, line1: '1 Main St', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: true },
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(await app.invoke('customs.preview', { orderId: domestic.id })).toMatchObject({ required: false, documents: [] });
    await app.invoke('stock.receive', { sku: 'TEE', quantity: 3, warehouse: 'BER' });
    const intraEu = await app.invoke('orders.create', { customer: { name: 'Marie', email: null, phone: null }, shipTo: DESTINATIONS.FR, lines: [{ sku: 'TEE', quantity: 1 }] });
    expect(intraEu.warehouse).toBe('BER');
    expect(await app.invoke('customs.preview', { orderId: intraEu.id })).toMatchObject({ required: false });
  });
});

describe('printing', () => {
  it('queues the CN form and the invoice on the system printer right after the label, and refuses a label printer for them', async () => {
    app = await customsShop();
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    await app.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://Office' });
    const order = await internationalOrder(app, DESTINATIONS.CA, [{ sku: 'TEE', quantity: 1 }]);

    await expect(app.invoke('shipping.ship', { orderId: order.id, printer: 'Zebra', documentPrinter: 'Zebra' })).rejects.toMatchObject({
      message: 'Zebra cannot print PDF customs documents; choose a system (PDF) printer',
    });
    expect(await app.store.raw('select id from shipment')).toEqual([]);

    const shipment = await app.invoke('shipping.ship', { orderId: order.id, printer: 'Zebra', documentPrinter: 'Office' });
    const jobs = await app.store.raw<{ printer: string; content_type: string; document_kind: string; payload: Buffer }>(
      'select p.name as printer, j.content_type, j.document_kind, j.payload from print_job j join printer p on p.id = j.printer_id order by j.id',
    );
    expect(jobs.map((j) => [j.printer, j.content_type, j.document_kind])).toEqual([
      ['Zebra', 'zpl', 'shipping_label'],
      ['Office', 'pdf', 'customs_cn22'],
      ['Office', 'pdf', 'customs_commercial_invoice'],
    ]);
    const stored = await app.invoke('customs.document', { shipmentId: shipment.id, kind: 'cn22' });
    expect(jobs[1].payload.equals(Buffer.from(stored.base64, 'base64'))).toBe(true);
    expect(pdfText(jobs[2].payload)).toContain('COMMERCIAL INVOICE');

    // Labels printed and one office printer: the customs papers go there without being asked.
    const second = await internationalOrder(app, DESTINATIONS.AU, [{ sku: 'MUG', quantity: 1 }]);
    await app.invoke('shipping.ship', { orderId: second.id, printer: 'Zebra' });
    const more = await app.store.raw<{ printer: string; document_kind: string }>('select p.name as printer, j.document_kind from print_job j join printer p on p.id = j.printer_id where j.id > ? order by j.id', jobs.length);
    expect(more.map((j) => [j.printer, j.document_kind])).toEqual([
      ['Zebra', 'shipping_label'],
      ['Office', 'customs_cn22'],
      ['Office', 'customs_commercial_invoice'],
    ]);
  });

  it('batch labels print each international parcel’s customs papers after its label, or say why they could not', async () => {
    app = await customsShop();
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    const noOffice = await internationalOrder(app, DESTINATIONS.CA, [{ sku: 'TEE', quantity: 1 }]);
    const first = await app.invoke('shipping.batchCreate', { orderIds: [noOffice.id], printer: 'Zebra' });
    expect(first.shipped).toHaveLength(1);
    expect(first.notes).toEqual([`customs documents of order ${noOffice.number} not printed: no system (PDF) printer — print them from the order page`]);

    await app.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://Office' });
    const canada = await internationalOrder(app, DESTINATIONS.CA, [{ sku: 'TEE', quantity: 1 }]);
    const domestic = await app.invoke('orders.create', {
      customer: { name: 'Ada Lovelace', email: null, phone: null },
      shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    const before = (await app.store.raw<{ n: number }>('select max(id) as n from print_job'))[0].n;
    const batch = await app.invoke('shipping.batchCreate', { orderIds: [canada.id, domestic.id], printer: 'Zebra' });
    expect(batch.shipped.map((s) => s.orderId)).toEqual([canada.id, domestic.id]);
    expect(batch.notes).toEqual([]);
    const jobs = await app.store.raw<{ printer: string; document_kind: string }>('select p.name as printer, j.document_kind from print_job j join printer p on p.id = j.printer_id where j.id > ? order by j.id', before);
    expect(jobs.map((j) => [j.printer, j.document_kind])).toEqual([
      ['Zebra', 'shipping_label'],
      ['Office', 'customs_cn22'],
      ['Office', 'customs_commercial_invoice'],
      ['Zebra', 'shipping_label'],
    ]);
  });
});

describe('EasyPost', () => {
  it('receives customs_info with every item, the EEI exemption for a US export, the incoterm and the sender’s numbers', async () => {
    const KEY = 'EZTK_customs';
    api = await new FakeEasyPost(KEY, {
      zplLabels: true,
      extraRates: [{ id: 'rate_dhl_0009', object: 'Rate', carrier: 'DHLExpress', service: 'ExpressWorldwide', rate: '52.10', currency: 'USD', delivery_days: 3, delivery_date_guaranteed: false }],
    }).start();
    app = await customsShop();
    await app.invoke('shipping.updatePostage', { apiKey: KEY, baseUrl: api.baseUrl, carriers: ['dhl'] });
    await app.invoke('customs.updateSettings', { eori: 'US123456789000', ukVat: 'GB123456789', signer: 'Grace Hopper' });
    const order = await internationalOrder(app, DESTINATIONS.GB, [{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, incoterm: 'DDP' });
    expect(shipment.costCents).toBeGreaterThan(0);

    const created = api.requests.find((r) => r.url === '/v2/shipments')!.body as { shipment: Record<string, unknown> };
    expect(created.shipment.options).toMatchObject({ label_format: 'ZPL', incoterm: 'DDP' });
    expect(created.shipment.customs_info).toEqual({
      contents_type: 'merchandise',
      customs_certify: true,
      customs_signer: 'Grace Hopper',
      eel_pfc: 'NOEEI 30.37(a)',
      non_delivery_option: 'return',
      restriction_type: 'none',
      customs_items: [
        { description: 'Enamelled steel mug', quantity: 2, value: '36.00', currency: 'USD', weight: 28.3, hs_tariff_number: '691200', origin_country: 'DE', code: 'MUG' },
        { description: 'Cotton T-shirt', quantity: 1, value: '25.00', currency: 'USD', weight: 7.1, hs_tariff_number: '610910', origin_country: 'PT', code: 'TEE' },
      ],
    });
    expect(created.shipment.tax_identifiers).toEqual([
      { entity: 'SENDER', tax_id: 'US123456789000', tax_id_type: 'EORI', issuing_country: 'US' },
      { entity: 'SENDER', tax_id: 'GB123456789', tax_id_type: 'VAT', issuing_country: 'GB' },
    ]);
  });

  it('is never called for a shipment whose customs data is missing', async () => {
    const KEY = 'EZTK_customs';
    api = await new FakeEasyPost(KEY).start();
    app = await customsShop();
    await app.invoke('shipping.updatePostage', { apiKey: KEY, baseUrl: api.baseUrl, carriers: ['dhl'] });
    await app.invoke('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, hsCode: null, originCountry: 'PT', customsDescription: 'Cotton T-shirt' });
    const order = await internationalOrder(app, DESTINATIONS.CA, [{ sku: 'TEE', quantity: 1 }]);
    await expect(app.invoke('shipping.ship', { orderId: order.id })).rejects.toMatchObject({ message: expect.stringContaining('SKU TEE: HS code missing') });
    expect(api.requests).toEqual([]);
  });
});
