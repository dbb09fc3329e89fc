/**
 * Bookkeeping exports from a real shop: an order shipped through the real shipping flow (picked at
 * moving-average cost, a label from the rate cards), a cancelled one, then the period closed and
 * exported in every format.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalDto } from '../../../shared/api/accounting';
import { placeOrder, shippingShop } from '../shipping/service-setup';

let app: Awaited<ReturnType<typeof shippingShop>>;
let shipped: { orderNumber: string; postageCents: number };

beforeEach(async () => {
  app = await shippingShop(); // Monday 2 March 2026, 10:00
  await app.invoke('catalog.upsert', { sku: 'LAMP', name: 'Brass Lamp', priceCents: 2500, costCents: 700, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
  await app.invoke('stock.receive', { sku: 'LAMP', quantity: 10, unitCostCents: 700 });
  const order = await placeOrder(app, [{ sku: 'LAMP', quantity: 2 }]);
  const shipment = await app.invoke('shipping.ship', { orderId: order.id });
  const cancelled = await placeOrder(app, [{ sku: 'LAMP', quantity: 1 }]);
  await app.invoke('orders.cancel', { id: cancelled.id, reason: 'customer changed their mind' });
  shipped = { orderNumber: order.number, postageCents: shipment.priceCents };
  app.clock.set(new Date(2026, 2, 3, 9, 0)); // the next morning: Monday is over
});
afterEach(() => app.cleanup());

const debits = (j: JournalDto, kind: string) => j.entries.filter((e) => e.kind === kind).map((e) => e.lines.reduce((s, l) => s + l.debitCents, 0));

describe('accounting periods', () => {
  it('books the shipped order, its cost of goods and its postage — balanced — and not the cancelled order', async () => {
    const j = await app.invoke('accounting.preview', { from: '2026-03-02', to: '2026-03-02' });
    expect(j.entries.map((e) => e.kind)).toEqual(['sale', 'cogs', 'postage']);
    const sale = j.entries[0];
    expect(sale).toMatchObject({ date: '2026-03-02', reference: shipped.orderNumber });
    expect(sale.lines).toEqual([
      { account: 'funds', debitCents: 5000, creditCents: 0 },
      { account: 'sales', debitCents: 0, creditCents: 5000 },
    ]);
    expect(debits(j, 'cogs')).toEqual([2 * 700]);
    expect(debits(j, 'postage')).toEqual([shipped.postageCents]);
    for (const e of j.entries) expect(e.lines.reduce((s, l) => s + l.debitCents - l.creditCents, 0)).toBe(0);
  });

  it('closes a period once: exports are the same bytes every time, overlaps and unfinished days are refused', async () => {
    await expect(app.invoke('accounting.closePeriod', { from: '2026-03-01', to: '2026-03-03' })).rejects.toThrow(/not over yet/);
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-01', to: '2026-03-02' });
    expect(period).toMatchObject({ entries: 3, totals: { sales: 5000, cogs: 1400, postage: shipped.postageCents, refunds: 0, receipts: 0, bills: 0 } });
    await expect(app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' })).rejects.toThrow(/already closed/);
    await expect(app.invoke('accounting.closePeriod', { from: '2026-02-28', to: '2026-02-27' })).rejects.toThrow(/ends .* before it starts/);

    const first = await app.invoke('accounting.export', { period: period.id, format: 'journal' });
    // Renaming an account later changes nothing in a closed period.
    await app.invoke('accounting.updateAccounts', { sales: 'Product Sales' });
    await expect(app.invoke('accounting.updateAccounts', { cogs: 'Product Sales' })).rejects.toThrow(/names two accounts/);
    expect(await app.invoke('accounting.export', { period: period.id, format: 'journal' })).toEqual(first);
    expect(first.content.split('\n').slice(0, 3)).toEqual([
      'date,entry,kind,account,debit,credit,currency,reference,memo',
      `2026-03-02,1,sale,Undeposited Funds,50.00,,USD,${shipped.orderNumber},Order ${shipped.orderNumber}`,
      `2026-03-02,1,sale,Sales,,50.00,USD,${shipped.orderNumber},Order ${shipped.orderNumber}`,
    ]);
    expect((await app.invoke('accounting.preview', { from: '2026-03-01', to: '2026-03-02' })).accounts.sales).toBe('Product Sales');
  });

  it('writes QuickBooks IIF: accounts declared with IIF account types, the documented header lines, every transaction summing to zero, MM/DD/YYYY', async () => {
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' });
    const { content, filename } = await app.invoke('accounting.export', { period: period.id, format: 'iif' });
    expect(filename).toBe('shipshape-2026-03-02_2026-03-02.iif');
    const rows = content.split('\r\n').filter(Boolean).map((r) => r.split('\t'));
    expect(rows.map((r) => r[0]).slice(0, 15)).toEqual(['!ACCNT', ...Array(11).fill('ACCNT'), '!TRNS', '!SPL', '!ENDTRNS']);
    // Intuit's ACCNTTYPE keywords: there is no OCASH; inventory and undeposited funds are other current assets.
    const types = Object.fromEntries(rows.slice(1, 12).map((r) => [r[1], r[2]]));
    expect(types).toMatchObject({ 'Undeposited Funds': 'OCASSET', 'Inventory Asset': 'OCASSET', 'Goods Received Not Invoiced': 'OCLIAB', 'Accounts Payable': 'AP', 'Cost of Goods Sold': 'COGS' });
    const IIF_ACCOUNT_TYPES = ['AP', 'AR', 'BANK', 'CCARD', 'COGS', 'EQUITY', 'EXEXP', 'EXINC', 'EXP', 'FIXASSET', 'INC', 'LTLIAB', 'NONPOSTING', 'OASSET', 'OCASSET', 'OCLIAB'];
    for (const t of Object.values(types)) expect(IIF_ACCOUNT_TYPES).toContain(t);
    expect(rows[12].join('\t')).toBe('!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO\tCLEAR\tTOPRINT\tNAMEISTAXABLE\tADDR1\tADDR2\tADDR3\tADDR4\tADDR5\tDUEDATE\tTERMS\tPAID\tSHIPDATE');
    expect(rows[13].join('\t')).toBe('!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO\tCLEAR\tQNTY\tPRICE\tINVITEM\tPAYMETH\tTAXABLE\tREIMBEXP\tEXTRA');
    const transactions: string[][][] = [];
    for (const r of rows.slice(15)) {
      if (r[0] === 'TRNS') transactions.push([r]);
      else if (r[0] === 'SPL') transactions.at(-1)!.push(r);
      else expect(r[0]).toBe('ENDTRNS');
    }
    expect(transactions.map((t) => t[0][2])).toEqual(['CASH SALE', 'GENERAL JOURNAL', 'GENERAL JOURNAL']);
    for (const t of transactions) {
      expect(t[0][3]).toBe('03/02/2026');
      expect(t.reduce((s, r) => s + Math.round(Number(r[7]) * 100), 0)).toBe(0);
    }
    expect(transactions[0][0].slice(4, 8)).toEqual(['Undeposited Funds', 'Ada Lovelace', '', '50.00']);
  });

  it('writes sales as QuickBooks Online and Xero invoices: US dates, Xero account codes (configurable), Xero date format per region', async () => {
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' });
    const qbo = (await app.invoke('accounting.export', { period: period.id, format: 'qbo' })).content.trim().split('\n');
    expect(qbo[0]).toBe('*Invoice number,*Customer,*Invoice date,*Due date,Item amount,Item tax code,Terms,Service Date,Item (Product/Service),Item Description,Item Quantity,Item Rate,*Item Amount,Memo');
    expect(qbo.slice(1)).toEqual([`${shipped.orderNumber},Ada Lovelace,03/02/2026,03/02/2026,50.00,NON,Due on receipt,03/02/2026,LAMP,Brass Lamp,2,25.00,50.00,Order ${shipped.orderNumber}`]);
    const xero = (await app.invoke('accounting.export', { period: period.id, format: 'xero' })).content.trim().split('\n');
    expect(xero[0].split(',')).toHaveLength(27);
    expect(xero[0].startsWith('*ContactName,EmailAddress,POAddressLine1')).toBe(true);
    // A US (USD) shop: Xero's default chart code 200 (Sales), dates month first.
    expect(xero[1]).toBe(`Ada Lovelace,,12 Analytical Way,,,,Washington,DC,20001,US,${shipped.orderNumber},Order ${shipped.orderNumber},03/02/2026,03/02/2026,LAMP,Brass Lamp,2,25.00,,200,Tax Exempt,,,,,USD,`);

    // The owner's own chart: codes and the day-first date format apply to periods closed from then on.
    await expect(app.invoke('accounting.updateSettings', { codes: { sales: 'Sales' } })).resolves.toBeTruthy(); // letters are allowed (some charts use them)
    await expect(app.invoke('accounting.updateSettings', { codes: { sales: '4 000' } })).rejects.toThrow(/codes\.sales/);
    await app.invoke('accounting.updateSettings', { codes: { sales: '4000' }, xeroDateFormat: 'DD/MM/YYYY' });
    expect((await app.invoke('accounting.export', { period: period.id, format: 'xero' })).content.trim().split('\n')[1]).toBe(xero[1]);
    const next = await app.invoke('accounting.closePeriod', { from: '2026-03-01', to: '2026-03-01' });
    const settings = await app.invoke('accounting.settings', {});
    expect(settings).toMatchObject({ codes: { sales: '4000', shipping_income: '260', inventory: '630' }, xeroDateFormat: 'DD/MM/YYYY', receiptsAgainst: 'grni' });
    expect(next.entries).toBe(0);
  });
});
