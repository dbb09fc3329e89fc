/**
 * The packing station's weight check, as a pure function: expected = items + box tare; the parcel
 * passes when the scale reads within the tolerance (percent of expected, never below a floor in
 * grams, for light parcels where a scale's own resolution matters). A failure explains itself in
 * the packer's terms: how far off, and which item that difference looks like.
 */
import { displayLocale, formatCount } from '../../../../shared/money';

export interface WeightCheckInput {
  expectedG: number;
  measuredG: number;
  tolerancePercent: number;
  toleranceMinG: number;
  /** Unit weights of what should be in the box, to name a likely missing or extra item. */
  items: { sku: string; unitWeightG: number }[];
}

export interface WeightCheckResult {
  ok: boolean;
  toleranceG: number;
  differenceG: number;
  explanation: string | null;
}

// The shop's separators (Settings → Shop format): "1.250 g" in a de-DE shop, not always "1,250 g".
const grams = (n: number) => `${formatCount(Math.round(n))} g`;
const percent = (p: number) => `${new Intl.NumberFormat(displayLocale(), { maximumFractionDigits: 1 }).format(p)} %`;

export function toleranceFor(expectedG: number, tolerancePercent: number, toleranceMinG: number): number {
  return Math.max(toleranceMinG, Math.round((expectedG * tolerancePercent) / 100));
}

export function checkParcelWeight(input: WeightCheckInput): WeightCheckResult {
  const toleranceG = toleranceFor(input.expectedG, input.tolerancePercent, input.toleranceMinG);
  const differenceG = input.measuredG - input.expectedG;
  if (Math.abs(differenceG) <= toleranceG) return { ok: true, toleranceG, differenceG, explanation: null };
  const missing = differenceG < 0;
  const gap = Math.abs(differenceG);
  // The item whose weight is nearest the gap, if it is within the tolerance of it.
  let likely: { sku: string; unitWeightG: number } | null = null;
  for (const item of input.items) {
    if (item.unitWeightG <= 0) continue;
    if (Math.abs(item.unitWeightG - gap) > toleranceG) continue;
    if (!likely || Math.abs(item.unitWeightG - gap) < Math.abs(likely.unitWeightG - gap)) likely = item;
  }
  const head = `expected ${grams(input.expectedG)} ± ${percent(input.tolerancePercent)}, read ${grams(input.measuredG)}`;
  const tail = missing
    ? likely
      ? `a ${grams(gap)} item may be missing (${likely.sku} weighs ${grams(likely.unitWeightG)})`
      : `a ${grams(gap)} item may be missing`
    : likely
      ? `${grams(gap)} too heavy: an extra ${likely.sku} (${grams(likely.unitWeightG)}) may be in the box`
      : `${grams(gap)} too heavy: is something extra in the box?`;
  return { ok: false, toleranceG, differenceG, explanation: `${head} — ${tail}` };
}
