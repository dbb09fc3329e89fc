import { describe, expect, it } from 'vitest';
import { binDistance, distanceFromDepot, graphDistance } from '../../../main/domain/fulfilment/aisle-graph';
import { buildWarehouseLayout, locateBin } from '../../../main/domain/fulfilment/layout';
import { buildGridBins } from '../../../main/domain/fulfilment/sample-warehouse';

// 4 aisles at x = 0, 3, 6, 9; bins at y = 0.5 .. 9.5; cross aisles at y = -1 and 11.
const single = buildWarehouseLayout(buildGridBins({ aisles: 4, baysPerBlock: 10 }), { x: 0, y: -1 }, { crossAisleClearanceM: 1.5 });

describe('graphDistance', () => {
  it('walks straight along one aisle', () => {
    expect(binDistance(single, 'A02-1-01-L', 'A02-1-10-R')).toBeCloseTo(9);
  });

  it('leaves through the cheaper end when changing aisle', () => {
    // y 1.5 -> front (-1) is 2.5 each way: 2.5 + 3 + 2.5.
    expect(binDistance(single, 'A01-1-02-L', 'A02-1-02-L')).toBeCloseTo(8);
    // y 8.5 -> back (11) is 2.5 each way.
    expect(binDistance(single, 'A01-1-09-L', 'A03-1-09-L')).toBeCloseTo(11);
    // Front for one, back for the other: either way the aisle length is walked.
    expect(binDistance(single, 'A01-1-01-L', 'A02-1-10-L')).toBeCloseTo(12 + 3);
  });

  it('is symmetric and counts the depot stub', () => {
    const p = locateBin(single, 'A03-1-05-R')!.point;
    const q = locateBin(single, 'A01-1-08-L')!.point;
    expect(graphDistance(single, p, q)).toBeCloseTo(graphDistance(single, q, p));
    expect(distanceFromDepot(single, p)).toBeCloseTo(single.depotStubM + 6 + 5.5);
  });

  it('uses middle cross aisles in multi-block layouts', () => {
    const multi = buildWarehouseLayout(buildGridBins({ aisles: 3, baysPerBlock: 5, blocks: 2 }), { x: 0, y: -1 });
    // Cross aisles at -1, 6, 13. Bay 5 of block 1 (y 4.5) to bay 1 of block 2 (y 7.5), next aisle.
    expect(binDistance(multi, 'A01-1-05-L', 'A02-2-01-L')).toBeCloseTo(1.5 + 3 + 1.5);
    // Same aisle, different blocks: straight through the middle cross aisle.
    expect(binDistance(multi, 'A01-1-05-L', 'A01-2-01-L')).toBeCloseTo(3);
  });

  it('detours to an aisle when a point between aisles changes cross aisle', () => {
    const between = buildWarehouseLayout(buildGridBins({ aisles: 2, baysPerBlock: 4 }), { x: 1, y: -5 });
    // Aisles at x 0 and 3, cross aisles at y -1 and 5; the depot joins at (1, -1).
    const backOfAisle2 = { x: 3, y: 5, aisle: 1, cross: 1 };
    const backBetween = { x: 2, y: 5, aisle: null, cross: 1 };
    // To (2, back): no aisle between x 1 and 2, so detour 1 m to x=0 or x=3 and back.
    expect(graphDistance(between, between.depotAccess, backBetween)).toBeCloseTo(1 + 2 + 6);
    expect(graphDistance(between, between.depotAccess, backOfAisle2)).toBeCloseTo(2 + 6);
  });
});
