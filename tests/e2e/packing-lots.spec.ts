import { PackingPage } from './pages/packing';
import { expect, test, type Station } from './station';

/**
 * A lot-tracked jam in MAIN: L1 (2) and L2 (5) expire far ahead, OLD expired long ago (so it is
 * never reserved, but a packer can still grab a jar of it). One order of 3 jams is batched and
 * picked FEFO (2 × L1, 1 × L2) and waits at packing in its tote; "Station 1" has no devices.
 */
async function setUpLotShop(station: Station) {
  const api = station.api.bind(station);
  await api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
  await api('bins.upsert', { warehouse: 'MAIN', code: 'A01-01', aisle: '01', xM: 2, yM: 2, zone: 'A', kind: 'pick' });
  await api('catalog.upsert', { sku: 'JAM', name: 'Plum Jam', priceCents: 900, weightG: 300, lengthMm: 80, widthMm: 80, heightMm: 90, lotTracked: true, barcodes: [{ code: 'SUP-JAM', kind: 'supplier' }] });
  for (const [lot, expiresOn, quantity] of [['L1', '2098-06-30', 2], ['L2', '2099-06-30', 5], ['OLD', '2020-01-31', 3]] as const) {
    await api('stock.receive', { sku: 'JAM', warehouse: 'MAIN', bin: 'A01-01', lot, expiresOn, quantity });
  }
  await api('stations.upsert', { name: 'Station 1' });
  const order = await api<{ id: number; number: string }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines: [{ sku: 'JAM', quantity: 3 }],
  });
  const [batch] = await api<{ id: number; totes: { toteCode: string }[] }[]>('picking.createBatches', { warehouse: 'MAIN', orderIds: [order.id] });
  for (;;) {
    const step = await api<{ done: boolean; task: { id: number; bin: string; sku: string; qty: number } | null }>('picking.next', { batchId: batch.id });
    if (step.done || !step.task) break;
    await api('picking.scanBin', { taskId: step.task.id, code: step.task.bin });
    await api('picking.confirm', { taskId: step.task.id, code: step.task.sku, qty: step.task.qty });
  }
  return { orderNumber: order.number, toteCode: batch.totes[0].toteCode };
}

test('the pack screen shows the lots picked; an expired lot is refused and not counted; with two lots picked it asks for the lot', async ({ page, station }) => {
  const shop = await setUpLotShop(station);
  const packing = new PackingPage(page);
  await packing.open(station.url, 'Station 1');
  await packing.scan(shop.toteCode);
  await expect(packing.orderTitle()).toHaveText(shop.orderNumber);
  await expect(packing.line('JAM')).toContainText('0/3');
  await expect(packing.pickedLot('JAM', 'L1')).toHaveText('L1 · exp 2098-06-30 · 0/2');
  await expect(packing.pickedLot('JAM', 'L2')).toHaveText('L2 · exp 2099-06-30 · 0/1');
  // The lots column is in plain view, not hidden under the box/label card beside the lines
  // (a trial click fails when another element covers the point it would click).
  await packing.pickedLot('JAM', 'L2').click({ trial: true, timeout: 5_000 });

  // A jar of the expired lot: its lot label, then the item. Refused loudly; nothing counted.
  await packing.scanLot('OLD');
  await packing.scan('SUP-JAM');
  await expect(packing.refusal()).toContainText('Lot OLD expired on 2020-01-31');
  await expect(packing.line('JAM')).toContainText('0/3');
  await expect(packing.pickedLot('JAM', 'L1')).toContainText('0/2');

  // The item alone: two lots were picked, so the station asks for the lot and waits for it.
  await packing.scan('SUP-JAM');
  await expect(packing.lotPrompt()).toContainText('LOT NEEDED: JAM was picked from 2 lots');
  await expect(packing.lotPrompt()).toContainText('picked: L1 (2), L2 (1)');
  await expect(packing.lotInput()).toBeFocused();
  // The field names the product asked about (its SKU), not the barcode that was scanned.
  await expect(page.getByLabel('Lot of JAM')).toBeVisible();
  await packing.scanLot('L2');
  await expect(packing.info()).toContainText('JAM ✓ 1/3 (lot L2)');
  await expect(packing.refusal()).toHaveCount(0);
  await expect(packing.lotPrompt()).toHaveCount(0);
  await expect(packing.line('JAM')).toContainText('1/3');
  await expect(packing.pickedLot('JAM', 'L2')).toContainText('1/1');
  await expect(packing.scanInput()).toBeFocused();
});
