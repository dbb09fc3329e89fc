import { describe, expect, it } from 'vitest';
import { buildWarehouseLayout } from '../../../main/domain/fulfilment/layout';
import { NotSingleBlockError, planExactRoute } from '../../../main/domain/fulfilment/route-exact';
import { reachableStates, STATES } from '../../../main/domain/fulfilment/route-exact-states';
import { sequenceLength } from '../../../main/domain/fulfilment/route';
import { buildGridBins, seededRandom } from '../../../main/domain/fulfilment/sample-warehouse';
import type { Point } from '../../../main/domain/fulfilment/types';
import { bruteForceTourLength } from './brute-force';

const bins = buildGridBins({ aisles: 6, baysPerBlock: 8 });

function randomInstance(random: () => number, maxPicks: number) {
  const depots: Point[] = [
    { x: 0, y: -2 }, // front of the first aisle
    { x: 6, y: -1 }, // front of a middle aisle
    { x: 7.3, y: -3 }, // between aisles
    { x: 20, y: -2 }, // right of all aisles
    { x: 4.5, y: 12 }, // at the back
  ];
  const depot = depots[Math.floor(random() * depots.length)];
  const count = 1 + Math.floor(random() * maxPicks);
  const picks = Array.from({ length: count }, () => bins[Math.floor(random() * bins.length)].id);
  return { layout: buildWarehouseLayout(bins, depot), picks };
}

describe('Ratliff–Rosenthal state space', () => {
  it('derives exactly the 7 equivalence classes, all reachable', () => {
    expect(STATES).toHaveLength(7);
    expect(reachableStates().size).toBe(7);
  });
});

describe('planExactRoute', () => {
  it('equals the brute-force optimum on 200 random small instances', () => {
    const random = seededRandom(20240601);
    for (let i = 0; i < 200; i++) {
      const { layout, picks } = randomInstance(random, 7);
      const route = planExactRoute(layout, picks);
      const optimum = bruteForceTourLength(layout, picks);
      expect(Math.abs(route.lengthM - optimum), `instance ${i}: ${picks.join(',')}`).toBeLessThan(1e-6);
    }
  });

  it('returns a visit order whose walk is the optimal length', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const { layout, picks } = randomInstance(random, 30);
      const route = planExactRoute(layout, picks);
      expect([...route.binOrder].sort()).toEqual([...new Set(picks)].sort());
      expect(sequenceLength(layout, route.binOrder)).toBeCloseTo(route.lengthM, 6);
    }
  });

  it('walks the textbook cases', () => {
    const layout = buildWarehouseLayout(bins, { x: 0, y: -2 }); // cross aisles -1 and 9, stub 1
    // One pick deep in the first aisle (y 7.5): in and out.
    expect(planExactRoute(layout, ['A01-1-08-L']).lengthM).toBeCloseTo(2 * 1 + 2 * 8.5);
    // Picks deep in aisles 1 and 3: a full loop (2 aisle lengths + 2 x 6 m across).
    expect(planExactRoute(layout, ['A01-1-08-L', 'A03-1-08-R']).lengthM).toBeCloseTo(2 + 2 * 10 + 12);
    expect(planExactRoute(layout, []).lengthM).toBe(0);
    expect(planExactRoute(layout, ['A02-1-01-L', 'A02-1-01-L', 'A02-1-01-R']).binOrder).toEqual(['A02-1-01-L', 'A02-1-01-R']);
  });

  it('refuses multi-block layouts and unknown bins', () => {
    const multi = buildWarehouseLayout(buildGridBins({ aisles: 2, baysPerBlock: 3, blocks: 2 }), { x: 0, y: -1 });
    expect(() => planExactRoute(multi, ['A01-1-01-L'])).toThrow(NotSingleBlockError);
    const layout = buildWarehouseLayout(bins, { x: 0, y: -1 });
    expect(() => planExactRoute(layout, ['nope'])).toThrow(RangeError);
  });
});
