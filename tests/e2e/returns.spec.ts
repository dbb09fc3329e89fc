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
  await form.getByLabel('Return reason').selectOption({ label: 'Damaged' });
  await form.getByLabel('Reason note').fill('arrived chipped');
  await form.getByRole('button', { name: 'Create RMA' }).click();
  const created = page.getByTestId('rma-created');
  await expect(created).toContainText(/RMA-\d{5}/);
  await expect(created).toContainText('refund $18.00');
  await expect(created).toContainText('return label USPS Ground Advantage');
  await expect(created.getByRole('img', { name: 'Return label preview' })).toBeVisible();
  // On the order the label is a return (customer → warehouse), not a second outgoing shipment.
  const returnCard = page.locator('[data-testid^="shipment-"][data-direction="return"]');
  await expect(returnCard).toContainText(/Return \d+/);
  await expect(returnCard.getByTestId('tracking-number')).toHaveText(/\S+/);
  await expect(page.locator('[data-testid^="shipment-"][data-direction="outbound"]')).toHaveCount(1);
  await expect(page.locator('[data-testid^="shipment-"][data-direction="outbound"]')).not.toContainText('Return');

  await page.goto(`${station.url}/#/packing/returns`);
  const expected = page.locator('.panel', { hasText: 'Expected returns' });
  await expect(expected.getByRole('row', { name: new RegExp(`${order.number}.*1×MUG.*Damaged: arrived chipped`) })).toBeVisible();
  await expect(expected.getByRole('columnheader')).toHaveText(['RMA', 'Order', 'Items', 'Reason']);
  const report = page.locator('.panel', { hasText: 'Return reasons per product' });
  await expect(report.getByRole('columnheader')).toHaveText(['SKU', 'Reason', 'Units', 'Return rate']);
  await expect(report.getByRole('row', { name: /MUG.*Damaged/ })).toBeVisible();
});

for (const width of [1024, 1440]) {
  test(`the grade buttons fit inside the returns panel at ${width} px (Defective is not clipped)`, async ({ page, station }) => {
    const order = await shippedOrder(station);
    const rma = await station.api<{ number: string }>('returns.create', { orderId: order.id, reasonCode: 'defective', lines: [{ orderLineId: (await station.api<{ orderLines: { id: number }[] }>('orders.get', { id: order.id })).orderLines[0].id, qty: 1 }] });
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${station.url}/#/packing/returns`);
    await page.getByTestId('return-scan').fill(rma.number);
    await page.getByTestId('return-scan').press('Enter');
    const panel = page.locator('.panel', { has: page.getByRole('columnheader', { name: 'Grade each unit' }) });
    const button = panel.getByRole('button', { name: 'Defective' });
    await expect(button).toBeVisible();
    const [b, p] = [await button.boundingBox(), await panel.boundingBox()];
    expect(b!.x + b!.width).toBeLessThanOrEqual(p!.x + p!.width);
    expect(b!.x).toBeGreaterThanOrEqual(p!.x);
    // Nothing hidden behind a sideways scroll inside the panel either.
    expect(await panel.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  });
}
