import { pdfText } from '../helpers/pdf-text';
import { CustomsAddressPage } from './pages/customs-address';
import { expect, test, type Station } from './station';

/** A US warehouse, a product with customs data, DHL Express Worldwide priced to Germany, and the shop's IOSS/EORI. */
async function shop(station: Station) {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25, hsCode: '6109.10', originCountry: 'PT', customsDescription: 'Cotton T-shirt' });
  await station.api('stock.receive', { sku: 'TEE', quantity: 5, warehouse: 'NYC' });
  await station.api('shipping.importRateCard', { carrier: 'dhl', service: 'express_worldwide', csv: 'zone,max_weight_g,price\nZ3,70000,50.00\n' });
  await station.api('customs.updateSettings', { eori: 'US123456789000', ioss: 'IM2760000001' });
}

const BERLIN = { name: 'Erika Mustermann', company: null, line1: 'Unter den Linden 5', line2: null, city: 'Berlin', regionCode: null, postalCode: '10117', countryCode: 'DE', phone: null, residential: true };

test('an international order shows its customs form, with the PDFs, before it ships', async ({ page, station }) => {
  await shop(station);
  const order = await station.api<{ id: number; number: string; status: string }>('orders.create', { customer: { name: 'Erika', email: null, phone: null }, shipTo: BERLIN, lines: [{ sku: 'TEE', quantity: 2 }] });
  expect(order.status).toBe('allocated');
  const ui = new CustomsAddressPage(page);
  await ui.openOrder(station.url, order.id);

  await expect(ui.customsForm()).toHaveText('CN22');
  await expect(ui.customsItems()).toContainText('Cotton T-shirt');
  await expect(ui.customsItems()).toContainText('6109.10');
  await expect(ui.customsItems()).toContainText('PT');
  await expect(ui.customsItems()).toContainText('$50.00');

  const cn22 = await ui.downloadCustomsDocument('cn22');
  expect(cn22.fileName).toBe(`order-${order.number}-cn22.pdf`);
  const text = pdfText(cn22.bytes).replace(/\s+/g, ' ');
  expect(text).toContain('CUSTOMS DECLARATION CN 22');
  expect(text).toContain('Cotton T-shirt 2 0.400 kg 50.00 USD 6109.10 / PT');
  const invoice = await ui.downloadCustomsDocument('commercial_invoice');
  expect(pdfText(invoice.bytes)).toContain('COMMERCIAL INVOICE');
});

test('an international order missing an HS code lists what to fix on its page, and it is fixed there', async ({ page, station }) => {
  await shop(station);
  await station.api('catalog.upsert', { sku: 'TEA-1', name: 'Sencha', priceCents: 900, weightG: 100, originCountry: 'JP', customsDescription: 'Green tea' });
  await station.api('stock.receive', { sku: 'TEA-1', quantity: 1, warehouse: 'NYC' });
  const order = await station.api<{ id: number }>('orders.create', { customer: { name: 'Erika', email: null, phone: null }, shipTo: BERLIN, lines: [{ sku: 'TEA-1', quantity: 1 }] });
  const ui = new CustomsAddressPage(page);
  await ui.openOrder(station.url, order.id);
  await expect(ui.customs().getByTestId('customs-problems')).toContainText('SKU TEA-1: HS code missing');
  // A bad entry is refused next to the fields, in the form's words (not the API's field path).
  await ui.fixProductCustoms('TEA-1', { originCountry: 'Japan' });
  await expect(ui.customs().getByTestId('customs-error-TEA-1')).toHaveText('Origin: use a 2-letter country code');
  await ui.fixProductCustoms('TEA-1', { originCountry: 'JP' });
  // Fixed right there: the form is complete, and its PDFs are offered.
  await ui.fixProductCustoms('TEA-1', { hsCode: '0902.10' });
  await expect(ui.customsForm()).toHaveText('CN22');
  await expect(ui.customsItems()).toContainText('0902.10');
  await expect(ui.customs().getByTestId('customs-open-cn22')).toBeVisible();
});

test('an order with a bad address is held with the reason, edited in the console and released', async ({ page, station }) => {
  await shop(station);
  const order = await station.api<{ id: number; status: string }>('orders.create', {
    customer: { name: 'Ada', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'ZZ', postalCode: 'ABCDE', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku: 'TEE', quantity: 1 }],
  });
  expect(order.status).toBe('on_hold');
  const ui = new CustomsAddressPage(page);
  await ui.openOrder(station.url, order.id);
  await expect(ui.status()).toHaveText('On hold');
  await expect(ui.holdReason()).toContainText('address needs attention: postal code "ABCDE" is not valid for US; state "ZZ" is not a known US state code');
  await expect(ui.orderLine('TEE')).toContainText('nothing reserved');

  // A first try still has the ZIP in the wrong state: still held, with the new reason.
  await ui.editAddress({ regionCode: 'CA', postalCode: '20001' });
  await expect(ui.holdReason()).toContainText('ZIP 20001 is in DC (Washington), not CA');
  await expect(ui.status()).toHaveText('On hold');

  await ui.editAddress({ regionCode: 'DC' });
  await expect(ui.status()).toHaveText('Allocated');
  await expect(ui.holdReason()).toHaveCount(0);
  await expect(ui.shipTo()).toContainText('Washington, DC 20001');
  await expect(ui.orderLine('TEE')).toContainText('1 × NYC');
  await expect(page.getByTestId('order-history')).toContainText('address changed');
  await expect(page.getByTestId('order-history')).toContainText('hold released');
});

test('the shop’s customs numbers are set under Settings → Customs; a malformed IOSS is refused with the field named', async ({ page, station }) => {
  const ui = new CustomsAddressPage(page);
  await ui.openCustomsSettings(station.url);
  await ui.saveCustomsNumbers({ ioss: 'IM123' });
  await expect(page.getByText('IOSS number "IM123" is not IM followed by 10 digits')).toBeVisible();
  expect((await station.api<{ ioss: string | null }>('customs.settings', {})).ioss).toBeNull();
  await ui.saveCustomsNumbers({ ioss: 'IM2760000001', eori: 'US123456789000', signer: 'Grace Hopper' });
  await expect(page.getByText('Customs settings saved')).toBeVisible();
  expect(await station.api('customs.settings', {})).toMatchObject({ ioss: 'IM2760000001', eori: 'US123456789000', signer: 'Grace Hopper', ukVat: null });
});

test('a product’s HS code, origin and customs description are edited on its page', async ({ page, station }) => {
  const product = await station.api<{ id: number }>('catalog.upsert', { sku: 'TEA-1', name: 'Sencha', priceCents: 900, weightG: 100 });
  const ui = new CustomsAddressPage(page);
  await ui.openProduct(station.url, product.id);
  await expect(ui.productCustoms()).toContainText('HS — · origin — · no customs description');
  await ui.editProductCustoms({ hsCode: '0902.10', originCountry: 'JP', customsDescription: 'Green tea' });
  await expect(ui.productCustoms()).toContainText('HS 0902.10 · origin JP · Green tea');
  expect(await station.api('catalog.get', { sku: 'TEA-1' })).toMatchObject({ hsCode: '0902.10', originCountry: 'JP', customsDescription: 'Green tea' });
});
