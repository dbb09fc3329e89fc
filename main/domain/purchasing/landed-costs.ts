/**
 * Landed costs (freight, duty, other) spread over a PO's lines, in exact minor units.
 *
 * Money rounding: shares are computed with the largest-remainder method, so they always sum to
 * the total to the cent — every line gets the floor of its exact share, and the cents left over
 * go one each to the lines with the largest fractional parts (ties to the earlier line).
 */

/** Splits `total` in proportion to `weights` (≥ 0); equal split when all weights are 0. */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const w = sum > 0 ? weights : weights.map(() => 1);
  const wSum = sum > 0 ? sum : n;
  const exact = w.map((x) => (total * x) / wSum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) shares[order[k].i]++;
  return shares;
}

export interface LandedLine {
  quantity: number;
  unitCostCents: number;
  /** Unit weight in grams (for the weight method). */
  weightG: number;
}

/**
 * Each line's share of the PO's landed costs: by line value (quantity × unit cost) or by line
 * weight (quantity × unit weight). A weight split where no line has a weight falls back to value
 * (a PO of weightless products would otherwise spread freight evenly per line, not per unit).
 */
export function allocateLandedCosts(totalCents: number, method: 'value' | 'weight', lines: readonly LandedLine[]): number[] {
  const byWeight = lines.map((l) => l.quantity * l.weightG);
  const useWeight = method === 'weight' && byWeight.some((w) => w > 0);
  return largestRemainder(totalCents, useWeight ? byWeight : lines.map((l) => l.quantity * l.unitCostCents));
}

/**
 * The part of a line's landed share booked by a receipt: receipts book the share in proportion to
 * the good units received so far (capped at the ordered quantity), less what earlier receipts
 * booked — so a line received in parts books exactly its share once complete, even if the PO's
 * costs were edited in between.
 */
export function landedShareForReceipt(lineShare: number, orderedQty: number, receivedAfter: number, alreadyBooked: number): number {
  const target = receivedAfter >= orderedQty ? lineShare : Math.floor((lineShare * receivedAfter) / orderedQty);
  return Math.max(0, target - alreadyBooked);
}

/** Spreads a share over units as whole cents: `units` at `base`, of which `plusOne` carry one cent more. */
export function perUnitSplit(shareCents: number, units: number): { base: number; plusOne: number } {
  if (units <= 0) return { base: 0, plusOne: 0 };
  const base = Math.floor(shareCents / units);
  return { base, plusOne: shareCents - base * units };
}
