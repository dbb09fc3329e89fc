import { FakeEasyPost } from '../helpers/easypost-server';
import { ShippingPage } from './pages/shipping';
import { expect, test, type Station } from './station';

/** A shop with USPS and UPS rate cards, an allocated order, and the postage account (USPS) on a loopback EasyPost. */
async function shopWithAccount(station: Station, easypost: FakeEasyPost): Promise<number> {
  await station.api('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await station.api('stock.receive', { sku: 'MUG', quantity: 10, warehouse: 'NYC' });
  await station.api('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  for (const carrier of ['usps', 'ups']) await station.api('shipping.importZones', { carrier, csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
  await station.api('shipping.importRateCard', { carrier: 'usps', service: 'ground_advantage', csv: 'zone,max_weight_g,price\n5,2000,5.00\n' });
  await station.api('shipping.importRateCard', { carrier: 'ups', service: 'ground', csv: 'zone,max_weight_g,price\n5,2000,9.00\n' });
  await station.api('shipping.updatePostage', { apiKey: 'EZTK_e2e_live_rates', baseUrl: easypost.baseUrl, carriers: ['usps'] });
  const order = await station.api<{ id: number }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });
  return order.id;
}

test('with a postage account the rate table shows live prices; when EasyPost is down it says "rate card — live rates unavailable"', async ({ page, station }) => {
  const easypost = await new FakeEasyPost('EZTK_e2e_live_rates').start();
  try {
    const orderId = await shopWithAccount(station, easypost);
    const shipping = new ShippingPage(page);

    easypost.mode = 'down';
    await shipping.openOrder(station.url, orderId);
    await expect(shipping.ratePanel().getByTestId('live-rates-status')).toContainText('rate card — live rates unavailable');
    await expect(shipping.rateRow('usps:ground_advantage').getByTestId('rate-price')).toHaveText('$5.00');

    easypost.mode = 'normal';
    await page.reload();
    await expect(shipping.ratePanel().getByTestId('live-rates-status')).toContainText('“live” are EasyPost’s rates now');
    // EasyPost's recorded Ground Advantage rate, marked live; UPS (not on the account) stays the rate card's and is not postage.
    await expect(shipping.rateRow('usps:ground_advantage').getByTestId('rate-price')).toHaveText('$6.07live');
    await expect(shipping.rateRow('usps:ground_advantage').getByTestId('label-kind')).toHaveText('postage');
    await expect(shipping.rateRow('ups:ground').getByTestId('label-kind')).toHaveText('NOT POSTAGE — reference only');
  } finally {
    await easypost.close();
  }
});
