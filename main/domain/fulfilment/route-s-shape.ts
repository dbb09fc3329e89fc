/**
 * S-shape (traversal) routing, the baseline most warehouses walk today,
 * generalised to several blocks as in Roodbergen & de Koster (2001):
 *
 * 1. Go to the outermost pick aisle (left or right; both are tried) and walk
 *    it away from the depot up to the near cross aisle of the farthest block
 *    with picks, picking on the way.
 * 2. Handle blocks from the farthest to the nearest. In each, visit the
 *    sub-aisles that still hold picks, starting from the end nearer to where
 *    the picker stands, traversing each one completely and alternating
 *    direction, so that the picker leaves the block on its depot side; when
 *    the last sub-aisle would be entered from the depot side it is a return
 *    instead (in to the farthest pick and back).
 * 3. Walk back to the depot.
 *
 * In a single block this is the textbook S-shape: every pick aisle traversed,
 * the last one a return when the count is odd.
 */
import { graphDistance } from './aisle-graph';
import { locateBin } from './layout';
import type { GraphPoint, PickRoute, WarehouseLayout } from './types';

interface Stop {
  y: number;
  bins: string[];
}

/** Sub-aisle key: block * aisleCount + aisle. */
type SubAisles = Map<number, Stop[]>;

export function planSShapeRoute(layout: WarehouseLayout, binIds: readonly string[]): PickRoute {
  const subAisles = groupBySubAisle(layout, binIds);
  if (subAisles.size === 0) return { method: 's-shape', lengthM: 0, binOrder: [] };
  const fromLeft = walk(layout, subAisles, true);
  const fromRight = walk(layout, subAisles, false);
  const best = fromRight.lengthM < fromLeft.lengthM ? fromRight : fromLeft;
  return { method: 's-shape', ...best };
}

function groupBySubAisle(layout: WarehouseLayout, binIds: readonly string[]): SubAisles {
  const groups: SubAisles = new Map();
  for (const id of new Set(binIds)) {
    const bin = locateBin(layout, id);
    if (!bin) throw new RangeError(`unknown bin ${id}`);
    const key = bin.block * layout.aisles.length + bin.point.aisle!;
    let stops = groups.get(key);
    if (!stops) groups.set(key, (stops = []));
    const stop = stops.find((s) => s.y === bin.point.y);
    if (stop) stop.bins.push(id);
    else stops.push({ y: bin.point.y, bins: [id] });
  }
  return groups;
}

function walk(layout: WarehouseLayout, subAisles: SubAisles, startLeft: boolean): { lengthM: number; binOrder: string[] } {
  const aisleCount = layout.aisles.length;
  const ys = layout.crossAislesY;
  const depotAtBack = layout.depotAccess.cross === ys.length - 1;
  // Blocks by distance from the depot: rank 0 is the nearest.
  const blockAt = (rank: number) => (depotAtBack ? layout.blockCount - 1 - rank : rank);
  const nearCross = (block: number) => (depotAtBack ? block + 1 : block);
  const farCross = (block: number) => (depotAtBack ? block : block + 1);

  const remaining = new Map(subAisles);
  const waypoints: GraphPoint[] = [layout.depotAccess];
  const binOrder: string[] = [];
  const at = (aisle: number, cross: number): GraphPoint => ({ x: layout.aisles[aisle].x, y: ys[cross], aisle, cross });
  const visit = (aisle: number, block: number, fromCross: number) => {
    const stops = remaining.get(block * aisleCount + aisle);
    if (!stops) return;
    remaining.delete(block * aisleCount + aisle);
    const sorted = [...stops].sort((a, b) => Math.abs(a.y - ys[fromCross]) - Math.abs(b.y - ys[fromCross]));
    for (const stop of sorted) {
      waypoints.push({ x: layout.aisles[aisle].x, y: stop.y, aisle, cross: null });
      binOrder.push(...[...stop.bins].sort());
    }
  };

  const keys = [...subAisles.keys()];
  const aislesWithPicks = keys.map((k) => k % aisleCount);
  const first = startLeft ? Math.min(...aislesWithPicks) : Math.max(...aislesWithPicks);
  let farthestRank = 0;
  for (const k of keys) {
    const block = Math.floor(k / aisleCount);
    const rank = depotAtBack ? layout.blockCount - 1 - block : block;
    farthestRank = Math.max(farthestRank, rank);
  }

  // Step 1: up the first pick aisle to the near side of the farthest block.
  waypoints.push(at(first, nearCross(blockAt(0))));
  for (let rank = 0; rank < farthestRank; rank++) visit(first, blockAt(rank), nearCross(blockAt(rank)));
  waypoints.push(at(first, nearCross(blockAt(farthestRank))));
  let x = layout.aisles[first].x;

  // Step 2: blocks from far to near; the farthest is entered on its near side.
  for (let rank = farthestRank; rank >= 0; rank--) {
    const block = blockAt(rank);
    const near = nearCross(block);
    const far = farCross(block);
    const aisles: number[] = [];
    for (let a = 0; a < aisleCount; a++) if (remaining.has(block * aisleCount + a)) aisles.push(a);
    if (aisles.length === 0) continue;
    const leftFirst = Math.abs(x - layout.aisles[aisles[0]].x) <= Math.abs(x - layout.aisles[aisles[aisles.length - 1]].x);
    if (!leftFirst) aisles.reverse();
    let side = rank === farthestRank ? near : far;
    aisles.forEach((aisle, i) => {
      const last = i === aisles.length - 1;
      waypoints.push(at(aisle, side));
      visit(aisle, block, side);
      if (last && side === near) waypoints.push(at(aisle, near));
      else {
        side = side === near ? far : near;
        waypoints.push(at(aisle, side));
      }
      x = layout.aisles[aisle].x;
    });
  }
  waypoints.push(layout.depotAccess);

  let lengthM = 2 * layout.depotStubM;
  for (let i = 1; i < waypoints.length; i++) lengthM += graphDistance(layout, waypoints[i - 1], waypoints[i]);
  return { lengthM, binOrder };
}
