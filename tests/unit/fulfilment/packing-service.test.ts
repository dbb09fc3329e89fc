import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from '../../../main/devices/simulators';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
let second: App | undefined;
let printer: PrinterSimulator | undefined;
let scale: ScaleSimulator | undefined;
afterEach(async () => {
  await second?.close();
  await app?.cleanup();
  await printer?.close();
  await scale?.close();
  app = second = printer = scale = undefined;
});

/** A shop with a real (simulated) label printer on loopback TCP and a scale on a socat pty. */
async function station(withScale: boolean) {
  printer = await startPrinterSimulator();
  app = await fulfilmentShop({ workers: true });
  await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
  if (withScale) {
    scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
    scale.setWeight(0);
    await app.invoke('scales.upsert', { name: 'Bench scale', protocol: 'nci', port: scale.path });
  }
  await app.invoke('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra', scale: withScale ? 'Bench scale' : null });
  await app.invoke('stations.upsert', { name: 'Station 2', shippingLabelPrinter: 'Zebra' });
  return app;
}

async function pickedOrder(a: FulfilmentApp, lines = [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCK', quantity: 2 }]) {
  const o = await order(a, lines);
  const [batch] = await a.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
  await pickEverything(a, batch.id);
  return { order: o, tote: batch.totes[0].toteCode };
}

describe('packing station', () => {
  it('refuses a wrong item, blocks a weight mismatch until a supervisor overrides, then ships and prints', async () => {
    const a = await station(true);
    const { order: o, tote } = await pickedOrder(a);
    const session = await a.invoke('packing.open', { station: 'Station 1', code: tote });
    expect(session).toMatchObject({ orderId: o.id, step: 'verify', labelUnlocked: false });
    expect(session.lines.map((l) => [l.sku, l.expectedQty, l.verifiedQty])).toEqual([
      ['CAP', 1, 0],
      ['SOCK', 2, 0],
    ]);

    const wrong = await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-BOOK' });
    expect(wrong).toMatchObject({ ok: false, sku: 'BOOK' });
    expect(wrong.message).toBe(`WRONG ITEM: BOOK (Field Guide) is not in order ${o.number} — put it back`);
    expect((await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-CAP' })).ok).toBe(true);
    await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-SOCK' });
    await expect(a.invoke('packing.weigh', { sessionId: session.id })).rejects.toThrow(/Verify every item/);
    const last = await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SOCK' });
    expect(last.session).toMatchObject({ allVerified: true, step: 'weigh', box: expect.objectContaining({ code: 'BOX-S', suggested: true }) });
    const tooMany = await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-SOCK' });
    expect(tooMany.message).toMatch(/^TOO MANY/);
    // 150 + 2 × 80 + 100 g box tare.
    expect(last.session.weight).toMatchObject({ expectedG: 410, tolerancePercent: 5, toleranceG: 21 });

    // The cap is missing from the box: the scale reads 260 g.
    scale!.setWeight(260);
    const blocked = await a.invoke('packing.weigh', { sessionId: session.id });
    expect(blocked.weight).toMatchObject({ measuredG: 260, ok: false });
    expect(blocked.weight.explanation).toBe('expected 410 g ± 5 %, read 260 g — a 150 g item may be missing (CAP weighs 150 g)');
    expect(blocked.labelUnlocked).toBe(false);
    await expect(a.invoke('packing.ship', { sessionId: session.id })).rejects.toThrow(/Label locked: the weight does not match/);

    const overridden = await a.invoke('packing.override', { sessionId: session.id, reason: 'cap ships separately', supervisor: 'Maria' });
    expect(overridden).toMatchObject({ labelUnlocked: true, step: 'ship', weight: expect.objectContaining({ overridden: true, overrideBy: 'Maria' }) });

    const rates = await a.invoke('packing.rates', { sessionId: session.id });
    expect(rates.packages[0]).toMatchObject({ boxCode: 'BOX-S', weightG: 260 });
    const shipped = await a.invoke('packing.ship', { sessionId: session.id });
    expect(shipped.trackingNumbers).toHaveLength(1);
    const [label] = await printer!.waitForJobs(1, 10_000);
    expect(label.text).toContain('^XA');
    expect(label.text).toContain(shipped.trackingNumbers[0].slice(-8));
    expect((await a.invoke('orders.get', { id: o.id })).status).toBe('shipped');
    expect(shipped.session).toMatchObject({ status: 'shipped', step: 'done' });
    const kinds = shipped.session.events.map((e) => e.kind).reverse();
    expect(kinds).toEqual(['claim', 'scan_order', 'wrong_item', 'verify', 'line_done', 'verify', 'verify', 'line_done', 'box', 'wrong_item', 'weight', 'mismatch', 'override', 'rate', 'label', 'shipped']);
    // The station is free for the next scan.
    expect(await a.invoke('packing.current', { station: 'Station 1' })).toBeNull();
  });

  it("names another order's number scanned in the middle of packing, instead of calling it an unknown product", async () => {
    const a = await station(false);
    const { order: open, tote } = await pickedOrder(a);
    const other = await order(a, [{ sku: 'CAP', quantity: 1 }]);
    const session = await a.invoke('packing.open', { station: 'Station 1', code: tote });
    const scanned = await a.invoke('packing.scanItem', { sessionId: session.id, code: other.number });
    expect(scanned).toMatchObject({ ok: false, sku: null });
    expect(scanned.message).toBe(`OTHER ORDER ${other.number}: finish or release order ${open.number} first — it is not a product`);
    // A code that names nothing is still an unknown product.
    expect((await a.invoke('packing.scanItem', { sessionId: session.id, code: 'NOPE-123' })).message).toBe('UNKNOWN CODE NOPE-123: not a product we know — put it aside');
  });

  it('passes a parcel within tolerance (typed weight at a station without a scale)', async () => {
    const a = await station(false);
    const { order: o } = await pickedOrder(a, [{ sku: 'BOOK', quantity: 1 }]);
    const session = await a.invoke('packing.open', { station: 'Station 2', code: o.number });
    await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-BOOK' });
    const weighed = await a.invoke('packing.weigh', { sessionId: session.id, grams: 590 });
    expect(weighed.weight).toMatchObject({ expectedG: 600, ok: true, explanation: null });
    expect(weighed.labelUnlocked).toBe(true);
  });

  it('lets only one of two stations claim the same order', async () => {
    const a = await station(false);
    const { order: o } = await pickedOrder(a, [{ sku: 'BOOK', quantity: 1 }]);
    // A second process on the same database file, as a second station server would be.
    second = await openApp({ dbPath: a.store.path });
    const results = await Promise.allSettled([
      a.invoke('packing.open', { station: 'Station 1', code: o.number }, { actor: 'ann', role: 'packer' }),
      second.invoke('packing.open', { station: 'Station 2', code: o.number }, { actor: 'bob', role: 'packer' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(String(lost[0].reason.message)).toMatch(/already being packed at Station (1|2)|just claimed/);
    expect(await a.store.raw("select count(*) as n from pack_session where status = 'packing'")).toEqual([{ n: 1 }]);
  });
});
