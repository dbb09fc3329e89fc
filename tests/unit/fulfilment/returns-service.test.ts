import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { runInvariantChecks } from '../../../main/domain/system/checks';
import { detectTrackingFormat } from '../../../main/domain/shipping/tracking-numbers';
import { binOnHand, fulfilmentShop, level, order, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
let second: App | undefined;
afterEach(async () => {
  await second?.close();
  await app?.cleanup();
  app = second = undefined;
});

async function shippedOrder(a: FulfilmentApp) {
  const o = await order(a, [{ sku: 'CAP', quantity: 4 }]);
  await a.invoke('shipping.ship', { orderId: o.id });
  return a.invoke('orders.get', { id: o.id });
}

const movements = async (a: FulfilmentApp, reference: string) =>
  await a.store.raw<{ kind: string; quantity: number; bin: string }>(
    'select m.kind, m.quantity, bin.code as bin from stock_movement m join bin on bin.id = m.bin_id where m.reference = ? order by m.id',
    reference,
  );

describe('returns', () => {
  it('grades each unit into the ledger: resellable to a pick bin, damaged scrapped, defective quarantined', async () => {
    app = await fulfilmentShop();
    const o = await shippedOrder(app);
    expect(o.status).toBe('shipped');
    expect(await level(app, 'CAP')).toMatchObject({ on_hand: 6, sellable: 6 });
    const lineId = o.orderLines[0].id;
    await expect(app.invoke('returns.create', { orderId: o.id, reason: 'too big', lines: [{ orderLineId: lineId, qty: 5 }] })).rejects.toThrow(/Only 4 × CAP/);
    const rma = await app.invoke('returns.create', { orderId: o.id, reason: 'too big', lines: [{ orderLineId: lineId, qty: 3 }] });
    expect(rma).toMatchObject({ status: 'open', refundCents: 3 * 2200, number: expect.stringMatching(/^RMA-\d{5}$/) });
    await expect(app.invoke('returns.grade', { rmaId: rma.id, lineId: rma.lines[0].id, grade: 'resellable' })).rejects.toThrow(/not been received/);

    const received = await app.invoke('returns.receive', { code: rma.number });
    expect(received.status).toBe('received');
    expect(await app.invoke('returns.refunds', {})).toEqual([expect.objectContaining({ rmaNumber: rma.number, amountCents: 6600, orderNumber: o.number })]);

    const line = rma.lines[0].id;
    await expect(app.invoke('returns.grade', { rmaId: rma.id, lineId: line, grade: 'damaged', disposition: 'restock' })).rejects.toThrow(/cannot be restocked/);

    // Resellable: a `return` movement into the product's pick bin, sellable again.
    await app.invoke('returns.grade', { rmaId: rma.id, lineId: line, grade: 'resellable' });
    expect(await movements(app, rma.number)).toEqual([{ kind: 'return', quantity: 1, bin: 'A02-05' }]);
    expect(await level(app, 'CAP')).toMatchObject({ on_hand: 7, sellable: 7 });

    // Damaged (default scrap): arrives in the returns bin and is scrapped from it; nothing left.
    await app.invoke('returns.grade', { rmaId: rma.id, lineId: line, grade: 'damaged' });
    expect((await movements(app, rma.number)).slice(1)).toEqual([
      { kind: 'return', quantity: 1, bin: 'RET-01' },
      { kind: 'scrap', quantity: -1, bin: 'RET-01' },
    ]);
    expect(await binOnHand(app, 'CAP', 'RET-01')).toBe(0);
    expect(await level(app, 'CAP')).toMatchObject({ on_hand: 7, sellable: 7 });

    // Defective (default quarantine): on hand, but not sellable.
    const closed = await app.invoke('returns.grade', { rmaId: rma.id, lineId: line, grade: 'defective' });
    expect((await movements(app, rma.number)).slice(3)).toEqual([{ kind: 'return', quantity: 1, bin: 'QRN-01' }]);
    expect(await level(app, 'CAP')).toMatchObject({ on_hand: 8, sellable: 7 });
    expect(closed.status).toBe('closed');
    expect(closed.lines[0].units.map((u) => [u.grade, u.disposition, u.bin])).toEqual([
      ['resellable', 'restock', 'A02-05'],
      ['damaged', 'scrap', 'RET-01'],
      ['defective', 'quarantine', 'QRN-01'],
    ]);
    expect(await app.invoke('returns.reasons', {})).toEqual([expect.objectContaining({ sku: 'CAP', reasonCode: 'too_large', reason: 'Too large', units: 3, rmas: 1, returnRate: 0.75 })]);
    expect((await runInvariantChecks(app.services.core)).problems).toEqual([]);
  });

  it('receives by order number and refuses a second receipt', async () => {
    app = await fulfilmentShop();
    const o = await shippedOrder(app);
    await app.invoke('returns.create', { orderId: o.id, reason: 'changed mind', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }], refundCents: 1500 });
    const r = await app.invoke('returns.receive', { code: o.number });
    expect(r).toMatchObject({ status: 'received', refundCents: 1500 });
    await expect(app.invoke('returns.receive', { code: r.number })).rejects.toThrow(/already received/);
  });

  it('lets only one of two stations receive the same parcel: one receipt, one refund', async () => {
    const a = (app = await fulfilmentShop());
    const o = await shippedOrder(a);
    const rma = await a.invoke('returns.create', { orderId: o.id, reason: 'changed mind', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }], refundCents: 1500 });
    // A second process on the same database, as a second station server would be.
    second = await openApp({ dbPath: a.store.path });
    const results = await Promise.allSettled([a.invoke('returns.receive', { code: rma.number }), second.invoke('returns.receive', { code: rma.number })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(String(lost[0].reason.message)).toMatch(/already received|just received at another station/);
    expect(await a.invoke('returns.refunds', {})).toEqual([expect.objectContaining({ rmaNumber: rma.number, amountCents: 1500 })]);
  });

  it('lists refunds between two dates, both days included', async () => {
    app = await fulfilmentShop();
    const o = await shippedOrder(app);
    const rma = await app.invoke('returns.create', { orderId: o.id, reason: 'changed mind', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }], refundCents: 900 });
    app.clock.set(new Date('2026-03-10T23:30:00Z'));
    await app.invoke('returns.receive', { code: rma.number });
    const numbers = async (range: { from?: string; to?: string }) => (await app!.invoke('returns.refunds', range)).map((r) => r.rmaNumber);
    expect(await numbers({ from: '2026-03-10', to: '2026-03-10' })).toEqual([rma.number]);
    expect(await numbers({ to: '2026-03-10' })).toEqual([rma.number]);
    expect(await numbers({ to: '2026-03-09' })).toEqual([]);
    expect(await numbers({ from: '2026-03-11' })).toEqual([]);
  });
});

describe('return labels', () => {
  it('an RMA can come with a prepaid label from the customer back to the warehouse, without touching order or stock', async () => {
    app = await fulfilmentShop();
    const o = await shippedOrder(app);
    const stockBefore = await level(app, 'CAP');
    const rma = await app.invoke('returns.create', { orderId: o.id, reason: 'wrong size', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }], returnLabel: true });
    expect(rma.returnLabel).toMatchObject({ trackingNumber: expect.any(String), status: 'label_created' });
    expect(rma.returnTracking).toBe(rma.returnLabel!.trackingNumber);
    expect(detectTrackingFormat(rma.returnLabel!.trackingNumber!)).not.toBeNull();
    const label = await app.invoke('shipping.shipment', { id: rma.returnLabel!.shipmentId });
    expect(label.direction).toBe('return');
    // Addressed to the warehouse, from the customer.
    expect(label.shipTo.postalCode).not.toBe(o.shipTo!.postalCode);
    const preview = await app.invoke('shipping.labelPreview', { packageId: rma.returnLabel!.packageId! });
    expect(preview.svg).toContain(o.shipTo!.name);
    expect((await app.invoke('orders.get', { id: o.id })).status).toBe('shipped');
    expect(await level(app, 'CAP')).toEqual(stockBefore);
    expect((await runInvariantChecks(app.services.core)).ok).toBe(true);
  });

  it('without asking for one, no label is made', async () => {
    app = await fulfilmentShop();
    const o = await shippedOrder(app);
    const rma = await app.invoke('returns.create', { orderId: o.id, reason: 'changed mind', lines: [{ orderLineId: o.orderLines[0].id, qty: 1 }] });
    expect(rma.returnLabel).toBeNull();
    expect((await app.store.raw<{ n: number }>("select count(*) as n from shipment where direction = 'return'"))[0].n).toBe(0);
  });
});
