import { expect, startStation, test } from './station';
import { PurchasingPage } from './pages/purchasing';

/**
 * Receiving by scanning alone, in Chromium against a real station server: the PO number, a
 * supplier SKU with damaged units, a code that is not on the PO (refused), a lot-tracked product
 * with its lot and expiry; Ctrl+Enter books it and the putaway list names each bin.
 */
test('receive a PO with the scanner: damaged units, a refused code, a lot, putaway bins', async ({ page }) => {
  test.setTimeout(120_000);
  const station = await startStation();
  try {
    await station.api('catalog.upsert', { sku: 'TEE', name: 'T-shirt', priceCents: 2000 });
    await station.api('catalog.upsert', { sku: 'HONEY', name: 'Honey jar', priceCents: 900, lotTracked: true });
    await station.api('catalog.upsert', { sku: 'OTHER', name: 'Not ordered', priceCents: 100 });
    await station.api('bins.upsert', { warehouse: 'MAIN', code: 'A-01', xM: 1, yM: 1, pickSequence: 1 });
    const tee = await station.api<{ id: number }>('catalog.get', { sku: 'TEE' });
    const honey = await station.api<{ id: number }>('catalog.get', { sku: 'HONEY' });
    const supplier = await station.api<{ id: number }>('suppliers.create', { name: 'Acme Supply', leadTimeDays: 5 });
    await station.api('suppliers.upsertItem', { supplierId: supplier.id, productId: tee.id, supplierSku: 'AC-TEE', unitCostCents: 500 });
    await station.api('suppliers.upsertItem', { supplierId: supplier.id, productId: honey.id, unitCostCents: 400, casePack: 6 });
    const po = await station.api<{ id: number; number: string }>('po.create', { supplierId: supplier.id, lines: [{ productId: tee.id, quantity: 10 }, { productId: honey.id, quantity: 12 }] });
    await station.api('po.send', { po: po.id });

    const purchasing = new PurchasingPage(page);
    await purchasing.open(station.url, 'receiving');
    await expect(purchasing.scanInput()).toBeFocused();
    // Before a scan the tab lists what may arrive, so the receiver knows which PO numbers exist.
    await expect(page.getByTestId('receive-expected')).toContainText(po.number);
    await purchasing.scan(po.number);
    await expect(page.getByTestId('receive-expected')).toHaveCount(0);
    await expect(purchasing.prompt()).toContainText(`${po.number} · Acme Supply`);

    // The supplier's SKU finds the T-shirt line: 8 good, 2 damaged.
    await purchasing.scan('AC-TEE');
    await expect(purchasing.prompt()).toContainText('TEE, open 10');
    // Scanning it again counts unit by unit; typing a number overrides the count.
    await purchasing.scan('AC-TEE');
    await purchasing.scan('AC-TEE');
    await expect(purchasing.prompt()).toContainText('Scanned 3');
    await purchasing.scan('8');
    await purchasing.scan('2');
    await expect(purchasing.counted('TEE')).toContainText('+8');
    await expect(purchasing.counted('TEE')).toContainText('2 damaged');

    // A product that is not on this PO is refused, loudly, and nothing is counted for it.
    await purchasing.scan('OTHER');
    await expect(purchasing.refusal()).toContainText(`OTHER is not on ${po.number}`);
    await expect(purchasing.counted('OTHER')).toHaveCount(0);

    // The lot-tracked honey asks for its lot and expiry; Enter on the quantity takes all that is open.
    await purchasing.scan('HONEY');
    await purchasing.scan('');
    await purchasing.scan('');
    await expect(purchasing.prompt()).toContainText('lot');
    await purchasing.scan('L-2611');
    await purchasing.scan('2027-05-01');
    await expect(purchasing.counted('HONEY')).toContainText('lot L-2611 · exp 2027-05-01');
    // A code we do not know is refused in plain words (no "scan:" field path on the banner)…
    await purchasing.scan('NOPE-1');
    await expect(purchasing.refusal()).toContainText("'NOPE-1' is not a known");
    await expect(purchasing.refusal()).not.toContainText('scan:');

    await page.keyboard.press('Control+Enter');
    await expect(purchasing.putaway('TEE')).toContainText('8');
    // …and once the receipt is booked that refusal is gone, not left over the putaway list.
    await expect(purchasing.refusal()).toHaveCount(0);
    // TEE was new: the free pick bin nearest the dock; HONEY goes to the default bin after it.
    await expect(purchasing.putaway('TEE')).toContainText('A-01');
    await expect(purchasing.putaway('HONEY')).toContainText('DEFAULT');
    await expect(purchasing.putaway('HONEY')).toContainText('L-2611');

    // The PO shows what arrived and its history.
    await purchasing.open(station.url, 'orders', po.id);
    await expect(purchasing.poStatus()).toHaveText(/received/i);
    await expect(purchasing.poLine('TEE')).toContainText('8');
    await expect(purchasing.poHistory()).toContainText('Received 20 units, 2 damaged');
    const stock = await station.api<{ rows: { sku: string; onHand: number }[] }>('stock.list', { query: 'TEE' });
    expect(stock.rows.find((r) => r.sku === 'TEE')!.onHand).toBe(8);

    // The list shows it received; the supplier's page shows its observed lead time and items.
    await purchasing.open(station.url, 'orders');
    await expect(purchasing.poRow(po.number)).toContainText('Received');
    await purchasing.open(station.url, 'suppliers', supplier.id);
    await expect(page.getByTestId('supplier-detail')).toContainText('delivers in 0.0');
    await expect(page.getByTestId('supplier-item-HONEY')).toContainText('6');
  } finally {
    await station.stop();
  }
});

test('a purchase order from the PO screen: draft, add a line, send, an edit after sending in its history', async ({ page }) => {
  test.setTimeout(120_000);
  const station = await startStation();
  try {
    await station.api('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1200 });
    await station.api('catalog.upsert', { sku: 'TEE', name: 'T-shirt', priceCents: 2000 });
    const mug = await station.api<{ id: number }>('catalog.get', { sku: 'MUG' });
    const tee = await station.api<{ id: number }>('catalog.get', { sku: 'TEE' });
    const supplier = await station.api<{ id: number }>('suppliers.create', { name: 'Acme Supply', leadTimeDays: 5 });
    await station.api('suppliers.upsertItem', { supplierId: supplier.id, productId: mug.id, unitCostCents: 300, casePack: 12, priceBreaks: [{ minQty: 48, unitCostCents: 250 }] });
    await station.api('suppliers.upsertItem', { supplierId: supplier.id, productId: tee.id, unitCostCents: 500 });

    const purchasing = new PurchasingPage(page);
    await purchasing.open(station.url, 'orders');
    await page.getByTestId('po-new').click();
    await page.getByTestId('po-new-supplier').selectOption({ label: 'Acme Supply' });
    await page.getByTestId('po-new-qty-MUG').fill('48');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await expect(purchasing.poStatus()).toHaveText('Draft');
    // 48 mugs reach the price break: 4 cases at $2.50.
    await expect(purchasing.poLine('MUG')).toContainText('(4 × 12)');
    await expect(purchasing.poLine('MUG')).toContainText('$2.50');

    const addLine = page.getByTestId('po-add-line');
    await addLine.getByPlaceholder('SKU').fill('TEE');
    await addLine.getByPlaceholder('units').fill('5');
    await addLine.getByRole('button', { name: 'Add line' }).click();
    await expect(purchasing.poLine('TEE')).toContainText('$25.00');

    await page.getByTestId('po-send').click();
    await expect(purchasing.poStatus()).toHaveText('Sent');
    const qty = page.getByTestId('po-qty-MUG');
    await qty.fill('60');
    await qty.press('Enter');
    await expect(purchasing.poHistory()).toContainText('Line 1 (MUG): quantity 48 → 60');
    // A part case is refused with the nearest whole quantities.
    await qty.fill('50');
    await qty.press('Enter');
    await expect(page.getByTestId('po-error')).toContainText('order 48 or 60');

    // Cancelling asks first, with the reason.
    await page.getByTestId('po-cancel').click();
    const confirmCancel = page.getByTestId('confirm-dialog');
    await confirmCancel.getByLabel('Reason').fill('ordered twice');
    await confirmCancel.getByRole('button', { name: 'Cancel PO' }).click();
    await expect(purchasing.poStatus()).toHaveText('Cancelled');
    await expect(purchasing.poHistory()).toContainText('Cancelled: ordered twice');
  } finally {
    await station.stop();
  }
});
