/**
 * Slotting report: which SKUs are fast movers, which of them sit far from the
 * pack area, where to move them, and how much walking that would have saved
 * on the same pick history.
 *
 * - ABC classes by share of picks (pick lines, not units: walking is per
 *   visit). An SKU is A while the cumulative share before it is below the A
 *   share, B below A+B, else C; so there is always at least one A.
 * - An SKU's home bin is the bin it was picked from most (latest on ties),
 *   unless `currentBins` says otherwise.
 * - The "golden zone" is the K bins nearest the depot, K = number of A SKUs.
 *   A-items outside it are far fast movers.
 * - Moves take far fast movers, busiest first, into the nearest bin that is
 *   free (listed in `freeBins`, or, without that list, holding no SKU seen in
 *   the history) or holds a C-item (then the two swap), and only when that
 *   bin is nearer than where the A-item is now.
 * - The saving is re-simulated: picks are grouped into tours (by `tour` when
 *   given, else by time: a gap over `tourGapMinutes` or `maxPicksPerTour`
 *   picks starts a new tour), and each tour is routed before and after.
 */
import { distanceFromDepot } from './aisle-graph';
import { locateBin } from './layout';
import { planPickRoute, type RoutingMethod } from './route';
import type { WarehouseLayout } from './types';

export interface PickEvent {
  sku: string;
  bin: string;
  /** ISO 8601 timestamp of the pick. */
  at: string;
  /** Pick tour / batch id, when known. */
  tour?: string;
}

export type AbcClass = 'A' | 'B' | 'C';

export interface SlottingOptions {
  layout: WarehouseLayout;
  /** Shares of picks for A, B, C. Default [0.8, 0.15, 0.05]. */
  classShares?: readonly [number, number, number];
  /** SKU -> bin it lives in now; overrides the history's most-picked bin. */
  currentBins?: Record<string, string>;
  /** Bins known to be empty. */
  freeBins?: readonly string[];
  /** Default 25. */
  maxMoves?: number;
  /** Default 15. */
  tourGapMinutes?: number;
  /** Default 30. */
  maxPicksPerTour?: number;
  routing?: RoutingMethod;
}

export interface SkuVelocity {
  sku: string;
  picks: number;
  share: number;
  cumulativeShare: number;
  class: AbcClass;
  bin: string;
  /** One-way walk from the depot to the bin, metres; null when the bin is unknown. */
  distanceM: number | null;
}

export interface SlotMove {
  sku: string;
  fromBin: string;
  toBin: string;
  /** The C-item moved into fromBin in a swap, else null (toBin was free). */
  swappedSku: string | null;
  fromDistanceM: number;
  toDistanceM: number;
}

export interface SlottingReport {
  totalPicks: number;
  skus: SkuVelocity[];
  classCounts: Record<AbcClass, number>;
  /** Distance of the farthest bin in the golden zone, metres. */
  goldenZoneDistanceM: number;
  farFastMovers: SkuVelocity[];
  moves: SlotMove[];
  simulation: { tours: number; walkedBeforeM: number; walkedAfterM: number; savedM: number; savedPercent: number };
}

export function buildSlottingReport(picks: readonly PickEvent[], options: SlottingOptions): SlottingReport {
  const { layout } = options;
  const skus = classify(picks, options);
  const classCounts: Record<AbcClass, number> = { A: 0, B: 0, C: 0 };
  for (const s of skus) classCounts[s.class]++;

  const binsByDistance = Object.values(layout.bins)
    .map((bin) => ({ id: bin.id, distanceM: distanceFromDepot(layout, bin.point) }))
    .sort((a, b) => a.distanceM - b.distanceM || (a.id < b.id ? -1 : 1));
  const golden = binsByDistance[Math.min(classCounts.A, binsByDistance.length) - 1];
  const goldenZoneDistanceM = golden ? golden.distanceM : 0;
  const farFastMovers = skus.filter((s) => s.class === 'A' && s.distanceM !== null && s.distanceM > goldenZoneDistanceM + 1e-9);

  const moves = suggestMoves(skus, farFastMovers, binsByDistance, options);
  const simulation = simulate(picks, moves, options);
  return { totalPicks: picks.length, skus, classCounts, goldenZoneDistanceM, farFastMovers, moves, simulation };
}

function classify(picks: readonly PickEvent[], options: SlottingOptions): SkuVelocity[] {
  const [aShare, bShare] = options.classShares ?? [0.8, 0.15, 0.05];
  const counts = new Map<string, { picks: number; bins: Map<string, { picks: number; lastAt: string }> }>();
  for (const p of picks) {
    let entry = counts.get(p.sku);
    if (!entry) counts.set(p.sku, (entry = { picks: 0, bins: new Map() }));
    entry.picks++;
    const bin = entry.bins.get(p.bin);
    if (bin) {
      bin.picks++;
      if (p.at > bin.lastAt) bin.lastAt = p.at;
    } else entry.bins.set(p.bin, { picks: 1, lastAt: p.at });
  }
  const current = options.currentBins ?? {};
  const ranked = [...counts].sort((a, b) => b[1].picks - a[1].picks || (a[0] < b[0] ? -1 : 1));
  let cumulative = 0;
  return ranked.map(([sku, entry]) => {
    const before = cumulative / picks.length;
    cumulative += entry.picks;
    const homeBin = Object.hasOwn(current, sku) ? current[sku] : mostPickedBin(entry.bins);
    const bin = locateBin(options.layout, homeBin);
    return {
      sku,
      picks: entry.picks,
      share: entry.picks / picks.length,
      cumulativeShare: cumulative / picks.length,
      // The tolerance keeps 0.8 + 0.15 from landing an SKU at exactly 95% in B.
      class: before < aShare - 1e-9 ? 'A' : before < aShare + bShare - 1e-9 ? 'B' : 'C',
      bin: homeBin,
      distanceM: bin ? distanceFromDepot(options.layout, bin.point) : null,
    };
  });
}

function mostPickedBin(bins: Map<string, { picks: number; lastAt: string }>): string {
  let best = '';
  let bestPicks = -1;
  let bestAt = '';
  for (const [bin, { picks, lastAt }] of bins) {
    if (picks > bestPicks || (picks === bestPicks && lastAt > bestAt)) {
      best = bin;
      bestPicks = picks;
      bestAt = lastAt;
    }
  }
  return best;
}

function suggestMoves(
  skus: readonly SkuVelocity[],
  farFastMovers: readonly SkuVelocity[],
  binsByDistance: readonly { id: string; distanceM: number }[],
  options: SlottingOptions,
): SlotMove[] {
  const occupant = new Map<string, SkuVelocity>();
  for (const s of skus) if (!occupant.has(s.bin)) occupant.set(s.bin, s);
  const free = options.freeBins ? new Set(options.freeBins) : null;
  const isTarget = (binId: string) => {
    const holder = occupant.get(binId);
    if (holder) return holder.class === 'C';
    return free ? free.has(binId) : true;
  };
  const taken = new Set<string>();
  const moves: SlotMove[] = [];
  const maxMoves = options.maxMoves ?? 25;
  for (const mover of [...farFastMovers].sort((a, b) => b.picks - a.picks)) {
    if (moves.length >= maxMoves) break;
    const target = binsByDistance.find(
      (b) => !taken.has(b.id) && b.distanceM < mover.distanceM! - 1e-9 && isTarget(b.id),
    );
    if (!target) continue;
    taken.add(target.id);
    taken.add(mover.bin);
    const holder = occupant.get(target.id);
    moves.push({
      sku: mover.sku,
      fromBin: mover.bin,
      toBin: target.id,
      swappedSku: holder ? holder.sku : null,
      fromDistanceM: mover.distanceM!,
      toDistanceM: target.distanceM,
    });
  }
  return moves;
}

function simulate(
  picks: readonly PickEvent[],
  moves: readonly SlotMove[],
  options: SlottingOptions,
): SlottingReport['simulation'] {
  const { layout } = options;
  const newBin = new Map<string, string>();
  for (const m of moves) {
    newBin.set(`${m.sku}@${m.fromBin}`, m.toBin);
    if (m.swappedSku) newBin.set(`${m.swappedSku}@${m.toBin}`, m.fromBin);
  }
  const tours = groupIntoTours(picks, options);
  let before = 0;
  let after = 0;
  for (const tour of tours) {
    const located = tour.filter((p) => locateBin(layout, p.bin));
    before += planPickRoute(layout, located.map((p) => p.bin), options.routing).lengthM;
    after += planPickRoute(layout, located.map((p) => newBin.get(`${p.sku}@${p.bin}`) ?? p.bin), options.routing).lengthM;
  }
  const saved = before - after;
  return {
    tours: tours.length,
    walkedBeforeM: before,
    walkedAfterM: after,
    savedM: saved,
    savedPercent: before > 0 ? (100 * saved) / before : 0,
  };
}

function groupIntoTours(picks: readonly PickEvent[], options: SlottingOptions): PickEvent[][] {
  const byTour = new Map<string, PickEvent[]>();
  const untoured: PickEvent[] = [];
  for (const p of picks) {
    if (p.tour === undefined) untoured.push(p);
    else {
      const list = byTour.get(p.tour);
      if (list) list.push(p);
      else byTour.set(p.tour, [p]);
    }
  }
  const tours = [...byTour.values()];
  const gapMs = (options.tourGapMinutes ?? 15) * 60_000;
  const maxPicks = options.maxPicksPerTour ?? 30;
  untoured.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let current: PickEvent[] = [];
  let lastAt = -Infinity;
  for (const p of untoured) {
    const at = Date.parse(p.at);
    if (current.length > 0 && (at - lastAt > gapMs || current.length >= maxPicks)) {
      tours.push(current);
      current = [];
    }
    current.push(p);
    lastAt = at;
  }
  if (current.length > 0) tours.push(current);
  return tours;
}
