import { describe, expect, it } from 'vitest';
import { buildWarehouseLayout, LayoutError, locateBin } from '../../../main/domain/fulfilment/layout';
import { buildGridBins } from '../../../main/domain/fulfilment/sample-warehouse';

describe('buildWarehouseLayout', () => {
  it('puts each aisle on the centre line between its two pick faces', () => {
    const bins = buildGridBins({ aisles: 3, baysPerBlock: 4, aisleSpacingM: 4 });
    const layout = buildWarehouseLayout(bins, { x: 0, y: -2 });
    expect(layout.aisles.map((a) => a.x)).toEqual([0, 4, 8]);
    expect(layout.aisles.map((a) => a.ids)).toEqual([['A01'], ['A02'], ['A03']]);
    const bin = locateBin(layout, 'A02-1-03-R')!;
    expect(bin.point).toEqual({ x: 4, y: 2.5, aisle: 1, cross: null });
  });

  it('infers front and back cross aisles and the aisle length for one block', () => {
    const layout = buildWarehouseLayout(buildGridBins({ aisles: 2, baysPerBlock: 10 }), { x: 0, y: -1.5 });
    expect(layout.crossAislesY).toEqual([-1, 11]);
    expect(layout.blockCount).toBe(1);
    expect(layout.aisleLengthM).toBe(12);
  });

  it('finds a middle cross aisle where no aisle has a bin', () => {
    const bins = buildGridBins({ aisles: 4, baysPerBlock: 5, blocks: 3, crossAisleWidthM: 2 });
    const layout = buildWarehouseLayout(bins, { x: 0, y: -1 });
    // Blocks span y 0-5, 7-12, 14-19; middle cross aisles at the gaps' centres.
    expect(layout.crossAislesY).toEqual([-1, 6, 13, 20]);
    expect(layout.blockCount).toBe(3);
    expect(locateBin(layout, 'A01-2-01-L')!.block).toBe(1);
    expect(locateBin(layout, 'A01-3-05-R')!.block).toBe(2);
  });

  it('merges differently labelled aisles that share a centre line', () => {
    const layout = buildWarehouseLayout(
      [
        { id: 'a', aisle: 'North-1', x: 0, y: 1 },
        { id: 'b', aisle: 'South-1', x: 0.2, y: 10 },
        { id: 'c', aisle: 'North-2', x: 3, y: 1 },
      ],
      { x: 0, y: -2 },
    );
    expect(layout.aisles).toHaveLength(2);
    expect(layout.aisles[0].ids).toEqual(['North-1', 'South-1']);
    expect(locateBin(layout, 'b')!.point.x).toBe(0);
  });

  it('connects the depot to its nearest cross aisle and records the stub', () => {
    const bins = buildGridBins({ aisles: 3, baysPerBlock: 4 });
    const between = buildWarehouseLayout(bins, { x: 1.5, y: -3 });
    // Bins at y 0.5-3.5, so cross aisles at -1 and 5.
    expect(between.depotAccess).toEqual({ x: 1.5, y: -1, aisle: null, cross: 0 });
    expect(between.depotStubM).toBeCloseTo(2);
    const outside = buildWarehouseLayout(bins, { x: -2, y: 6 });
    expect(outside.depotAccess).toEqual({ x: 0, y: 5, aisle: 0, cross: 1 });
    expect(outside.depotStubM).toBeCloseTo(3);
  });

  it('accepts explicit cross aisles and rejects bins outside them', () => {
    const bins = [{ id: 'a', aisle: 'A', x: 0, y: 5 }];
    expect(buildWarehouseLayout(bins, { x: 0, y: 0 }, { crossAislesY: [0, 10] }).aisleLengthM).toBe(10);
    expect(() => buildWarehouseLayout(bins, { x: 0, y: 0 }, { crossAislesY: [6, 10] })).toThrow(LayoutError);
  });

  it('rejects duplicate bins and empty layouts, and never resolves inherited names', () => {
    expect(() => buildWarehouseLayout([], { x: 0, y: 0 })).toThrow(LayoutError);
    const dup = [
      { id: 'a', aisle: 'A', x: 0, y: 1 },
      { id: 'a', aisle: 'A', x: 0, y: 2 },
    ];
    expect(() => buildWarehouseLayout(dup, { x: 0, y: 0 })).toThrow(/duplicate/);
    const layout = buildWarehouseLayout([{ id: 'a', aisle: 'A', x: 0, y: 1 }], { x: 0, y: 0 });
    expect(locateBin(layout, 'constructor')).toBeUndefined();
    expect(locateBin(layout, 'toString')).toBeUndefined();
  });
});
