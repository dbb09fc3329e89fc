/**
 * Exact shortest walking distances on the aisle graph (metres).
 *
 * The graph is a rectangular grid: aisle centre lines (vertical) and cross
 * aisles (horizontal). Because every aisle runs through every block, the
 * distance between two intersections is Manhattan. A point inside an aisle
 * must leave by the cross aisle just below or just above it, so the shortest
 * path is the best of at most 2 x 2 exit combinations.
 */
import { blockOf, locateBin } from './layout';
import type { GraphPoint, WarehouseLayout } from './types';

/** Shortest walking distance between two points on the graph, metres. */
export function graphDistance(layout: WarehouseLayout, p: GraphPoint, q: GraphPoint): number {
  if (p.aisle !== null && p.aisle === q.aisle) return Math.abs(p.y - q.y);
  if (p.cross !== null && p.cross === q.cross) return Math.abs(p.x - q.x);
  const ys = layout.crossAislesY;
  const pLow = p.cross ?? blockOf(ys, p.y);
  const pHigh = p.cross ?? pLow + 1;
  const qLow = q.cross ?? blockOf(ys, q.y);
  const qHigh = q.cross ?? qLow + 1;
  let best = Infinity;
  for (const cp of pLow === pHigh ? [pLow] : [pLow, pHigh]) {
    for (const cq of qLow === qHigh ? [qLow] : [qLow, qHigh]) {
      const vertical = Math.abs(p.y - ys[cp]) + Math.abs(ys[cp] - ys[cq]) + Math.abs(ys[cq] - q.y);
      const across = acrossDistance(layout, p, q, cp !== cq);
      if (vertical + across < best) best = vertical + across;
    }
  }
  return best;
}

/**
 * Distance along cross aisles between the x of p and of q. Changing cross
 * aisle needs an aisle: free when p or q is on one (or one lies between them),
 * otherwise a detour to the nearest aisle.
 */
function acrossDistance(layout: WarehouseLayout, p: GraphPoint, q: GraphPoint, changesCross: boolean): number {
  const direct = Math.abs(p.x - q.x);
  if (!changesCross || p.aisle !== null || q.aisle !== null) return direct;
  const lo = Math.min(p.x, q.x);
  const hi = Math.max(p.x, q.x);
  let detour = Infinity;
  for (const aisle of layout.aisles) {
    if (aisle.x >= lo && aisle.x <= hi) return direct;
    detour = Math.min(detour, aisle.x < lo ? lo - aisle.x : aisle.x - hi);
  }
  return direct + 2 * detour;
}

/** Depot-to-point distance including the stub from the depot to the graph. */
export function distanceFromDepot(layout: WarehouseLayout, q: GraphPoint): number {
  return layout.depotStubM + graphDistance(layout, layout.depotAccess, q);
}

/** Distance between two bins (their pick points), metres. Throws on an unknown bin. */
export function binDistance(layout: WarehouseLayout, fromBin: string, toBin: string): number {
  return graphDistance(layout, binPoint(layout, fromBin), binPoint(layout, toBin));
}

export function binPoint(layout: WarehouseLayout, binId: string): GraphPoint {
  const bin = locateBin(layout, binId);
  if (!bin) throw new RangeError(`unknown bin ${binId}`);
  return bin.point;
}

/**
 * Symmetric distance matrix over [depot, ...points]; index 0 is the depot
 * (its row includes the stub, so tour lengths over it are complete).
 */
export function distanceMatrix(layout: WarehouseLayout, points: readonly GraphPoint[]): Float64Array[] {
  const n = points.length + 1;
  const all = [layout.depotAccess, ...points];
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = graphDistance(layout, all[i], all[j]) + (i === 0 ? layout.depotStubM : 0);
      rows[i][j] = d;
      rows[j][i] = d;
    }
  }
  return rows;
}

/** Length of the closed tour depot -> order... -> depot over a distance matrix (0 = depot). */
export function tourLength(matrix: readonly Float64Array[], order: readonly number[]): number {
  let length = 0;
  let prev = 0;
  for (const node of order) {
    length += matrix[prev][node];
    prev = node;
  }
  return length + matrix[prev][0];
}
