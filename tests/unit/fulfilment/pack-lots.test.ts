import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
let printer: PrinterSimulator | undefined;
afterEach(async () => {
  await app?.cleanup();
  await printer?.close();
  app = printer = undefined;
});

/**
 * The fulfilment shop plus a lot-tracked jam in A02-01: L1 (2, earliest expiry), L2 (5), L3 (1,
 * latest) and OLD (3, expired before "today", so never reserved). A station with a real
 * (simulated) label printer and no scale. The shop is in New York; the clock stands at
 * 2026-03-03 02:00 UTC, which is still 2 March at the shop.
 */
async function lotShop() {
  printer = await startPrinterSimulator();
  const a = await fulfilmentShop();
  app = a;
  await a.invoke('calendar.update', { timeZone: 'America/New_York' });
  a.clock.set(new Date('2026-03-03T02:00:00Z'));
  await a.invoke('catalog.upsert', { sku: 'JAM', name: 'Plum Jam', priceCents: 900, weightG: 300, lengthMm: 80, widthMm: 80, heightMm: 90, lotTracked: true, barcodes: [{ code: 'SUP-JAM', kind: 'supplier' }] });
  await a.invoke('catalog.upsert', { sku: 'HONEY', name: 'Heather Honey', priceCents: 1400, weightG: 400, lengthMm: 80, widthMm: 80, heightMm: 90, lotTracked: true });
  const receive = (sku: string, lot: string, expiresOn: string, quantity: number) => a.invoke('stock.receive', { sku, warehouse: 'MAIN', bin: 'A02-01', lot, expiresOn, quantity });
  await receive('JAM', 'L1', '2026-06-30', 2);
  await receive('JAM', 'L2', '2026-09-30', 5);
  await receive('JAM', 'L3', '2026-12-31', 1);
  await receive('JAM', 'OLD', '2026-02-01', 3);
  await receive('HONEY', 'H1', '2027-01-31', 4);
  await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
  await a.invoke('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra' });
  return a;
}

/** Three jams ordered, batched and picked (FEFO: 2 × L1 and 1 × L2), claimed at Station 1. */
async function pickedJamOrder(a: FulfilmentApp) {
  const o = await order(a, [{ sku: 'JAM', quantity: 3 }]);
  const [batch] = await a.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
  await pickEverything(a, batch.id);
  const session = await a.invoke('packing.open', { station: 'Station 1', code: batch.totes[0].toteCode });
  return { order: o, session };
}

const scan = (a: FulfilmentApp, sessionId: number, lot?: string) => a.invoke('packing.scanItem', { sessionId, code: 'SUP-JAM', ...(lot ? { lot } : {}) });

async function weighAndShip(a: FulfilmentApp, sessionId: number) {
  const s = await a.invoke('packing.get', { sessionId });
  await a.invoke('packing.weigh', { sessionId, grams: s.weight.expectedG });
  return a.invoke('packing.ship', { sessionId });
}

describe('lot traceability at the pack station', () => {
  it('shows the picked lots, asks which lot when several were picked, refuses expired, unknown, unpicked and used-up lots, and records the right ones', async () => {
    const a = await lotShop();
    const { order: o, session } = await pickedJamOrder(a);
    expect(session.lines[0].pickedLots).toEqual([
      { lot: 'L1', expiresOn: '2026-06-30', expired: false, pickedQty: 2, packedQty: 0 },
      { lot: 'L2', expiresOn: '2026-09-30', expired: false, pickedQty: 1, packedQty: 0 },
    ]);

    const ask = await scan(a, session.id);
    expect(ask).toMatchObject({ ok: false, needsLot: true });
    expect(ask.message).toBe('LOT NEEDED: JAM was picked from 2 lots — scan the lot of this unit (picked: L1 (2), L2 (1))');

    const expired = await scan(a, session.id, 'OLD');
    expect(expired.ok).toBe(false);
    expect(expired.message).toContain('Lot OLD expired on 2026-02-01');
    const unknown = await scan(a, session.id, 'H1');
    expect(unknown.message).toContain('Lot H1 is not a lot of SKU JAM');
    const notPicked = await scan(a, session.id, 'L3');
    expect(notPicked.message).toContain('Lot L3 was not picked for this order; picked: L1 (2), L2 (1)');
    // Nothing of the refused scans is counted or recorded as packed.
    expect(notPicked.session.lines[0]).toMatchObject({ verifiedQty: 0, lots: [] });

    const right = await scan(a, session.id, 'L2');
    expect(right).toMatchObject({ ok: true, message: 'JAM ✓ 1/3 (lot L2)' });
    const usedUp = await scan(a, session.id, 'L2');
    expect(usedUp.ok).toBe(false);
    expect(usedUp.message).toContain(`all 1 of lot L2 picked for order ${o.number} are packed`);
    await scan(a, session.id, 'l1'); // typed in lower case: the lot's own code is recorded
    const last = await scan(a, session.id, 'L1');
    expect(last.session.lines[0]).toMatchObject({ verifiedQty: 3, lots: ['L2', 'L1', 'L1'] });
    expect(last.session.lines[0].pickedLots.map((l) => [l.lot, l.packedQty])).toEqual([
      ['L1', 2],
      ['L2', 1],
    ]);
    const refusals = last.session.events.filter((e) => e.kind === 'wrong_item').map((e) => e.detail.reason);
    expect(refusals.sort()).toEqual(['lot_all_packed', 'lot_expired', 'lot_not_picked', 'lot_unknown']);

    await weighAndShip(a, session.id);
    expect(await a.services.system.check()).toMatchObject({ ok: true, problems: [] });
  });

  it('takes the one lot picked when the item is scanned without a lot, and refuses it once expired by the shop calendar', async () => {
    const a = await lotShop();
    // Two jams: both from L1 (FEFO). Packed without a batch, so the reserved lot is what ships.
    const o = await order(a, [{ sku: 'JAM', quantity: 2 }]);
    const session = await a.invoke('packing.open', { station: 'Station 1', code: o.number });
    expect(session.lines[0].pickedLots.map((l) => [l.lot, l.pickedQty])).toEqual([['L1', 2]]);
    expect(await scan(a, session.id)).toMatchObject({ ok: true, message: 'JAM ✓ 1/2 (lot L1)' });

    // L1 expires on 30 June: from that shop day on it may not leave, whatever UTC's date says.
    a.clock.set(new Date('2026-07-01T02:00:00Z')); // 30 June, 22:00 in New York
    const refused = await scan(a, session.id);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Lot L1 expired on 2026-06-30');
    expect(refused.session.lines[0]).toMatchObject({ verifiedQty: 1, lots: ['L1'] });
    expect(refused.session.lines[0].pickedLots[0]).toMatchObject({ lot: 'L1', expired: true });
  });

  it('accepts a lot on the day before it expires at the shop, though UTC has reached its expiry date', async () => {
    const a = await lotShop();
    const o = await order(a, [{ sku: 'JAM', quantity: 1 }]);
    const session = await a.invoke('packing.open', { station: 'Station 1', code: o.number });
    a.clock.set(new Date('2026-06-30T02:00:00Z')); // 29 June, 22:00 in New York
    expect(await scan(a, session.id, 'L1')).toMatchObject({ ok: true });
  });

  it('check: an order packed without a batch passes, and a tampered packed lot is caught', async () => {
    const a = await lotShop();
    const o = await order(a, [{ sku: 'JAM', quantity: 2 }]);
    const session = await a.invoke('packing.open', { station: 'Station 1', code: o.number });
    await scan(a, session.id);
    await scan(a, session.id, 'L1');
    await weighAndShip(a, session.id);
    expect(await a.services.system.check()).toMatchObject({ ok: true, problems: [] });

    const jam = (await a.store.raw<{ id: number }>("select id from product where sku = 'JAM'"))[0].id;
    await a.store.raw('update pack_line set lots = ? where session_id = ? and product_id = ?', '["L1","L2"]', session.id, jam);
    const report = await a.services.system.check();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ check: 'fulfilment.packed_lots_equal_picked', message: `order ${o.number}, JAM: packed lots L1 (1), L2 (1) but the ledger's picks are L1 (2)` }),
    ]);
  });

  it('check: a batch-picked order whose packed lots were rewritten is caught', async () => {
    const a = await lotShop();
    const { order: o, session } = await pickedJamOrder(a);
    for (const lot of ['L1', 'L1', 'L2']) await scan(a, session.id, lot);
    await weighAndShip(a, session.id);
    expect((await a.services.system.check()).ok).toBe(true);
    await a.store.raw("update pack_line set lots = '[\"L2\",\"L2\",\"L1\"]' where session_id = ?", session.id);
    expect((await a.services.system.check()).problems).toEqual([
      expect.objectContaining({ check: 'fulfilment.packed_lots_equal_picked', message: `order ${o.number}, JAM: packed lots L1 (1), L2 (2) but the ledger's picks are L1 (2), L2 (1)` }),
    ]);
  });
});
