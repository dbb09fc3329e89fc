/**
 * A yen shop's books: JPY has no minor unit, so every bookkeeping export must write ¥3,000 as
 * "3000" — the old exports divided by 100 for every currency and wrote "30.00", which QuickBooks
 * and Xero import as ¥30. A real shop on a temp SQLite file, an order shipped, the period closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

let app: Awaited<ReturnType<typeof tempApp>> & { clock: ManualClock };

beforeEach(async () => {
  const clock = new ManualClock(new Date(2026, 2, 2, 10, 0));
  app = Object.assign(await tempApp({ clock }), { clock });
  await app.invoke('catalog.upsert', { sku: 'TEAPOT', name: 'Iron teapot', priceCents: 1500, costCents: 600, currency: 'JPY' });
  await app.invoke('stock.receive', { sku: 'TEAPOT', quantity: 10, unitCostCents: 600 });
  const order = await app.invoke('orders.create', {
    customer: { name: 'Sei Shōnagon', email: null, phone: null },
    shipTo: { name: 'Sei Shōnagon', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku: 'TEAPOT', quantity: 2 }],
    currency: 'JPY',
  });
  for (const to of ['picking', 'packed', 'shipped'] as const) await app.invoke('orders.transition', { id: order.id, to, reason: 'shipped by hand' });
  clock.set(new Date(2026, 2, 3, 9, 0)); // the next morning: Monday is over
});
afterEach(() => app.cleanup());

describe('bookkeeping exports of a JPY shop', () => {
  it('write yen amounts without decimals in the journal, IIF, QuickBooks Online and Xero files', async () => {
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-02', to: '2026-03-02' });
    expect(period.totals.sales).toBe(3000);
    const file = async (format: 'journal' | 'iif' | 'qbo' | 'xero') => (await app.invoke('accounting.export', { period: period.id, format })).content;

    const journal = (await file('journal')).trim().split('\n').slice(1);
    expect(journal[0]).toMatch(/^2026-03-02,1,sale,Undeposited Funds,3000,,JPY,/);
    expect(journal[1]).toMatch(/^2026-03-02,1,sale,Sales,,3000,JPY,/);

    const iif = (await file('iif')).split('\r\n').map((r) => r.split('\t'));
    const trns = iif.find((r) => r[0] === 'TRNS' && r[2] === 'CASH SALE')!;
    expect(trns[7]).toBe('3000');
    expect(iif.find((r) => r[0] === 'SPL' && r[2] === 'CASH SALE')![7]).toBe('-3000');

    const qbo = (await file('qbo')).trim().split('\n')[1].split(',');
    expect([qbo[4], qbo[11], qbo[12]]).toEqual(['3000', '1500', '3000']);

    const xero = (await file('xero')).trim().split('\n')[1].split(',');
    expect(xero[17]).toBe('1500'); // *UnitAmount
    expect(xero[25]).toBe('JPY');

    // Nothing anywhere in the four files carries a decimal point on a yen amount.
    for (const format of ['journal', 'iif', 'qbo', 'xero'] as const) expect(await file(format), format).not.toMatch(/\b\d+\.\d{2}\b/);
  });
});
