import { Random } from '../../demo/random';

/**
 * Demand generators with known parameters, shared by the tests, the benchmarks and the demo shop:
 * the forecaster is judged on series whose true mean is known.
 */
export type DemandPattern = 'smooth' | 'seasonal' | 'intermittent' | 'lumpy';

export interface PatternParams {
  /** Mean units per day. */
  mean: number;
  /** Weekly multipliers Mon..Sun (mean 1) for 'seasonal'. */
  weekly?: readonly number[];
  /** Chance of a demand on a day for 'intermittent' / 'lumpy'. */
  demandChance?: number;
}

/** Day-of-week shape of a shop that sells at weekends: Monday is day 0 of the weekly ring. */
export const WEEKEND_SHAPE = [0.7, 0.75, 0.8, 0.9, 1.15, 1.4, 1.3];

/** Poisson variate by inversion (fine for the small means of daily SKU demand). */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0, p = random.next();
  while (p > limit) { k++; p *= random.next(); }
  return k;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * Units per day for `days` days starting on weekday `firstWeekday` (0 = Monday).
 *  - smooth: Poisson(mean);
 *  - seasonal: Poisson(mean × weekly[weekday]);
 *  - intermittent: a demand with probability p, size 1 + Poisson(mean/p − 1) (CV² small);
 *  - lumpy: a demand with probability p, size geometric-ish with mean mean/p (CV² large).
 */
export function simulateDemand(pattern: DemandPattern, params: PatternParams, days: number, seed: number, firstWeekday = 0): Float64Array {
  const random = new Random(seed);
  const out = new Float64Array(days);
  const weekly = params.weekly ?? WEEKEND_SHAPE;
  const p = params.demandChance ?? 0.25;
  for (let t = 0; t < days; t++) {
    switch (pattern) {
      case 'smooth':
        out[t] = poisson(random, params.mean);
        break;
      case 'seasonal':
        out[t] = poisson(random, params.mean * weekly[(firstWeekday + t) % 7]);
        break;
      case 'intermittent':
        out[t] = random.chance(p) ? 1 + poisson(random, Math.max(0, params.mean / p - 1)) : 0;
        break;
      case 'lumpy': {
        if (!random.chance(p)) break;
        // Exponential size rounded up: mean ≈ mean/p, CV² ≈ 1.
        out[t] = Math.max(1, Math.round(-Math.log(1 - random.next()) * (params.mean / p)));
        break;
      }
    }
  }
  return out;
}
