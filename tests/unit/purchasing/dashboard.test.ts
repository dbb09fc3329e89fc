/** The Purchasing cards' figures from real POs: value still on order and POs past their expected day. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

let app: Awaited<ReturnType<typeof tempApp>> & { clock: ManualClock };
beforeEach(async () => {
  const clock = new ManualClock(new Date(2026, 2, 2, 10, 0)); // Monday 2 March 2026
  app = Object.assign(await tempApp({ clock }), { clock });
  await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
});
afterEach(() => app.cleanup());

it('counts what is still to arrive on sent POs at PO cost, and flags the ones past their expected day', async () => {
  const lamp = await app.invoke('catalog.upsert', { sku: 'LAMP', name: 'Brass Lamp', priceCents: 2500 });
  const mug = await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800 });
  const acme = await app.invoke('suppliers.create', { name: 'Acme Supply' });
  for (const p of [lamp, mug]) await app.invoke('suppliers.upsertItem', { supplierId: acme.id, productId: p.id, unitCostCents: 500 });
  const late = await app.invoke('po.create', { supplierId: acme.id, lines: [{ productId: lamp.id, quantity: 10, unitCostCents: 700 }], expectedOn: '2026-03-05' });
  const onTime = await app.invoke('po.create', { supplierId: acme.id, lines: [{ productId: mug.id, quantity: 4, unitCostCents: 300 }], expectedOn: '2026-03-20' });
  const draft = await app.invoke('po.create', { supplierId: acme.id, lines: [{ productId: mug.id, quantity: 100, unitCostCents: 300 }] });
  await app.invoke('po.send', { po: late.id });
  await app.invoke('po.send', { po: onTime.id });

  // Drafts are not on order; 6 of the 10 lamps arrive.
  await app.invoke('po.receive', { po: late.id, lines: [{ code: 'LAMP', quantity: 6 }] });
  let board = await app.invoke('purchasing.dashboard', {});
  expect(board).toEqual({ valueOnOrder: [{ currency: 'USD', cents: 4 * 700 + 4 * 300 }], openPos: 2, latePos: [] });
  expect(draft.number).toBeTruthy();

  app.clock.set(new Date(2026, 2, 9, 9, 0)); // the lamps were due on the 5th
  board = await app.invoke('purchasing.dashboard', {});
  expect(board.latePos).toEqual([{ id: late.id, number: late.number, supplier: 'Acme Supply', expectedOn: '2026-03-05', daysLate: 4 }]);

  // The rest arrives: nothing open, nothing late.
  await app.invoke('po.receive', { po: late.id, lines: [{ code: 'LAMP', quantity: 4 }] });
  board = await app.invoke('purchasing.dashboard', {});
  expect(board).toEqual({ valueOnOrder: [{ currency: 'USD', cents: 4 * 300 }], openPos: 1, latePos: [] });
});
