/**
 * Dimensional and billable weight, computed exactly from integer millimetres and grams.
 *
 * Conversions (all exact by definition, so no floating point is needed):
 *   1 in  = 25.4 mm            → a length in inches = mm × 10 / 254
 *   1 in³ = 16 387.064 mm³
 *   1 lb  = 453.592 37 g       = 453 592 370 000 ng
 *   1 oz  = 1/16 lb            =  28 349 523 125 ng
 *   1 kg  = 1 000 000 000 000 ng
 * Dim weight in lb for divisor D (in³/lb) = V_in³ / D, so in nanograms
 *   dimNg = V_in³ × 453 592 370 000 / D
 * and, when sides are not rounded first,
 *   dimNg = V_mm³ × 10³ × 453 592 370 000 / (254³ × D).
 * Metric divisors (cm³/kg) work the same with 1 cm = 10 mm and 1 kg = 10¹² ng.
 * Everything runs in BigInt because V_mm³ × 4.5·10¹¹ overflows 2⁵³ for any real box.
 *
 * A bracketed rate card lists brackets in whole grams; the billable weight we return is the
 * largest whole gram count that does not exceed the rounded weight (floor), e.g. 1 lb → 453 g,
 * 2 lb → 907 g. Because parcel weights are whole grams too, a parcel that weighs "1 lb or
 * less" is always ≤ 453 g, so the brackets and the billable weight line up exactly.
 */
import type { BillableWeight, DimWeightRule, ShipmentPackage, WeightRoundingTier, WeightUnit } from './types';

const NANOGRAMS_PER_GRAM = 1_000_000_000n;

export const NANOGRAMS_PER_UNIT: Record<WeightUnit, bigint> = {
  g: 1_000_000_000n,
  oz: 28_349_523_125n,
  lb: 453_592_370_000n,
  kg: 1_000_000_000_000n,
};

/** One length unit expressed as a fraction of millimetres: inch = 254/10 mm, cm = 10/1 mm. */
const LENGTH_UNIT_IN_MM: Record<DimWeightRule['lengthUnit'], { num: bigint; den: bigint }> = {
  in: { num: 254n, den: 10n },
  cm: { num: 10n, den: 1n },
};

/** Weight unit each dim divisor is expressed in: in³ per lb, cm³ per kg. */
const DIVISOR_WEIGHT_UNIT: Record<DimWeightRule['lengthUnit'], WeightUnit> = { in: 'lb', cm: 'kg' };

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** Converts a side in mm to whole carrier units with the carrier's rounding. Never below 1: a real box has a side. */
export function roundSideToUnit(mm: number, unit: DimWeightRule['lengthUnit'], rounding: 'nearest' | 'up'): number {
  const { num, den } = LENGTH_UNIT_IN_MM[unit];
  const scaled = BigInt(mm) * den;
  const whole = rounding === 'up' ? ceilDiv(scaled, num) : (2n * scaled + num) / (2n * num); // half up
  return Math.max(1, Number(whole));
}

/** Exact (as a fraction) check of the rule's volume threshold, then the dim weight in nanograms. */
function dimWeightNanograms(pkg: Pick<ShipmentPackage, 'lengthMm' | 'widthMm' | 'heightMm'>, rule: DimWeightRule): bigint {
  const unitWeightNg = NANOGRAMS_PER_UNIT[DIVISOR_WEIGHT_UNIT[rule.lengthUnit]];
  const divisor = BigInt(rule.divisor);
  if (rule.dimensionRounding === 'none') {
    const { num, den } = LENGTH_UNIT_IN_MM[rule.lengthUnit];
    const volumeMm3 = BigInt(pkg.lengthMm) * BigInt(pkg.widthMm) * BigInt(pkg.heightMm);
    // volume in unit³ = volumeMm3 × den³ / num³
    if (rule.appliesWhenVolumeOver !== undefined && volumeMm3 * den ** 3n <= BigInt(rule.appliesWhenVolumeOver) * num ** 3n) return 0n;
    return ceilDiv(volumeMm3 * den ** 3n * unitWeightNg, num ** 3n * divisor);
  }
  const sides = [pkg.lengthMm, pkg.widthMm, pkg.heightMm].map((mm) => BigInt(roundSideToUnit(mm, rule.lengthUnit, rule.dimensionRounding as 'nearest' | 'up')));
  const volume = sides[0] * sides[1] * sides[2];
  if (rule.appliesWhenVolumeOver !== undefined && volume <= BigInt(rule.appliesWhenVolumeOver)) return 0n;
  return ceilDiv(volume * unitWeightNg, divisor);
}

/** Dimensional weight in whole grams (rounded up), or 0 when the rule does not apply. */
export function dimensionalWeightG(pkg: Pick<ShipmentPackage, 'lengthMm' | 'widthMm' | 'heightMm'>, rule: DimWeightRule | null): number {
  if (!rule) return 0;
  return Number(ceilDiv(dimWeightNanograms(pkg, rule), NANOGRAMS_PER_GRAM));
}

function tierFor(weightNg: bigint, tiers: WeightRoundingTier[]): WeightRoundingTier {
  for (const tier of tiers) {
    if (tier.untilG === undefined || weightNg <= BigInt(tier.untilG) * NANOGRAMS_PER_GRAM) return tier;
  }
  return tiers[tiers.length - 1];
}

/** Rounds a weight (in ng) up to the tier's step, returned as whole grams not exceeding the rounded weight. */
function roundUpNanogramsToGrams(weightNg: bigint, tiers: WeightRoundingTier[]): number {
  if (tiers.length === 0) return Number(ceilDiv(weightNg, NANOGRAMS_PER_GRAM));
  const tier = tierFor(weightNg, tiers);
  const stepNg = NANOGRAMS_PER_UNIT[tier.unit] * BigInt(tier.step);
  const steps = weightNg <= 0n ? 1n : ceilDiv(weightNg, stepNg); // carriers bill at least one step
  return Number((steps * stepNg) / NANOGRAMS_PER_GRAM);
}

/** Rounds a whole-gram weight up per the service's tiers (e.g. 454 g → 907 g for "whole lb"). */
export function roundUpWeightG(weightG: number, tiers: WeightRoundingTier[]): number {
  return roundUpNanogramsToGrams(BigInt(weightG) * NANOGRAMS_PER_GRAM, tiers);
}

/**
 * Billable weight = max(actual, dimensional), each rounded up with the service's rounding.
 * Rounding is monotone, so rounding the max equals the max of the rounded values.
 */
export function billableWeight(
  pkg: Pick<ShipmentPackage, 'weightG' | 'lengthMm' | 'widthMm' | 'heightMm'>,
  service: { dimWeight: DimWeightRule | null; weightRounding: WeightRoundingTier[] },
): BillableWeight {
  const actualNg = BigInt(pkg.weightG) * NANOGRAMS_PER_GRAM;
  const dimNg = service.dimWeight ? dimWeightNanograms(pkg, service.dimWeight) : 0n;
  const dimApplied = dimNg > actualNg;
  return {
    actualWeightG: pkg.weightG,
    dimWeightG: Number(ceilDiv(dimNg, NANOGRAMS_PER_GRAM)),
    billableWeightG: roundUpNanogramsToGrams(dimApplied ? dimNg : actualNg, service.weightRounding),
    dimApplied,
  };
}

/** Longest side + 2 × (the other two): the carriers' "length plus girth". */
export function lengthPlusGirthMm(pkg: Pick<ShipmentPackage, 'lengthMm' | 'widthMm' | 'heightMm'>): number {
  const [a, b, c] = [pkg.lengthMm, pkg.widthMm, pkg.heightMm].sort((x, y) => y - x);
  return a + 2 * (b + c);
}

export function longestSideMm(pkg: Pick<ShipmentPackage, 'lengthMm' | 'widthMm' | 'heightMm'>): number {
  return Math.max(pkg.lengthMm, pkg.widthMm, pkg.heightMm);
}

/** Whole grams in `n` pounds, not exceeding n lb: the bracket bound a "n lb" rate row uses (1 → 453). */
export function poundsToBracketG(pounds: number): number {
  return Number((BigInt(pounds) * NANOGRAMS_PER_UNIT.lb) / NANOGRAMS_PER_GRAM);
}

/** Same for ounces (4 oz → 113 g). */
export function ouncesToBracketG(ounces: number): number {
  return Number((BigInt(ounces) * NANOGRAMS_PER_UNIT.oz) / NANOGRAMS_PER_GRAM);
}
