import { afterEach, expect, it } from 'vitest';
import { shippingShop, type TestApp } from './service-setup';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

it('explains a destination no service reaches in one sentence, not one per service', async () => {
  app = await shippingShop();
  const order = await app.invoke('orders.create', {
    customer: { name: 'Björk', email: null, phone: null },
    shipTo: { name: 'Björk', company: null, line1: 'Laugavegur 1', line2: null, city: 'Reykjavík', regionCode: null, postalCode: '101', countryCode: 'IS', phone: null, residential: true },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });
  expect(order.status).toBe('allocated');
  const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
  expect(rates.options).toEqual([]);
  const services = rates.ineligible.length;
  expect(services).toBeGreaterThan(1);
  expect(rates.reason).toBe(`No service ships from MAIN (10001) to IS 101: none of the ${services} services has a zone for that destination (check the address, or add a carrier that serves it).`);
  // The per-service reasons stay available for the detail view.
  expect(rates.ineligible.every((i) => i.reason.includes('has no zone'))).toBe(true);
  await expect(app.invoke('shipping.ship', { orderId: order.id })).rejects.toMatchObject({ message: `No service can ship order ${order.number}: ${rates.reason}` });
});
