import { ScanToPickPage } from './pages/picking';
import { expect, test, type Station } from './station';

/**
 * MAIN with two pick bins: SOCK in A01-01, CAP in A02-01. Two orders want a sock each (both
 * reserved in A01-01) and one of them a cap: a batch of three picks, two of them in one bin.
 */
async function setUpPickShop(station: Station) {
  const api = station.api.bind(station);
  await api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
  for (const [code, aisle, xM, yM] of [['A01-01', '01', 2, 2], ['A02-01', '02', 5, 3]] as const) {
    await api('bins.upsert', { warehouse: 'MAIN', code, aisle, xM, yM, zone: 'A', kind: 'pick' });
  }
  for (const [sku, name, bin] of [['SOCK', 'Wool Sock', 'A01-01'], ['CAP', 'Field Cap', 'A02-01']] as const) {
    await api('catalog.upsert', { sku, name, priceCents: 1200, weightG: 100, barcodes: [{ code: `SUP-${sku}`, kind: 'supplier' }] });
    await api('stock.receive', { sku, warehouse: 'MAIN', bin, quantity: 10 });
  }
  const place = (lines: { sku: string; quantity: number }[]) =>
    api<{ id: number }>('orders.create', {
      customer: { name: 'Ada Lovelace', email: null, phone: null },
      shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
      lines,
    });
  const first = await place([{ sku: 'SOCK', quantity: 1 }]);
  const second = await place([{ sku: 'SOCK', quantity: 1 }, { sku: 'CAP', quantity: 1 }]);
  const [batch] = await api<{ id: number; tasks: { bin: string; sku: string; qty: number; tote: number }[] }[]>('picking.createBatches', { warehouse: 'MAIN', orderIds: [first.id, second.id] });
  return batch;
}

test('scan to pick: bin, item, quantity; a wrong bin is refused; one bin scan serves the next pick in the same bin', async ({ page, station }) => {
  const batch = await setUpPickShop(station);
  expect(batch.tasks).toHaveLength(3);
  const sameBinPairs = batch.tasks.filter((t, i) => i > 0 && batch.tasks[i - 1].bin === t.bin);
  expect(sameBinPairs).toHaveLength(1);

  const picking = new ScanToPickPage(page);
  await picking.openFromBatch(station.url, batch.id);
  await expect(picking.progress()).toHaveText('0/3 picked');

  for (const [i, task] of batch.tasks.entries()) {
    await expect(picking.bin()).toHaveText(task.bin);
    if (i > 0 && batch.tasks[i - 1].bin === task.bin) {
      // Still standing at the bin: no second bin scan, straight to the item.
      await expect(picking.message()).toContainText(`same bin ${task.bin}: scan the item`);
      await expect(picking.prompt()).toHaveText(`Scan ${task.sku}`);
    } else {
      await expect(picking.prompt()).toHaveText(`Go to ${task.bin} and scan the bin`);
      if (i === 0) {
        const wrong = batch.tasks.find((t) => t.bin !== task.bin)!.bin;
        await picking.answer(wrong);
        await expect(picking.refusal()).toContainText(`Wrong bin: you scanned ${wrong}, this pick is in ${task.bin}`);
      }
      await picking.answer(task.bin);
      await expect(picking.prompt()).toHaveText(`Scan ${task.sku}`);
    }
    await picking.answer(`SUP-${task.sku}`);
    await expect(picking.prompt()).toHaveText(`How many in tote ${task.tote}? (Enter = ${task.qty})`);
    await picking.answer('');
    if (i < batch.tasks.length - 1) await expect(picking.progress()).toHaveText(`${i + 1}/3 picked`);
  }
  await expect(picking.done()).toHaveText('All picked ✓');
  const done = await station.api<{ status: string; openTasks: number }>('picking.batch', { id: batch.id });
  expect(done).toMatchObject({ status: 'done', openTasks: 0 });
});
