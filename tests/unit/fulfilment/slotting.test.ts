import { describe, expect, it } from 'vitest';
import { buildWarehouseLayout } from '../../../main/domain/fulfilment/layout';
import { buildGridBins } from '../../../main/domain/fulfilment/sample-warehouse';
import { buildSlottingReport, type PickEvent } from '../../../main/domain/fulfilment/slotting';

const bins = buildGridBins({ aisles: 6, baysPerBlock: 10 });
const layout = buildWarehouseLayout(bins, { x: 0, y: -2 });

function picksOf(counts: Record<string, [string, number]>): PickEvent[] {
  const events: PickEvent[] = [];
  let minute = 0;
  for (const [sku, [bin, n]] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) events.push({ sku, bin, at: new Date(Date.UTC(2025, 0, 1, 8, minute++)).toISOString() });
  }
  return events;
}

describe('buildSlottingReport', () => {
  // FAST sits at the far corner; SLOW items sit right by the depot.
  const picks = picksOf({
    FAST: ['A06-1-10-R', 80],
    MID: ['A03-1-05-L', 15],
    SLOW1: ['A01-1-01-L', 3],
    SLOW2: ['A01-1-01-R', 2],
  });
  const report = buildSlottingReport(picks, { layout, freeBins: [] });

  it('classes SKUs 80/15/5 by share of picks', () => {
    expect(report.skus.map((s) => [s.sku, s.class])).toEqual([
      ['FAST', 'A'],
      ['MID', 'B'],
      ['SLOW1', 'C'],
      ['SLOW2', 'C'],
    ]);
    expect(report.classCounts).toEqual({ A: 1, B: 1, C: 2 });
    expect(report.skus[0].share).toBeCloseTo(0.8);
  });

  it('flags fast movers outside the golden zone', () => {
    expect(report.farFastMovers.map((s) => s.sku)).toEqual(['FAST']);
    expect(report.goldenZoneDistanceM).toBeLessThan(report.farFastMovers[0].distanceM!);
  });

  it('swaps a far fast mover with the nearest slow mover and re-simulates the saving', () => {
    expect(report.moves).toHaveLength(1);
    const [move] = report.moves;
    expect(move.sku).toBe('FAST');
    expect(move.fromBin).toBe('A06-1-10-R');
    expect(['A01-1-01-L', 'A01-1-01-R']).toContain(move.toBin);
    expect(move.swappedSku).toMatch(/^SLOW/);
    expect(move.toDistanceM).toBeLessThan(move.fromDistanceM);
    expect(report.simulation.walkedAfterM).toBeLessThan(report.simulation.walkedBeforeM);
    expect(report.simulation.savedM).toBeCloseTo(report.simulation.walkedBeforeM - report.simulation.walkedAfterM);
    expect(report.simulation.savedPercent).toBeGreaterThan(0);
  });

  it('moves into the nearest free bin when no slow mover is nearer', () => {
    const noSlow = picks.filter((p) => !p.sku.startsWith('SLOW'));
    const free = buildSlottingReport(noSlow, { layout });
    expect(free.moves).toHaveLength(1);
    expect(free.moves[0].swappedSku).toBeNull();
    expect(free.moves[0].toBin).toMatch(/^A01-1-01-/);
    // Told that no bin is free, there is nowhere to go.
    expect(buildSlottingReport(noSlow, { layout, freeBins: [] }).moves).toEqual([]);
  });

  it('groups picks into tours by tour id or by time gaps', () => {
    const toured = picks.map((p, i) => ({ ...p, tour: `T${i % 4}` }));
    expect(buildSlottingReport(toured, { layout }).simulation.tours).toBe(4);
    // 100 picks one minute apart, at most 30 per tour.
    expect(report.simulation.tours).toBe(4);
  });

  it('handles an empty history', () => {
    const empty = buildSlottingReport([], { layout });
    expect(empty.skus).toEqual([]);
    expect(empty.moves).toEqual([]);
    expect(empty.simulation.savedM).toBe(0);
  });
});
