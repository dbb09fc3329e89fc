import { describe, expect, it } from 'vitest';
import { buildWarehouseLayout } from '../../../main/domain/fulfilment/layout';
import { orderByOrderLength, planPickRoute, sequenceLength } from '../../../main/domain/fulfilment/route';
import { planExactRoute } from '../../../main/domain/fulfilment/route-exact';
import { planHeuristicRoute } from '../../../main/domain/fulfilment/route-heuristic';
import { planSShapeRoute } from '../../../main/domain/fulfilment/route-s-shape';
import { buildGridBins, seededRandom } from '../../../main/domain/fulfilment/sample-warehouse';
import type { BinInput, Point } from '../../../main/domain/fulfilment/types';
import { bruteForceTourLength } from './brute-force';

const EPS = 1e-6;

function instances(bins: BinInput[], depots: Point[], seed: number, count: number, maxPicks: number) {
  const random = seededRandom(seed);
  const layouts = depots.map((d) => buildWarehouseLayout(bins, d));
  return Array.from({ length: count }, () => {
    const layout = layouts[Math.floor(random() * layouts.length)];
    const n = 1 + Math.floor(random() * maxPicks);
    return { layout, picks: Array.from({ length: n }, () => bins[Math.floor(random() * bins.length)].id) };
  });
}

describe('S-shape', () => {
  const bins = buildGridBins({ aisles: 5, baysPerBlock: 8 }); // aisles x 0..12, cross aisles -1 and 9
  const layout = buildWarehouseLayout(bins, { x: 0, y: -1 });

  it('traverses every pick aisle and makes the last a return when the count is odd', () => {
    // Two aisles: traverse both (2 x 10) + across 6 m twice.
    expect(planSShapeRoute(layout, ['A01-1-02-L', 'A03-1-02-L']).lengthM).toBeCloseTo(20 + 12);
    // Three aisles: 2 traversals, last (aisle 5, pick at y 1.5) a return of 2 x 2.5; 12 m across twice.
    expect(planSShapeRoute(layout, ['A01-1-02-L', 'A03-1-02-L', 'A05-1-02-L']).lengthM).toBeCloseTo(20 + 5 + 24);
  });

  it('visits every bin once, in the walked order', () => {
    const route = planSShapeRoute(layout, ['A03-1-05-L', 'A01-1-02-L', 'A01-1-07-R', 'A03-1-05-L']);
    expect(route.binOrder).toEqual(['A01-1-02-L', 'A01-1-07-R', 'A03-1-05-L']);
  });
});

describe('heuristic on single-block layouts', () => {
  const bins = buildGridBins({ aisles: 6, baysPerBlock: 8 });
  const depots = [{ x: 0, y: -2 }, { x: 7.5, y: -2 }, { x: 15, y: 10 }];

  it('is at least the optimum and at most S-shape (200 instances, <= 7 picks)', () => {
    for (const { layout, picks } of instances(bins, depots, 99, 200, 7)) {
      const heuristic = planHeuristicRoute(layout, picks).lengthM;
      const optimum = bruteForceTourLength(layout, picks);
      expect(heuristic).toBeGreaterThanOrEqual(optimum - EPS);
      expect(heuristic).toBeLessThanOrEqual(planSShapeRoute(layout, picks).lengthM + EPS);
    }
  });

  it('stays between the exact route and S-shape on larger instances', () => {
    for (const { layout, picks } of instances(bins, depots, 5, 60, 40)) {
      const heuristic = planHeuristicRoute(layout, picks);
      expect(heuristic.lengthM).toBeGreaterThanOrEqual(planExactRoute(layout, picks).lengthM - EPS);
      expect(heuristic.lengthM).toBeLessThanOrEqual(planSShapeRoute(layout, picks).lengthM + EPS);
      expect(sequenceLength(layout, heuristic.binOrder)).toBeCloseTo(heuristic.lengthM, 6);
    }
  });
});

describe('multi-block layouts', () => {
  const bins = buildGridBins({ aisles: 6, baysPerBlock: 5, blocks: 3 });
  const depots = [{ x: 0, y: -2 }, { x: 7.5, y: -2 }];

  it('the heuristic is at least the optimum and at most S-shape (200 instances, <= 7 picks)', () => {
    for (const { layout, picks } of instances(bins, depots, 4242, 200, 7)) {
      const heuristic = planPickRoute(layout, picks);
      expect(heuristic.method).toBe('heuristic');
      const optimum = bruteForceTourLength(layout, picks);
      expect(heuristic.lengthM).toBeGreaterThanOrEqual(optimum - EPS);
      expect(heuristic.lengthM).toBeLessThanOrEqual(planSShapeRoute(layout, picks).lengthM + EPS);
    }
  });

  it('S-shape is a real walk: its visit order is never shorter than its length claims to be', () => {
    for (const { layout, picks } of instances(bins, depots, 8, 100, 25)) {
      const route = planSShapeRoute(layout, picks);
      expect([...route.binOrder].sort()).toEqual([...new Set(picks)].sort());
      expect(sequenceLength(layout, route.binOrder)).toBeLessThanOrEqual(route.lengthM + EPS);
    }
  });

  it('usually finds the optimum on small instances', () => {
    let optimal = 0;
    const all = instances(bins, depots, 77, 100, 7);
    for (const { layout, picks } of all) {
      if (planHeuristicRoute(layout, picks).lengthM <= bruteForceTourLength(layout, picks) + EPS) optimal++;
    }
    expect(optimal).toBeGreaterThanOrEqual(95);
  });
});

describe('order-by-order baseline', () => {
  it('sums one tour per order', () => {
    const bins = buildGridBins({ aisles: 4, baysPerBlock: 6 });
    const layout = buildWarehouseLayout(bins, { x: 0, y: -2 });
    const orders = [['A01-1-02-L'], ['A04-1-06-R', 'A02-1-01-L']];
    const expected = planPickRoute(layout, orders[0]).lengthM + planPickRoute(layout, orders[1]).lengthM;
    expect(orderByOrderLength(layout, orders)).toBeCloseTo(expected);
    expect(planPickRoute(layout, orders.flat()).lengthM).toBeLessThanOrEqual(expected);
  });
});
