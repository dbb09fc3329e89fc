import type { AddressDto } from '../../../../shared/api/orders';
import { shippingShop, type TestApp } from '../service-setup';

/** Where each test parcel goes: one address per customs territory the tests cover. */
export const DESTINATIONS: Record<'DE' | 'GB' | 'CA' | 'AU' | 'FR', AddressDto> = {
  DE: { name: 'Erika Mustermann', company: null, line1: 'Unter den Linden 5', line2: null, city: 'Berlin', regionCode: null, postalCode: '10117', countryCode: 'DE', phone: null, residential: true },
  FR: { name: 'Marie Curie', company: null, line1: '11 Rue Pierre et Marie Curie', line2: null, city: 'Paris', regionCode: null, postalCode: '75005', countryCode: 'FR', phone: null, residential: true },
  GB: { name: 'Ada Byron', company: null, line1: '10 Downing St', line2: null, city: 'London', regionCode: null, postalCode: 'SW1A 2AA', countryCode: 'GB', phone: null, residential: true },
  CA: { name: 'Lucy Maud', company: null, line1: '111 Wellington St', line2: null, city: 'Ottawa', regionCode: 'ON', postalCode: 'K1A 0A9', countryCode: 'CA', phone: null, residential: true },
  AU: { name: 'Nellie Melba', company: null, line1: '1 Macquarie St', line2: null, city: 'Sydney', regionCode: 'NSW', postalCode: '2000', countryCode: 'AU', phone: null, residential: true },
};

/** The shipping test shop plus DHL Express Worldwide priced everywhere it goes, and products with customs data. */
export async function customsShop(options: { printerUri?: string; workers?: boolean } = {}): Promise<TestApp> {
  const app = await shippingShop(options);
  const card = 'zone,max_weight_g,price\n' + ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'].map((z, i) => `${z},70000,${40 + i * 5}.00`).join('\n') + '\n';
  const report = await app.invoke('shipping.importRateCard', { carrier: 'dhl', service: 'express_worldwide', csv: card });
  if (!report.ok) throw new Error(JSON.stringify(report.errors));
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100, hsCode: '6912.00', originCountry: 'DE', customsDescription: 'Enamelled steel mug' });
  await app.invoke('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25, hsCode: '6109.10', originCountry: 'PT', customsDescription: 'Cotton T-shirt' });
  return app;
}

export async function internationalOrder(app: TestApp, to: AddressDto, lines: { sku: string; quantity: number }[], currency = 'USD') {
  const order = await app.invoke('orders.create', { customer: { name: to.name, email: null, phone: null }, shipTo: to, lines, currency });
  if (order.status !== 'allocated') throw new Error(`order ${order.number} is ${order.status}: ${order.holdReason}`);
  return order;
}

export { pdfPages, pdfText } from '../../../helpers/pdf-text';
