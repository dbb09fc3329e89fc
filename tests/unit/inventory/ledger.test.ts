import { mapInOrder } from '../../../main/util/in-order';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { reserveStock, releaseReservations, pickReserved, reservationsOf } from '../../../main/domain/inventory/reservations';
import { tempApp } from '../../helpers/temp-app';

const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
beforeEach(async () => {
  clock.set(new Date('2026-11-02T10:00:00Z'));
  app = await tempApp({ clock });
});
afterEach(() => app.cleanup());

const inv = () => app.services.inventory;
const product = (sku: string, extra: Record<string, unknown> = {}) => app.invoke('catalog.upsert', { sku, name: `Product ${sku}`, ...extra });
// These tests reserve stock for bare order-line ids (no orders exist), so only the inventory
// invariants apply; the orders invariant is tested with real orders in tests/unit/orders.
const check = async () => {
  const report = await app.services.system.check();
  const problems = report.problems.filter((p) => !p.check.startsWith('orders.'));
  return { ...report, ok: problems.length === 0, problems };
};

describe('catalog', () => {
  it('starts with warehouse MAIN and a default bin', async () => {
    const [main] = await app.invoke('warehouses.list', {});
    expect(main.code).toBe('MAIN');
    expect((await app.invoke('bins.list', { warehouse: 'MAIN' }))[0]).toMatchObject({ code: 'DEFAULT', isDefault: true });
  });

  it('treats SKUs case-insensitively and refuses GTINs with a wrong check digit', async () => {
    await product('ABC-1');
    await product('abc-1', { name: 'Renamed' });
    expect((await app.invoke('catalog.search', { query: 'ABC', limit: 10 })).map((h) => h.name)).toEqual(['Renamed']);
    await expect(product('X', { barcodes: [{ code: '4006381333932', kind: 'gtin' }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    const ok = await product('Y', { barcodes: [{ code: '4006381333931', kind: 'gtin' }, { code: 'SUP-77', kind: 'supplier' }] });
    expect(ok.barcodes).toHaveLength(2);
    expect((await app.invoke('catalog.lookup', { code: '4006381333931' }))?.sku).toBe('Y');
  });

  it('finds products by barcode exactly and by name substring', async () => {
    await product('MUG-RED', { name: 'Enamel mug, red', barcodes: [{ code: '96385074', kind: 'gtin' }] });
    await product('MUG-BLU', { name: 'Enamel mug, blue' });
    const byCode = await app.invoke('catalog.search', { query: '96385074', limit: 5 });
    expect(byCode[0]).toMatchObject({ sku: 'MUG-RED', exact: true });
    const byName = await app.invoke('catalog.search', { query: 'namel mug', limit: 5 });
    expect(byName.map((h) => h.sku).sort()).toEqual(['MUG-BLU', 'MUG-RED']);
  });
});

describe('stock ledger', () => {
  it('refuses negative on-hand and keeps balances equal to the ledger', async () => {
    await product('A');
    await app.invoke('stock.receive', { sku: 'A', quantity: 5 });
    await expect(app.invoke('stock.adjust', { sku: 'A', delta: -6, reason: 'broken' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const r = await app.invoke('stock.adjust', { sku: 'A', delta: -2, reason: 'broken' });
    expect(r).toMatchObject({ onHand: 3, available: 3 });
    expect((await check()).ok).toBe(true);
    const detail = await app.invoke('stock.detail', { productId: (await app.invoke('catalog.get', { sku: 'A' })).id });
    expect(detail.movements.map((m) => [m.kind, m.quantity, m.reason])).toEqual([
      ['adjust', -2, 'broken'],
      ['receive', 5, 'received'],
    ]);
  });

  it('rejects fractional quantities and unknown warehouses or bins, naming the field', async () => {
    await product('A');
    const frac = await app.call('stock.adjust', { sku: 'A', delta: 1.5, reason: 'x' });
    expect(frac).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(app.invoke('stock.adjust', { sku: 'A', delta: 1, reason: 'x', warehouse: 'NOPE' })).rejects.toThrow(/Unknown warehouse "NOPE"/);
    await expect(app.invoke('stock.adjust', { sku: 'A', delta: 1, reason: 'x', bin: 'Z-99' })).rejects.toThrow(/Unknown bin "Z-99"/);
  });

  it('makes the ledger append-only', async () => {
    await product('A');
    await app.invoke('stock.receive', { sku: 'A', quantity: 1 });
    await expect((async () => await app.store.raw('update stock_movement set quantity = 100'))()).rejects.toThrow(/append-only/);
    await expect((async () => await app.store.raw('delete from stock_movement'))()).rejects.toThrow(/append-only/);
  });

  it('check reports a balance that no longer equals its ledger', async () => {
    await product('A');
    await app.invoke('stock.receive', { sku: 'A', quantity: 4 });
    await app.store.raw('update stock_balance set on_hand = 9');
    const report = await check();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.check)).toContain('inventory.balances_equal_ledger');
  });

  it('values stock at moving-average cost', async () => {
    await product('A', { costCents: 100 });
    await app.invoke('stock.receive', { sku: 'A', quantity: 10, unitCostCents: 100 });
    await app.invoke('stock.receive', { sku: 'A', quantity: 10, unitCostCents: 200 });
    await app.invoke('stock.adjust', { sku: 'A', delta: -5, reason: 'sold offline' });
    const v = await app.invoke('stock.valuation', {});
    expect(v.rows[0]).toEqual({ sku: 'A', onHand: 15, avgCostCents: 150, valueCents: 2250 });
  });
});

describe('lots, expiry and FEFO', () => {
  beforeEach(async () => {
    await product('MILK', { lotTracked: true });
  });

  it('requires a lot for lot-tracked products', async () => {
    await expect(app.invoke('stock.receive', { sku: 'MILK', quantity: 1 })).rejects.toThrow(/lot code is required/);
  });

  it('does not sell expired or quarantined stock and reserves earliest expiry first', async () => {
    await app.invoke('bins.upsert', { warehouse: 'MAIN', code: 'Q-1', kind: 'quarantine' });
    await app.invoke('stock.receive', { sku: 'MILK', quantity: 5, lot: 'L-LATE', expiresOn: '2026-12-30' });
    await app.invoke('stock.receive', { sku: 'MILK', quantity: 5, lot: 'L-SOON', expiresOn: '2026-11-20' });
    await app.invoke('stock.receive', { sku: 'MILK', quantity: 5, lot: 'L-PAST', expiresOn: '2026-11-01' });
    await app.invoke('stock.receive', { sku: 'MILK', quantity: 5, lot: 'L-Q', expiresOn: '2026-12-30', bin: 'Q-1' });
    const id = (await app.invoke('catalog.get', { sku: 'MILK' })).id;
    const [main] = (await app.invoke('stock.detail', { productId: id })).availability;
    expect(main).toMatchObject({ onHand: 20, available: 10 });

    const slices = (await reserveStock(app.services.core, id, 1, 7, { type: 'order_line', id: 1 }, '2026-11-02'))!;
    const lots = await mapInOrder(slices, async (s) => (await app.store.raw<{ code: string }>('select code from lot where id = ?', s.lotId))[0].code);
    expect(lots).toEqual(['L-SOON', 'L-LATE']);
    expect(slices.map((s) => s.quantity)).toEqual([5, 2]);
    expect(await reserveStock(app.services.core, id, 1, 4, { type: 'order_line', id: 2 }, '2026-11-02')).toBeNull();
    expect((await check()).ok).toBe(true);
  });
});

describe('reservations', () => {
  it('never reserve more than is available, honour the safety buffer, and release on cancel', async () => {
    await product('A', { safetyStock: 2 });
    await app.invoke('stock.receive', { sku: 'A', quantity: 10 });
    const id = (await app.invoke('catalog.get', { sku: 'A' })).id;
    expect(await reserveStock(app.services.core, id, 1, 9, { type: 'order_line', id: 1 }, '2026-11-02')).toBeNull();
    expect(await reserveStock(app.services.core, id, 1, 8, { type: 'order_line', id: 1 }, '2026-11-02')).not.toBeNull();
    expect(await reserveStock(app.services.core, id, 1, 1, { type: 'order_line', id: 2 }, '2026-11-02')).toBeNull();
    await expect(app.invoke('stock.adjust', { sku: 'A', delta: -3, reason: 'x' })).rejects.toThrow(/reserved/);
    expect(await releaseReservations(app.services.core, { type: 'order_line', id: 1 })).toBe(8);
    expect((await app.invoke('stock.detail', { productId: id })).availability[0].available).toBe(8);
    expect((await check()).ok).toBe(true);
  });

  it('picking consumes the reservation and on-hand together', async () => {
    await product('A');
    await app.invoke('stock.receive', { sku: 'A', quantity: 10 });
    const id = (await app.invoke('catalog.get', { sku: 'A' })).id;
    await reserveStock(app.services.core, id, 1, 4, { type: 'order_line', id: 1 }, '2026-11-02');
    const [r] = await reservationsOf(app.services.core, { type: 'order_line', id: 1 });
    await pickReserved(app.services.core, r.id, 4, 'picker', 'order 1');
    const [a] = (await app.invoke('stock.detail', { productId: id })).availability;
    expect(a).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    expect((await check()).ok).toBe(true);
  });
});

describe('kits', () => {
  it('derive availability from components and cannot hold stock themselves', async () => {
    await product('CUP');
    await product('SAUCER');
    const kit = await product('SET', { components: [{ sku: 'CUP', quantity: 2 }, { sku: 'SAUCER', quantity: 1 }] });
    await app.invoke('stock.receive', { sku: 'CUP', quantity: 7 });
    await app.invoke('stock.receive', { sku: 'SAUCER', quantity: 10 });
    expect((await app.invoke('stock.detail', { productId: kit.id })).availability[0].available).toBe(3);
    await expect(app.invoke('stock.receive', { sku: 'SET', quantity: 1 })).rejects.toThrow(/kit/);
  });
});

describe('transfers and counts', () => {
  it('moves stock between warehouses through in-transit', async () => {
    await product('A');
    await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East' });
    await app.invoke('stock.receive', { sku: 'A', quantity: 10 });
    const t = await app.invoke('stock.transfer', { from: 'MAIN', to: 'EAST', lines: [{ sku: 'A', quantity: 4 }] });
    const id = (await app.invoke('catalog.get', { sku: 'A' })).id;
    let av = (await app.invoke('stock.detail', { productId: id })).availability;
    expect(av.map((a) => [a.warehouse, a.onHand, a.inTransit])).toEqual([
      ['MAIN', 6, 0],
      ['EAST', 0, 4],
    ]);
    await app.invoke('stock.receiveTransfer', { id: t.id });
    av = (await app.invoke('stock.detail', { productId: id })).availability;
    expect(av.map((a) => [a.warehouse, a.onHand, a.inTransit])).toEqual([
      ['MAIN', 6, 0],
      ['EAST', 4, 0],
    ]);
    await expect(app.invoke('stock.receiveTransfer', { id: t.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await check()).ok).toBe(true);
  });

  it('runs a blind count, reviews variances and posts only approved differences', async () => {
    await product('A');
    await product('B');
    await app.invoke('stock.receive', { sku: 'A', quantity: 10 });
    await app.invoke('stock.receive', { sku: 'B', quantity: 5 });
    const count = await app.invoke('counts.create', { warehouse: 'MAIN', blind: true });
    expect(count.lines.every((l) => l.expected === null)).toBe(true);
    const [la, lb] = count.lines;
    await app.invoke('counts.record', { id: count.id, lines: [{ lineId: la.id, counted: 8 }, { lineId: lb.id, counted: 7 }] });
    const review = await app.invoke('counts.submit', { id: count.id });
    expect(review.lines.map((l) => l.variance)).toEqual([-2, 2]);
    await app.invoke('counts.post', { id: count.id, decisions: [{ lineId: la.id, approve: true }, { lineId: lb.id, approve: false }] });
    const rows = (await app.invoke('stock.list', {})).rows;
    expect(rows.map((r) => [r.sku, r.onHand])).toEqual([
      ['A', 8],
      ['B', 5],
    ]);
    expect((await check()).ok).toBe(true);
  });
});

describe('aging', () => {
  it('splits non-lot stock into receipt layers, newest first', async () => {
    await product('A', { costCents: 100 });
    await app.invoke('stock.receive', { sku: 'A', quantity: 5 });
    clock.advance(40 * 86_400_000);
    await app.invoke('stock.receive', { sku: 'A', quantity: 3 });
    await app.invoke('stock.adjust', { sku: 'A', delta: -4, reason: 'sold' });
    const rows = await app.invoke('stock.aging', {});
    expect(rows.map((r) => [r.quantity, r.ageDays])).toEqual([
      [3, 0],
      [1, 40],
    ]);
  });
});
