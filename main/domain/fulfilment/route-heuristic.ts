/**
 * Pick routing for any layout (used for multi-block warehouses, where no
 * practical exact algorithm exists for many blocks).
 *
 * Several starting tours (the S-shape order, nearest neighbour, and a
 * serpentine sweep block by block) are improved with 2-opt and Or-opt moves on the
 * exact aisle-graph distance matrix; the best tour wins. Because the S-shape
 * visiting order is one of the starts, and walking shortest paths between its
 * stops is never longer than the S-shape walk itself, the result is never
 * worse than S-shape.
 */
import { distanceMatrix, tourLength } from './aisle-graph';
import { blockOf, locateBin } from './layout';
import { planSShapeRoute } from './route-s-shape';
import type { GraphPoint, PickRoute, WarehouseLayout } from './types';

const EPSILON = 1e-9;

interface Nodes {
  points: GraphPoint[];
  /** Bins at each node (node i + 1 in the matrix). */
  bins: string[][];
  nodeOfBin: Map<string, number>;
}

export function planHeuristicRoute(layout: WarehouseLayout, binIds: readonly string[]): PickRoute {
  const nodes = pickNodes(layout, binIds);
  if (nodes.points.length === 0) return { method: 'heuristic', lengthM: 0, binOrder: [] };
  const matrix = distanceMatrix(layout, nodes.points);

  const sShape = planSShapeRoute(layout, binIds);
  const starts = [
    dedupe(sShape.binOrder.map((id) => nodes.nodeOfBin.get(id)!)),
    nearestNeighbour(matrix),
    blockSweep(layout, nodes),
  ];
  let best: number[] = [];
  let bestLength = Infinity;
  for (const start of starts) {
    const tour = improve(matrix, start);
    const length = tourLength(matrix, tour);
    if (length < bestLength - EPSILON) {
      best = tour;
      bestLength = length;
    }
  }
  const binOrder = best.flatMap((node) => [...nodes.bins[node - 1]].sort());
  return { method: 'heuristic', lengthM: bestLength, binOrder };
}

function pickNodes(layout: WarehouseLayout, binIds: readonly string[]): Nodes {
  const points: GraphPoint[] = [];
  const bins: string[][] = [];
  const nodeOfBin = new Map<string, number>();
  const nodeAt = new Map<string, number>();
  for (const id of binIds) {
    if (nodeOfBin.has(id)) continue;
    const bin = locateBin(layout, id);
    if (!bin) throw new RangeError(`unknown bin ${id}`);
    const key = `${bin.point.aisle}:${bin.point.y}`;
    let node = nodeAt.get(key);
    if (node === undefined) {
      points.push(bin.point);
      bins.push([]);
      node = points.length;
      nodeAt.set(key, node);
    }
    bins[node - 1].push(id);
    nodeOfBin.set(id, node);
  }
  return { points, bins, nodeOfBin };
}

function dedupe(order: number[]): number[] {
  return [...new Set(order)];
}

function nearestNeighbour(matrix: readonly Float64Array[]): number[] {
  const n = matrix.length - 1;
  const visited = new Uint8Array(n + 1);
  const tour: number[] = [];
  let at = 0;
  for (let step = 0; step < n; step++) {
    let next = -1;
    for (let j = 1; j <= n; j++) if (!visited[j] && (next < 0 || matrix[at][j] < matrix[at][next])) next = j;
    visited[next] = 1;
    tour.push(next);
    at = next;
  }
  return tour;
}

/** Blocks far to near, sweeping alternately left-to-right and right-to-left. */
function blockSweep(layout: WarehouseLayout, nodes: Nodes): number[] {
  const keyed = nodes.points.map((p, i) => ({ node: i + 1, p, block: blockOf(layout.crossAislesY, p.y) }));
  keyed.sort((a, b) => b.block - a.block || a.p.x - b.p.x || a.p.y - b.p.y);
  const byBlock = new Map<number, typeof keyed>();
  for (const k of keyed) {
    const list = byBlock.get(k.block) ?? [];
    list.push(k);
    byBlock.set(k.block, list);
  }
  const tour: number[] = [];
  let leftToRight = true;
  for (const list of byBlock.values()) {
    const ordered = leftToRight ? list : [...list].reverse();
    tour.push(...ordered.map((k) => k.node));
    leftToRight = !leftToRight;
  }
  return tour;
}

/** 2-opt and Or-opt (segments of 1-3 stops) until neither improves. */
function improve(matrix: readonly Float64Array[], start: readonly number[]): number[] {
  const tour = [0, ...start];
  let improved = true;
  while (improved) {
    improved = twoOpt(matrix, tour) || orOpt(matrix, tour);
  }
  return tour.slice(1);
}

/** Tour is closed: tour[0] is the depot and the node after the last is tour[0]. */
function twoOpt(d: readonly Float64Array[], tour: number[]): boolean {
  const size = tour.length;
  let improved = false;
  for (let i = 0; i < size - 2; i++) {
    for (let j = i + 2; j < size; j++) {
      const a = tour[i];
      const b = tour[i + 1];
      const c = tour[j];
      const e = tour[(j + 1) % size];
      if (e === a) continue;
      const delta = d[a][c] + d[b][e] - d[a][b] - d[c][e];
      if (delta < -EPSILON) {
        reverse(tour, i + 1, j);
        improved = true;
      }
    }
  }
  return improved;
}

function reverse(tour: number[], from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) [tour[i], tour[j]] = [tour[j], tour[i]];
}

function orOpt(d: readonly Float64Array[], tour: number[]): boolean {
  const size = tour.length;
  for (let length = 1; length <= 3; length++) {
    for (let i = 1; i + length <= size; i++) {
      const first = tour[i];
      const last = tour[i + length - 1];
      const prev = tour[i - 1];
      const next = tour[(i + length) % size];
      const removalGain = d[prev][first] + d[last][next] - d[prev][next];
      const rest = [...tour.slice(0, i), ...tour.slice(i + length)];
      for (let k = 0; k < rest.length; k++) {
        const u = rest[k];
        const v = rest[(k + 1) % rest.length];
        if (u === prev && v === next) continue;
        const forward = d[u][first] + d[last][v] - d[u][v];
        const backward = d[u][last] + d[first][v] - d[u][v];
        if (Math.min(forward, backward) - removalGain < -EPSILON) {
          const segment = tour.slice(i, i + length);
          if (backward < forward) segment.reverse();
          rest.splice(k + 1, 0, ...segment);
          tour.splice(0, size, ...rotateToDepot(rest));
          return true;
        }
      }
    }
  }
  return false;
}

function rotateToDepot(tour: number[]): number[] {
  const at = tour.indexOf(0);
  return [...tour.slice(at), ...tour.slice(0, at)];
}
