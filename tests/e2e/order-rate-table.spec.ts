import { expect, test, type Station } from './station';

/** A shop whose order gets three rated services (zones and rate cards for USPS and UPS). */
async function orderWithRates(station: Station): Promise<number> {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 10, warehouse: 'NYC' });
  for (const carrier of ['usps', 'ups']) await station.api('shipping.importZones', { carrier, csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
  for (const [carrier, service, row] of [
    ['usps', 'ground_advantage', '5,2000,5.00'],
    ['usps', 'priority', '5,2000,8.00'],
    ['ups', 'ground', '5,2000,9.00'],
  ]) {
    await station.api('shipping.importRateCard', { carrier, service, csv: `zone,max_weight_g,price\n${row}\n` });
  }
  const order = await station.api<{ id: number }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });
  return order.id;
}

test.use({ viewport: { width: 1024, height: 600 } });

test("a rate row brought into view is not left under the rate table's sticky header", async ({ page, station }) => {
  const orderId = await orderWithRates(station);
  await page.goto(`${station.url}/#/orders/${orderId}`);
  const table = page.getByTestId('rate-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const header = table.locator('thead th').nth(1);
  const row = page.getByTestId('rate-ups:ground');

  // Scroll the page so the header sticks and the last rate row sits right under it, then bring that row into view
  // as keyboard focus does: it must end up below the header, not behind it.
  await page.locator('.content').evaluate((content) => {
    const rows = content.querySelectorAll<HTMLElement>('[data-testid="rate-table"] tbody tr');
    const last = rows[rows.length - 1];
    content.scrollTop += last.getBoundingClientRect().top - content.getBoundingClientRect().top - 4;
  });
  const stuck = (await header.boundingBox())!;
  const under = (await row.boundingBox())!;
  expect(under.y, 'the row starts under the stuck header before it is brought into view').toBeLessThan(stuck.y + stuck.height);
  await row.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  const headerBox = (await header.boundingBox())!;
  const rowBox = (await row.boundingBox())!;
  expect(rowBox.y, 'the row is clear of the sticky header').toBeGreaterThanOrEqual(headerBox.y + headerBox.height - 1);
});
