/**
 * The state space of the Ratliff–Rosenthal (1983) dynamic program.
 *
 * A partial tour subgraph left of (and including) aisle j is summarised by the
 * degree of the aisle's front vertex a_j and back vertex b_j (zero, odd "U",
 * even "E") and by how its components touch them. Only 7 classes can extend to
 * a tour: (U,U,1C) (E,0,1C) (0,E,1C) (E,E,1C) (E,E,2C) (0,0,0C) (0,0,1C).
 *
 * Rather than copying the paper's transition tables by hand, they are derived
 * once from the rules (degree parity, connectivity) below, so each entry can be
 * justified and the derivation is checked by tests to give exactly 7 classes.
 */

/** Degree class of a boundary vertex: none, odd, even and positive. */
type Deg = 0 | 1 | 2;

interface PartialTour {
  a: Deg;
  b: Deg;
  /** a_j and b_j are in the same component (only when both have edges). */
  same: boolean;
  /** A finished component exists left of the boundary; nothing may follow. */
  closed: boolean;
}

export const STATES: readonly PartialTour[] = [
  { a: 0, b: 0, same: false, closed: false }, // (0,0,0C): nothing yet
  { a: 1, b: 1, same: true, closed: false }, // (U,U,1C)
  { a: 2, b: 0, same: false, closed: false }, // (E,0,1C)
  { a: 0, b: 2, same: false, closed: false }, // (0,E,1C)
  { a: 2, b: 2, same: true, closed: false }, // (E,E,1C)
  { a: 2, b: 2, same: false, closed: false }, // (E,E,2C)
  { a: 0, b: 0, same: false, closed: true }, // (0,0,1C): tour complete
];
export const START_STATE = 0;

/** Ways to cover one aisle (edges added inside it). */
export const Vertical = {
  None: 0,
  TraverseOnce: 1,
  TraverseTwice: 2,
  /** Enter from the back, go to the front-most pick and return. */
  ReturnFromBack: 3,
  /** Enter from the front, go to the back-most pick and return. */
  ReturnFromFront: 4,
  /** Return from both ends, skipping the largest gap between two picks. */
  LargestGap: 5,
} as const;
export const VERTICAL_COUNT = 6;

const VERTICAL_EDGES: readonly { addA: Deg; addB: Deg; connects: boolean }[] = [
  { addA: 0, addB: 0, connects: false },
  { addA: 1, addB: 1, connects: true },
  { addA: 2, addB: 2, connects: true },
  { addA: 0, addB: 2, connects: false },
  { addA: 2, addB: 0, connects: false },
  { addA: 2, addB: 2, connects: false },
];

/** Edge copies between aisle j and j+1 on the front (a) and back (b) cross aisle. */
export const HORIZONTAL: readonly { front: Deg; back: Deg }[] = [
  { front: 0, back: 0 },
  { front: 1, back: 1 },
  { front: 2, back: 0 },
  { front: 0, back: 2 },
  { front: 2, back: 2 },
];

function addDegree(d: Deg, add: Deg): Deg {
  if (add === 0) return d;
  if (add === 2) return d === 0 ? 2 : d;
  return d === 1 ? 2 : 1;
}

function indexOf(s: PartialTour): number {
  const index = STATES.findIndex((t) => t.a === s.a && t.b === s.b && t.same === s.same && t.closed === s.closed);
  // The rules must never produce an eighth class; fail at module load if they do.
  if (index < 0) throw new Error(`derived an unknown DP state ${JSON.stringify(s)}`);
  return index;
}

function applyVertical(s: PartialTour, option: number): number {
  const { addA, addB, connects } = VERTICAL_EDGES[option];
  if (s.closed) return addA === 0 && addB === 0 ? indexOf(s) : -1;
  const a = addDegree(s.a, addA);
  const b = addDegree(s.b, addB);
  // Edges reaching a previously untouched a_j or b_j start a new component there.
  const same = a > 0 && b > 0 && (connects || (s.a > 0 && s.b > 0 && s.same));
  return indexOf({ a, b, same, closed: false });
}

function applyHorizontal(s: PartialTour, option: number): number {
  const { front, back } = HORIZONTAL[option];
  if (s.closed) return front === 0 && back === 0 ? indexOf(s) : -1;
  // a_j and b_j get no more edges after this step, so their degree must end even.
  if ((s.a === 1) !== (front === 1) || (s.b === 1) !== (back === 1)) return -1;

  const components: { touchesA: boolean; touchesB: boolean }[] = [];
  if (s.a > 0 && s.b > 0 && s.same) components.push({ touchesA: true, touchesB: true });
  else {
    if (s.a > 0) components.push({ touchesA: true, touchesB: false });
    if (s.b > 0) components.push({ touchesA: false, touchesB: true });
  }
  const continues = (c: { touchesA: boolean; touchesB: boolean }) =>
    (c.touchesA && front > 0) || (c.touchesB && back > 0);
  const startsNew = (s.a === 0 && front > 0) || (s.b === 0 && back > 0);
  const ending = components.filter((c) => !continues(c));
  if (ending.length > 0) {
    // A component may only stop growing if it is the whole tour.
    const onlyOne = components.length === 1 && !startsNew;
    return onlyOne ? indexOf({ a: 0, b: 0, same: false, closed: true }) : -1;
  }
  const same = front > 0 && back > 0 && s.a > 0 && s.b > 0 && s.same;
  return indexOf({ a: front, b: back, same, closed: false });
}

function buildTable(count: number, apply: (s: PartialTour, option: number) => number): Int8Array {
  const table = new Int8Array(STATES.length * count);
  STATES.forEach((s, i) => {
    for (let o = 0; o < count; o++) table[i * count + o] = apply(s, o);
  });
  return table;
}

/** VERTICAL_NEXT[state * VERTICAL_COUNT + option] = next state, or -1. */
export const VERTICAL_NEXT = buildTable(VERTICAL_COUNT, applyVertical);
/** HORIZONTAL_NEXT[state * HORIZONTAL.length + option] = next state, or -1. */
export const HORIZONTAL_NEXT = buildTable(HORIZONTAL.length, applyHorizontal);

/** Final degree of a_j / b_j after adding cross-aisle edges must be positive for a required vertex. */
export function frontDegreeAfter(state: number, option: number): number {
  return STATES[state].a + HORIZONTAL[option].front;
}
export function backDegreeAfter(state: number, option: number): number {
  return STATES[state].b + HORIZONTAL[option].back;
}

/** A finished tour: even degrees and one component. */
export function isFinalState(state: number): boolean {
  return state === 2 || state === 3 || state === 4 || state === 6;
}

/** For tests: states reachable from the start by alternating vertical/horizontal steps. */
export function reachableStates(): Set<number> {
  const seen = new Set<number>([START_STATE]);
  const queue = [START_STATE];
  while (queue.length > 0) {
    const s = queue.pop()!;
    for (let v = 0; v < VERTICAL_COUNT; v++) {
      const afterV = VERTICAL_NEXT[s * VERTICAL_COUNT + v];
      if (afterV < 0) continue;
      for (const next of [afterV, ...[0, 1, 2, 3, 4].map((h) => HORIZONTAL_NEXT[afterV * HORIZONTAL.length + h])]) {
        if (next >= 0 && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return seen;
}
