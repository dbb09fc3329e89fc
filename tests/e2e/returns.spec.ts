import { expect, test } from './station';

/** A shipped order in a shop with zones and a rate card both ways (so a return label can be rated). */
async function shippedOrder(station: { api<T = any>(m: string, i?: unknown): Promise<T> }): Promise<{ id: number; number: string }> {
  await station.api('warehouses.upsert', { code: 'MAIN', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 10 });
  await station.api('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  await station.api('shipping.importZones', { carrier: 'usps', csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
  await station.api('shipping.importRateCard', { carrier: 'usps', service: 'ground_advantage', csv: 'zone,max_weight_g,price\n5,2000,5.00\n' });
  const order = await station.api<{ id: number; number: string }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines: [{ sku: 'MUG', quantity: 2 }],
  });
  await station.api('shipping.ship', { orderId: order.id });
  await station.api('stations.upsert', { name: 'Returns desk' });
  return order;
}

test('create an RMA with a prepaid return label from a shipped order; it is expected at the returns station', async ({ page, station }) => {
  const order = await shippedOrder(station);
  await page.goto(`${station.url}/#/orders/${order.id}`);
  await page.getByTestId('start-return').click();
  const form = page.getByTestId('create-return');
  await form.getByLabel('Return quantity MUG').fill('1');
  await form.getByLabel('Return reason').fill('arrived chipped');
  await form.getByRole('button', { name: 'Create RMA' }).click();
  const created = page.getByTestId('rma-created');
  await expect(created).toContainText(/RMA-\d{5}/);
  await expect(created).toContainText('refund $18.00');
  await expect(created).toContainText('return label USPS Ground Advantage');
  await expect(created.getByRole('img', { name: 'Return label preview' })).toBeVisible();

  await page.goto(`${station.url}/#/packing/returns`);
  const expected = page.locator('.panel', { hasText: 'Expected returns' });
  await expect(expected.getByRole('row', { name: new RegExp(`${order.number}.*1×MUG.*arrived chipped`) })).toBeVisible();
});
