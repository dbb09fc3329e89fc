/**
 * Exact shortest pick tour in a single-block warehouse: the dynamic program of
 * Ratliff & Rosenthal (1983), "Order-picking in a rectangular warehouse: a
 * solvable case of the traveling salesman problem", Operations Research 31(3).
 *
 * The DP sweeps the aisles left to right. For each aisle it chooses how the
 * tour covers the aisle (6 vertical options) and how many times it crosses to
 * the next aisle on the front and back cross aisles (5 horizontal options),
 * keeping the cheapest partial tour per equivalence class (7 classes, see
 * route-exact-states.ts). The chosen edge multiset is Eulerian and connected;
 * walking its Euler circuit from the depot gives the visiting order.
 *
 * The depot counts as a required vertex on the front or back cross aisle. If
 * it sits between two aisles it becomes an extra column that cannot be walked
 * into (there is rack there, not an aisle).
 */
import { locateBin } from './layout';
import {
  backDegreeAfter,
  frontDegreeAfter,
  HORIZONTAL,
  HORIZONTAL_NEXT,
  isFinalState,
  START_STATE,
  STATES,
  Vertical,
  VERTICAL_COUNT,
  VERTICAL_NEXT,
} from './route-exact-states';
import type { PickRoute, WarehouseLayout } from './types';

const STATE_COUNT = STATES.length;
const HORIZONTAL_COUNT = HORIZONTAL.length;

interface Column {
  x: number;
  /** Distinct pick y values in this aisle, ascending. */
  ys: number[];
  /** Bin ids standing at each y (two faces, several levels). */
  binsAtY: string[][];
  requiredFront: boolean;
  requiredBack: boolean;
  walkable: boolean;
}

export class NotSingleBlockError extends Error {
  constructor() {
    super('the exact route needs a single-block layout (no middle cross aisles)');
    this.name = 'NotSingleBlockError';
  }
}

/** Shortest tour from the depot through all given bins and back. Throws on unknown bins. */
export function planExactRoute(layout: WarehouseLayout, binIds: readonly string[]): PickRoute {
  if (layout.blockCount !== 1) throw new NotSingleBlockError();
  const columns = buildColumns(layout, binIds);
  if (columns === null) return { method: 'exact', lengthM: 0, binOrder: [] };

  const front = layout.crossAislesY[0];
  const back = layout.crossAislesY[1];
  const { cost, choices } = runDp(columns, front, back);
  const edges = chosenEdges(columns, choices);
  const depotColumn = columns.findIndex((c) => c.requiredFront || c.requiredBack);
  const depotNode = columns[depotColumn].requiredFront ? 2 * depotColumn : 2 * depotColumn + 1;
  const binOrder = visitOrder(edges, depotNode, columns);
  return { method: 'exact', lengthM: cost + 2 * layout.depotStubM, binOrder };
}

function buildColumns(layout: WarehouseLayout, binIds: readonly string[]): Column[] | null {
  const byAisle = new Map<number, Map<number, string[]>>();
  for (const id of binIds) {
    const bin = locateBin(layout, id);
    if (!bin) throw new RangeError(`unknown bin ${id}`);
    const aisle = bin.point.aisle!;
    let atY = byAisle.get(aisle);
    if (!atY) byAisle.set(aisle, (atY = new Map()));
    const ids = atY.get(bin.point.y);
    if (!ids) atY.set(bin.point.y, [id]);
    else if (!ids.includes(id)) ids.push(id);
  }
  if (byAisle.size === 0) return null;

  const depot = layout.depotAccess;
  const depotAtFront = depot.cross === 0;
  let minX = depot.x;
  let maxX = depot.x;
  for (const aisle of byAisle.keys()) {
    minX = Math.min(minX, layout.aisles[aisle].x);
    maxX = Math.max(maxX, layout.aisles[aisle].x);
  }
  // Aisles outside [minX, maxX] never shorten a tour, so they are left out.
  const columns: Column[] = [];
  for (const aisle of layout.aisles) {
    if (aisle.x < minX || aisle.x > maxX) continue;
    const atY = byAisle.get(aisle.index);
    const ys = atY ? [...atY.keys()].sort((a, b) => a - b) : [];
    const isDepot = depot.aisle === aisle.index;
    columns.push({
      x: aisle.x,
      ys,
      binsAtY: ys.map((y) => atY!.get(y)!),
      requiredFront: isDepot && depotAtFront,
      requiredBack: isDepot && !depotAtFront,
      walkable: true,
    });
  }
  if (depot.aisle === null) {
    const at = columns.findIndex((c) => c.x > depot.x);
    columns.splice(at < 0 ? columns.length : at, 0, {
      x: depot.x,
      ys: [],
      binsAtY: [],
      requiredFront: depotAtFront,
      requiredBack: !depotAtFront,
      walkable: false,
    });
  }
  return columns;
}

function largestGapIndex(ys: readonly number[]): number {
  let best = 0;
  for (let i = 1; i + 1 < ys.length; i++) if (ys[i + 1] - ys[i] > ys[best + 1] - ys[best]) best = i;
  return best;
}

function verticalCost(column: Column, option: number, front: number, back: number): number {
  const { ys, walkable } = column;
  const n = ys.length;
  const length = back - front;
  switch (option) {
    case Vertical.None:
      return n === 0 ? 0 : Infinity;
    case Vertical.TraverseOnce:
      return walkable ? length : Infinity;
    case Vertical.TraverseTwice:
      return walkable ? 2 * length : Infinity;
    case Vertical.ReturnFromBack:
      return n > 0 ? 2 * (back - ys[0]) : Infinity;
    case Vertical.ReturnFromFront:
      return n > 0 ? 2 * (ys[n - 1] - front) : Infinity;
    default: {
      if (n < 2) return Infinity;
      const g = largestGapIndex(ys);
      return 2 * (length - (ys[g + 1] - ys[g]));
    }
  }
}

interface Choice {
  vertical: number;
  /** Horizontal option to the next column (-1 for the last column). */
  horizontal: number;
}

function runDp(columns: readonly Column[], front: number, back: number): { cost: number; choices: Choice[] } {
  const m = columns.length;
  // Back pointers: previous state * optionCount + option, per column and state.
  const verticalFrom = new Int16Array(m * STATE_COUNT).fill(-1);
  const horizontalFrom = new Int16Array(m * STATE_COUNT).fill(-1);
  let cost = new Float64Array(STATE_COUNT).fill(Infinity);
  cost[START_STATE] = 0;
  const verticalCosts = new Float64Array(VERTICAL_COUNT);

  for (let j = 0; j < m; j++) {
    const column = columns[j];
    for (let o = 0; o < VERTICAL_COUNT; o++) verticalCosts[o] = verticalCost(column, o, front, back);
    const afterVertical = new Float64Array(STATE_COUNT).fill(Infinity);
    for (let s = 0; s < STATE_COUNT; s++) {
      if (cost[s] === Infinity) continue;
      for (let o = 0; o < VERTICAL_COUNT; o++) {
        const next = VERTICAL_NEXT[s * VERTICAL_COUNT + o];
        const c = cost[s] + verticalCosts[o];
        if (next >= 0 && c < afterVertical[next]) {
          afterVertical[next] = c;
          verticalFrom[j * STATE_COUNT + next] = s * VERTICAL_COUNT + o;
        }
      }
    }
    if (j === m - 1) {
      cost = afterVertical;
      break;
    }
    const width = columns[j + 1].x - column.x;
    const afterHorizontal = new Float64Array(STATE_COUNT).fill(Infinity);
    for (let s = 0; s < STATE_COUNT; s++) {
      if (afterVertical[s] === Infinity) continue;
      for (let h = 0; h < HORIZONTAL_COUNT; h++) {
        const next = HORIZONTAL_NEXT[s * HORIZONTAL_COUNT + h];
        if (next < 0) continue;
        if (column.requiredFront && frontDegreeAfter(s, h) === 0) continue;
        if (column.requiredBack && backDegreeAfter(s, h) === 0) continue;
        const c = afterVertical[s] + (HORIZONTAL[h].front + HORIZONTAL[h].back) * width;
        if (c < afterHorizontal[next]) {
          afterHorizontal[next] = c;
          horizontalFrom[j * STATE_COUNT + next] = s * HORIZONTAL_COUNT + h;
        }
      }
    }
    cost = afterHorizontal;
  }

  const last = columns[m - 1];
  let best = -1;
  for (let s = 0; s < STATE_COUNT; s++) {
    if (!isFinalState(s) || cost[s] === Infinity) continue;
    if (last.requiredFront && STATES[s].a === 0) continue;
    if (last.requiredBack && STATES[s].b === 0) continue;
    if (best < 0 || cost[s] < cost[best]) best = s;
  }
  if (best < 0) throw new Error('no feasible tour (layout inconsistent)');

  const choices: Choice[] = new Array(m);
  let state = best;
  for (let j = m - 1; j >= 0; j--) {
    let horizontal = -1;
    if (j < m - 1) {
      const from = horizontalFrom[j * STATE_COUNT + state];
      horizontal = from % HORIZONTAL_COUNT;
      state = (from - horizontal) / HORIZONTAL_COUNT;
    }
    const from = verticalFrom[j * STATE_COUNT + state];
    const vertical = from % VERTICAL_COUNT;
    state = (from - vertical) / VERTICAL_COUNT;
    choices[j] = { vertical, horizontal };
  }
  return { cost: cost[best], choices };
}

/** Edge multiset as a flat list of end pairs [u0, v0, u1, v1, ...]. */
interface EdgeSet {
  ends: number[];
  nodeCount: number;
}

/** Node ids: front of column j = 2j, back = 2j+1, picks numbered after all ends. */
function chosenEdges(columns: readonly Column[], choices: readonly Choice[]): EdgeSet {
  const ends: number[] = [];
  const add = (u: number, v: number, copies: number) => {
    for (let k = 0; k < copies; k++) ends.push(u, v);
  };
  let nextPickNode = 2 * columns.length;
  columns.forEach((column, j) => {
    const chain = [2 * j];
    for (let i = 0; i < column.ys.length; i++) chain.push(nextPickNode++);
    chain.push(2 * j + 1);
    const segment = (from: number, to: number, copies: number) => {
      for (let i = from; i < to; i++) add(chain[i], chain[i + 1], copies);
    };
    const n = column.ys.length;
    switch (choices[j].vertical) {
      case Vertical.TraverseOnce:
        segment(0, n + 1, 1);
        break;
      case Vertical.TraverseTwice:
        segment(0, n + 1, 2);
        break;
      case Vertical.ReturnFromBack:
        segment(1, n + 1, 2);
        break;
      case Vertical.ReturnFromFront:
        segment(0, n, 2);
        break;
      case Vertical.LargestGap: {
        const g = largestGapIndex(column.ys) + 1; // chain index of the pick below the gap
        segment(0, g, 2);
        segment(g + 1, n + 1, 2);
        break;
      }
    }
    const h = choices[j].horizontal;
    if (h >= 0) {
      add(2 * j, 2 * j + 2, HORIZONTAL[h].front);
      add(2 * j + 1, 2 * j + 3, HORIZONTAL[h].back);
    }
  });
  return { ends, nodeCount: nextPickNode };
}

/** Hierholzer's algorithm from the depot; picks are listed at their first visit. */
function visitOrder(edges: EdgeSet, start: number, columns: readonly Column[]): string[] {
  const { ends, nodeCount } = edges;
  const adjacency: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let e = 0; e < ends.length / 2; e++) {
    adjacency[ends[2 * e]].push(e);
    adjacency[ends[2 * e + 1]].push(e);
  }
  const used = new Uint8Array(ends.length / 2);
  const stack = [start];
  const circuit: number[] = [];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    const list = adjacency[node];
    while (list.length > 0 && used[list[list.length - 1]]) list.pop();
    if (list.length === 0) {
      circuit.push(stack.pop()!);
      continue;
    }
    const e = list.pop()!;
    used[e] = 1;
    stack.push(ends[2 * e] === node ? ends[2 * e + 1] : ends[2 * e]);
  }
  circuit.reverse();

  const pickBins: string[][] = [];
  for (const column of columns) for (const ids of column.binsAtY) pickBins.push(ids);
  const firstPick = 2 * columns.length;
  const seen = new Uint8Array(nodeCount);
  const order: string[] = [];
  for (const node of circuit) {
    if (node < firstPick || seen[node]) continue;
    seen[node] = 1;
    order.push(...[...pickBins[node - firstPick]].sort());
  }
  return order;
}
