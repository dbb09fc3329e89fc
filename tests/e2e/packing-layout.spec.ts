import type { Locator } from '@playwright/test';
import { PackingPage } from './pages/packing';
import { expect, pickedIntoTote, test, type Station } from './station';

/**
 * A lot-tracked jam (two lots picked, so the lots column is shown) and a tea with a long name, in
 * one order batched and picked through the API, waiting at packing in its tote. "Station 1" and
 * "Station 2" have no devices.
 */
async function setUpShop(station: Station) {
  const api = station.api.bind(station);
  await api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
  await api('bins.upsert', { warehouse: 'MAIN', code: 'A01-01', aisle: '01', xM: 2, yM: 2, zone: 'A', kind: 'pick' });
  await api('catalog.upsert', { sku: 'JAM', name: 'Plum Jam, small batch, hand-stirred (340 g jar)', priceCents: 900, weightG: 300, lotTracked: true, barcodes: [{ code: 'SUP-JAM', kind: 'supplier' }] });
  await api('catalog.upsert', { sku: 'TEA-EARL-GREY-LOOSE', name: 'Earl Grey loose-leaf tea with bergamot and cornflower, 250 g tin', priceCents: 1400, weightG: 300, barcodes: [{ code: 'SUP-TEA', kind: 'supplier' }] });
  for (const [lot, expiresOn, quantity] of [['L1', '2098-06-30', 2], ['L2', '2099-06-30', 5]] as const) {
    await api('stock.receive', { sku: 'JAM', warehouse: 'MAIN', bin: 'A01-01', lot, expiresOn, quantity });
  }
  await api('stock.receive', { sku: 'TEA-EARL-GREY-LOOSE', warehouse: 'MAIN', bin: 'A01-01', quantity: 5 });
  for (const name of ['Station 1', 'Station 2']) await api('stations.upsert', { name });
  return pickedIntoTote(station, [{ sku: 'JAM', quantity: 3 }, { sku: 'TEA-EARL-GREY-LOOSE', quantity: 1 }]);
}

/** True when the element is what the reader sees at its own centre (nothing covers it) and it is inside the window. */
function inPlainView(locator: Locator) {
  return locator.evaluate((el) => {
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && hit !== null && el.contains(hit);
  });
}

for (const width of [1024, 1440, 1920]) {
  test(`at ${width} px the lines table and the parcel card never overlap and every column is in view`, async ({ page, station }) => {
    const shop = await setUpShop(station);
    await page.setViewportSize({ width, height: 900 });
    const packing = new PackingPage(page);
    await packing.open(station.url, 'Station 1');
    await packing.scan(shop.toteCode);
    await expect(packing.orderTitle()).toHaveText(shop.orderNumber);

    const table = (await packing.linesTable().boundingBox())!;
    const card = (await packing.linesCard().boundingBox())!;
    const parcel = (await packing.parcelPanel().boundingBox())!;
    const intersect = table.x < parcel.x + parcel.width && parcel.x < table.x + table.width && table.y < parcel.y + parcel.height && parcel.y < table.y + table.height;
    expect(intersect, `lines table ${JSON.stringify(table)} vs parcel card ${JSON.stringify(parcel)}`).toBe(false);
    // The table fits its card: no column runs out of it (or hides behind a sideways scroll).
    expect(table.x + table.width).toBeLessThanOrEqual(card.x + card.width + 0.5);

    for (const header of ['SKU', 'Name', 'Verified', 'Lots picked (packed/picked)']) {
      expect(await inPlainView(packing.linesTable().getByRole('columnheader', { name: header, exact: true })), header).toBe(true);
    }
    for (const fact of ['Box', 'Expected', 'Scale', 'Weighed']) {
      expect(await inPlainView(packing.parcelPanel().locator('dt', { hasText: fact })), fact).toBe(true);
    }
    expect(await inPlainView(packing.pickedLot('JAM', 'L2')), 'lot L2').toBe(true);
  });
}

test('F9 while the label is locked says why; a station without devices says so and links to their setup', async ({ page, station }) => {
  const shop = await setUpShop(station);
  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');
  await expect(packing.devicesNotice()).toContainText('Station 1 has no shipping-label printer and no scale');
  await expect(packing.devicesNotice().getByRole('link')).toHaveAttribute('href', '#/settings/station-devices');

  await packing.shipAndPrint();
  await expect(packing.lockedNote()).toHaveText('Cannot ship yet: scan an order first');
  await packing.scan(shop.toteCode);
  await expect(packing.orderTitle()).toHaveText(shop.orderNumber);
  await expect(packing.scanInput()).toBeFocused();
  await packing.shipAndPrint();
  await expect(packing.lockedNote()).toHaveText('Cannot ship yet: scan all items first: 4 unit(s) still to verify');
  // Ctrl+Enter is the same key.
  await packing.scan('SUP-TEA');
  await expect(packing.lockedNote()).toHaveCount(0);
  await page.keyboard.press('Control+Enter');
  await expect(packing.lockedNote()).toHaveText('Cannot ship yet: scan all items first: 3 unit(s) still to verify');
});

test('an order claimed at another station can be taken over, after a confirmation', async ({ page, station }) => {
  const shop = await setUpShop(station);
  await station.api('packing.open', { station: 'Station 2', code: shop.toteCode });
  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');
  await packing.scan(shop.toteCode);
  await expect(packing.refusal()).toContainText(`${shop.orderNumber} is already being packed at Station 2`);
  await expect(packing.takeOverOffer()).toContainText(`${shop.orderNumber} is open at Station 2`);

  await packing.takeOverOffer().getByRole('button', { name: 'Take over…' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`Take over ${shop.orderNumber}?`);
  // Cancel has the focus: a stray Enter does not take the order.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: `Take over ${shop.orderNumber}` }).click();
  await expect(packing.orderTitle()).toHaveText(shop.orderNumber);
  await expect(packing.info()).toContainText(`${shop.orderNumber} taken over from Station 2`);
  expect(await station.api('packing.current', { station: 'Station 2' })).toBeNull();
  expect((await station.api<{ station: string }>('packing.current', { station: 'Station 1' })).station).toBe('Station 1');

  // Switching station leaves the order at the old one: the new one offers to take it over at once.
  await page.getByTestId('station-select').selectOption('Station 2');
  await expect(packing.takeOverOffer()).toContainText(`${shop.orderNumber} is open at Station 1`);
  await packing.takeOverOffer().getByRole('button', { name: 'Take over…' }).click();
  await dialog.getByRole('button', { name: `Take over ${shop.orderNumber}` }).click();
  await expect(packing.orderTitle()).toHaveText(shop.orderNumber);
  expect((await station.api<{ station: string }>('packing.current', { station: 'Station 2' })).station).toBe('Station 2');
});
