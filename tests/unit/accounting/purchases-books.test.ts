/**
 * Goods receipts and supplier bills in the books, through the real purchasing flow: a PO with
 * freight received in two deliveries (stock in at PO cost plus the freight's share), the
 * supplier's bill a little over what was received, then the journal and QuickBooks IIF checked —
 * GRNI and straight-to-payables bookings both.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import type { JournalDto } from '../../../shared/api/accounting';
import { tempApp } from '../../helpers/temp-app';

type TestApp = Awaited<ReturnType<typeof tempApp>> & { clock: ManualClock };
let app: TestApp;
let po: { id: number; number: string };

beforeEach(async () => {
  const clock = new ManualClock(new Date(2026, 2, 2, 10, 0)); // Monday 2 March 2026, 10:00
  app = Object.assign(await tempApp({ clock }), { clock });
  await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
  const product = await app.invoke('catalog.upsert', { sku: 'LAMP', name: 'Brass Lamp', priceCents: 2500, costCents: 700, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  const supplier = await app.invoke('suppliers.create', { name: 'Acme Supply', paymentTermsDays: 30, leadTimeDays: 5 });
  await app.invoke('suppliers.upsertItem', { supplierId: supplier.id, productId: product.id, unitCostCents: 700 });
  // 10 lamps at $7.00 plus $10.00 freight: $1.00 a lamp landed, $8.00 each on the shelf.
  po = await app.invoke('po.create', { supplierId: supplier.id, lines: [{ productId: product.id, quantity: 10, unitCostCents: 700 }], freightCents: 1000 });
  await app.invoke('po.send', { po: po.id });
  await app.invoke('po.receive', { po: po.id, lines: [{ code: 'LAMP', quantity: 6 }] });
  app.clock.set(new Date(2026, 2, 2, 11, 0));
  await app.invoke('po.receive', { po: po.id, lines: [{ code: 'LAMP', quantity: 4 }] });
  app.clock.set(new Date(2026, 2, 2, 15, 0));
});
afterEach(() => app.cleanup());

const sum = (j: JournalDto) => j.entries.map((e) => e.lines.reduce((s, l) => s + l.debitCents - l.creditCents, 0));

/** IIF rows split into its blocks: transactions as [TRNS, ...SPL] rows. */
function parseIif(content: string) {
  const rows = content.split('\r\n').filter(Boolean).map((r) => r.split('\t'));
  const transactions: string[][][] = [];
  for (const r of rows) {
    if (r[0] === 'TRNS') transactions.push([r]);
    else if (r[0] === 'SPL') transactions.at(-1)!.push(r);
  }
  const header = rows.find((r) => r[0] === '!TRNS')!;
  const col = (name: string) => header.indexOf(name);
  return { rows, transactions, col };
}

describe('receipts and supplier bills in the books', () => {
  it('books each receipt at its landed cost against GRNI, and the bill clears GRNI with the difference as a price variance — every entry balanced', async () => {
    const bill = await app.invoke('bills.record', { po: po.id, number: 'INV-881', amountCents: 8150 });
    expect(bill).toMatchObject({ poNumber: po.number, supplier: 'Acme Supply', amountCents: 8150, receivedCents: 8000, billedOn: '2026-03-02', dueOn: '2026-04-01' });
    app.clock.set(new Date(2026, 2, 3, 9, 0));

    const j = await app.invoke('accounting.preview', { from: '2026-03-02', to: '2026-03-02' });
    expect(j.entries.map((e) => e.kind)).toEqual(['receipt', 'receipt', 'bill']);
    expect(j.entries[0].lines).toEqual([
      { account: 'inventory', debitCents: 6 * 800, creditCents: 0 },
      { account: 'grni', debitCents: 0, creditCents: 6 * 800 },
    ]);
    expect(j.entries[1].lines).toEqual([
      { account: 'inventory', debitCents: 4 * 800, creditCents: 0 },
      { account: 'grni', debitCents: 0, creditCents: 4 * 800 },
    ]);
    expect(j.entries[2]).toMatchObject({ reference: 'Acme Supply bill INV-881', vendor: { name: 'Acme Supply', billNumber: 'INV-881', dueOn: '2026-04-01' } });
    expect(j.entries[2].lines).toEqual([
      { account: 'payable', debitCents: 0, creditCents: 8150 },
      { account: 'grni', debitCents: 8000, creditCents: 0 },
      { account: 'purchase_variance', debitCents: 150, creditCents: 0 },
    ]);
    expect(sum(j)).toEqual([0, 0, 0]);

    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' });
    expect(period.totals).toMatchObject({ receipts: 8000, bills: 8150 });
    const { rows, transactions, col } = parseIif((await app.invoke('accounting.export', { period: period.id, format: 'iif' })).content);
    // Vendors are declared before any transaction names one.
    const vend = rows.findIndex((r) => r[0] === '!VEND');
    expect(rows[vend + 1]).toEqual(['VEND', 'Acme Supply']);
    expect(vend).toBeLessThan(rows.findIndex((r) => r[0] === '!TRNS'));
    expect(transactions.map((t) => t[0][col('TRNSTYPE')])).toEqual(['GENERAL JOURNAL', 'GENERAL JOURNAL', 'BILL']);
    for (const t of transactions) expect(t.reduce((s, r) => s + Math.round(Number(r[col('AMOUNT')]) * 100), 0)).toBe(0);
    const [trns, ...splits] = transactions[2];
    expect([trns[col('ACCNT')], trns[col('NAME')], trns[col('AMOUNT')], trns[col('DOCNUM')], trns[col('DATE')], trns[col('DUEDATE')]]).toEqual([
      'Accounts Payable',
      'Acme Supply',
      '-81.50',
      'INV-881',
      '03/02/2026',
      '04/01/2026',
    ]);
    expect(splits.map((r) => [r[col('ACCNT')], r[col('AMOUNT')]])).toEqual([
      ['Goods Received Not Invoiced', '80.00'],
      ['Purchase Price Variance', '1.50'],
    ]);
    expect(transactions[0][0].slice(col('ACCNT'), col('AMOUNT') + 1)).toEqual(['Inventory Asset', '', '', '48.00']);
  });

  it('books receipts straight to Accounts Payable (an IIF BILL naming the vendor) when the owner chooses; the bill then carries only its difference', async () => {
    await app.invoke('accounting.updateSettings', { receiptsAgainst: 'payable' });
    await app.invoke('bills.record', { po: po.id, number: 'INV-881', amountCents: 7900 });
    app.clock.set(new Date(2026, 2, 3, 9, 0));
    const j = await app.invoke('accounting.preview', { from: '2026-03-02', to: '2026-03-02' });
    expect(j.entries.map((e) => [e.kind, e.lines])).toEqual([
      ['receipt', [{ account: 'inventory', debitCents: 4800, creditCents: 0 }, { account: 'payable', debitCents: 0, creditCents: 4800 }]],
      ['receipt', [{ account: 'inventory', debitCents: 3200, creditCents: 0 }, { account: 'payable', debitCents: 0, creditCents: 3200 }]],
      // Billed $1.00 less than received: payables go down by it, the variance is a credit.
      ['bill', [{ account: 'payable', debitCents: 100, creditCents: 0 }, { account: 'purchase_variance', debitCents: 0, creditCents: 100 }]],
    ]);
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' });
    const { transactions, col } = parseIif((await app.invoke('accounting.export', { period: period.id, format: 'iif' })).content);
    expect(transactions.map((t) => [t[0][col('TRNSTYPE')], t[0][col('ACCNT')], t[0][col('NAME')], t[0][col('AMOUNT')]])).toEqual([
      ['BILL', 'Accounts Payable', 'Acme Supply', '-48.00'],
      ['BILL', 'Accounts Payable', 'Acme Supply', '-32.00'],
      ['BILL REFUND', 'Accounts Payable', 'Acme Supply', '1.00'],
    ]);
    for (const t of transactions) expect(t.reduce((s, r) => s + Math.round(Number(r[col('AMOUNT')]) * 100), 0)).toBe(0);
  });

  it('a bill for each delivery clears only what arrived before it', async () => {
    const product = await app.invoke('catalog.get', { sku: 'LAMP' });
    const supplierId = (await app.invoke('suppliers.list', {}))[0].id;
    const split = await app.invoke('po.create', { supplierId, lines: [{ productId: product.id, quantity: 10, unitCostCents: 700 }] });
    await app.invoke('po.send', { po: split.id });
    await app.invoke('po.receive', { po: split.id, lines: [{ code: 'LAMP', quantity: 6 }] });
    await app.invoke('bills.record', { po: split.number, number: 'D-1', amountCents: 4200 });
    app.clock.set(new Date(2026, 2, 2, 16, 0));
    await app.invoke('po.receive', { po: split.id, lines: [{ code: 'LAMP', quantity: 4 }] });
    await app.invoke('bills.record', { po: split.number, number: 'D-2', amountCents: 2850 });
    app.clock.set(new Date(2026, 2, 3, 9, 0));
    const bills = (await app.invoke('accounting.preview', { from: '2026-03-02', to: '2026-03-02' })).entries.filter((e) => e.kind === 'bill');
    expect(bills.map((b) => [b.vendor?.billNumber, b.lines.map((l) => [l.account, l.debitCents - l.creditCents])])).toEqual([
      ['D-1', [['payable', -4200], ['grni', 4200]]],
      ['D-2', [['payable', -2850], ['grni', 2800], ['purchase_variance', 50]]],
    ]);
  });

  it('carries landed costs into inventory to the cent when they do not divide by the units', async () => {
    const product = await app.invoke('catalog.get', { sku: 'LAMP' });
    const supplierId = (await app.invoke('suppliers.list', {}))[0].id;
    // $10.00 freight + $0.01 duty over 3 lamps: 333.67 cents a lamp, booked as whole cents per unit.
    const small = await app.invoke('po.create', { supplierId, lines: [{ productId: product.id, quantity: 3, unitCostCents: 700 }], freightCents: 1000, dutyCents: 1 });
    await app.invoke('po.send', { po: small.id });
    await app.invoke('po.receive', { po: small.id, lines: [{ code: 'LAMP', quantity: 3 }] });
    app.clock.set(new Date(2026, 2, 3, 9, 0));
    const j = await app.invoke('accounting.preview', { from: '2026-03-02', to: '2026-03-02' });
    const receipt = j.entries.filter((e) => e.kind === 'receipt').at(-1)!;
    expect(receipt.reference).toContain(small.number);
    expect(receipt.lines).toEqual([
      { account: 'inventory', debitCents: 3 * 700 + 1001, creditCents: 0 },
      { account: 'grni', debitCents: 0, creditCents: 3 * 700 + 1001 },
    ]);
  });

  it('refuses a bill with nothing received, a bill number recorded twice, a future date and a date in a closed period — naming the field', async () => {
    const product = await app.invoke('catalog.get', { sku: 'LAMP' });
    const supplierId = (await app.invoke('suppliers.list', {}))[0].id;
    const unsent = await app.invoke('po.create', { supplierId, lines: [{ productId: product.id, quantity: 2 }] });
    await expect(app.invoke('bills.record', { po: unsent.id, number: 'X-1', amountCents: 100 })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/received nothing yet/) });
    await app.invoke('bills.record', { po: po.id, number: 'INV-1', amountCents: 8000 });
    await expect(app.invoke('bills.record', { po: po.id, number: 'INV-1', amountCents: 8000 })).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'number' } });
    await expect(app.invoke('bills.record', { po: po.id, number: 'INV-2', amountCents: 100, billedOn: '2026-03-09' })).rejects.toMatchObject({ details: { field: 'billedOn' } });
    await expect(app.invoke('bills.record', { po: po.id, number: 'INV-2', amountCents: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
    app.clock.set(new Date(2026, 2, 4, 9, 0));
    await app.invoke('accounting.closePeriod', { from: '2026-03-01', to: '2026-03-02' });
    await expect(app.invoke('bills.record', { po: po.id, number: 'INV-2', amountCents: 100, billedOn: '2026-03-02' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/closed bookkeeping period 2026-03-01 – 2026-03-02/),
    });
    expect((await app.invoke('bills.list', { poId: po.id })).map((b) => b.number)).toEqual(['INV-1']);
  });
});
