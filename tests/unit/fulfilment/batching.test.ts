import { describe, expect, it } from 'vitest';
import { planPickBatches, type PickOrder } from '../../../main/domain/fulfilment/batching';
import { buildWarehouseLayout } from '../../../main/domain/fulfilment/layout';
import { planPickRoute, sequenceLength } from '../../../main/domain/fulfilment/route';
import { buildGridBins, generateOrderHistory, sampleSkus } from '../../../main/domain/fulfilment/sample-warehouse';

const bins = buildGridBins({ aisles: 8, baysPerBlock: 10, aislesPerZone: 4 });
const layout = buildWarehouseLayout(bins, { x: 0, y: -2 });
const skus = sampleSkus(bins, 3);
const history = generateOrderHistory(skus, { days: 2, ordersPerDay: 60, seed: 11, startDate: '2025-03-03' });
const orders = history.flatMap((d) => d.orders);
const today = '2025-03-03';

function order(id: string, bin: string, extra: Partial<PickOrder> = {}): PickOrder {
  return { id, priority: 1, promisedDate: '2025-03-05', lines: [{ bin, sku: `S-${bin}`, qty: 1 }], ...extra };
}

describe('planPickBatches', () => {
  const batches = planPickBatches(orders, { layout, today, cartCapacity: 6 });

  it('never puts more orders on a cart than it has totes, one tote per order', () => {
    for (const batch of batches) {
      expect(batch.orders.length).toBeLessThanOrEqual(6);
      expect(batch.orders.map((o) => o.tote)).toEqual(batch.orders.map((_, i) => i + 1));
    }
  });

  it('lists every order line exactly once, in its own tote', () => {
    const seen = batches.flatMap((b) =>
      b.picks.map((p) => {
        const tote = b.orders.find((o) => o.orderId === p.orderId)!.tote;
        expect(p.tote).toBe(tote);
        return `${p.orderId}/${p.lineId}`;
      }),
    );
    const expected = orders.flatMap((o) => o.lines.map((l) => `${o.id}/${l.lineId}`));
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('gives urgent orders (high priority or promised today) a cart each, first', () => {
    const urgentIds = orders.filter((o) => o.priority >= 8 || o.promisedDate <= today).map((o) => o.id);
    expect(urgentIds.length).toBeGreaterThan(0);
    const urgent = batches.filter((b) => b.urgent);
    expect(urgent.map((b) => b.orders[0].orderId).sort()).toEqual([...urgentIds].sort());
    for (const b of urgent) expect(b.orders).toHaveLength(1);
    const firstRegular = batches.findIndex((b) => !b.urgent);
    expect(batches.slice(firstRegular).every((b) => !b.urgent)).toBe(true);
  });

  it('keeps each cart within one zone set when grouping by zone', () => {
    for (const b of batches) {
      for (const p of b.picks) expect(b.zoneKey!.split('+')).toContain(layout.bins[p.bin].zone);
    }
  });

  it('lists picks in route order with the route length', () => {
    for (const b of batches) {
      const binOrder = [...new Set(b.picks.map((p) => p.bin))];
      expect(sequenceLength(layout, binOrder)).toBeCloseTo(b.routeLengthM, 6);
      expect(b.routeLengthM).toBeCloseTo(planPickRoute(layout, binOrder).lengthM, 6);
      const stops = b.picks.map((p) => p.stop!);
      expect(stops).toEqual([...stops].sort((x, y) => x - y));
    }
  });

  it('orders carts by promise date, then priority', () => {
    const cart = planPickBatches(
      [
        order('late', 'A01-1-01-L', { promisedDate: '2025-03-09' }),
        order('low', 'A01-1-02-L', { priority: 1 }),
        order('high', 'A01-1-03-L', { priority: 5 }),
      ],
      { layout, today, cartCapacity: 1 },
    );
    expect(cart.map((b) => b.orders[0].orderId)).toEqual(['high', 'low', 'late']);
  });

  it('prefers orders in aisles the cart already walks', () => {
    const result = planPickBatches(
      [order('a-seed', 'A01-1-05-L'), order('b-far', 'A08-1-05-L'), order('c-near', 'A01-1-09-R')],
      { layout, today, cartCapacity: 2, groupByZone: false },
    );
    expect(result[0].orders.map((o) => o.orderId)).toEqual(['a-seed', 'c-near']);
    expect(result[1].orders.map((o) => o.orderId)).toEqual(['b-far']);
  });

  it('keeps lines in unknown bins at the end, marked unlocated, and names lines', () => {
    const [batch] = planPickBatches(
      [{ id: 'o1', priority: 9, promisedDate: today, lines: [
        { bin: 'missing', sku: 'X', qty: 1 },
        { bin: 'A02-1-03-L', sku: 'Y', qty: 2, lot: 'L7' },
      ] }],
      { layout, today, cartCapacity: 4, productNames: { Y: 'Yo-yo' } },
    );
    expect(batch.picks.map((p) => [p.bin, p.name, p.located, p.stop, p.lot])).toEqual([
      ['A02-1-03-L', 'Yo-yo', true, 1, 'L7'],
      ['missing', 'X', false, null, null],
    ]);
  });

  it('rejects a cart without capacity', () => {
    expect(() => planPickBatches(orders, { layout, today, cartCapacity: 0 })).toThrow(RangeError);
  });
});
