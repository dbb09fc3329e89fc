import type { DemandClass, DemandSeries } from './index';

/**
 * Syntetos & Boylan (2005), "The accuracy of intermittent demand estimates", IJF 21(2): the
 * cut-offs at which Croston-type estimators start to beat SES. ADI = mean interval between
 * non-zero demands; CV² = squared coefficient of variation of the non-zero demand sizes.
 */
export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  demandClass: DemandClass;
  adi: number;
  cv2: number;
  /** Days with an observation (not censored) and how many of them had demand. */
  observedDays: number;
  demandDays: number;
}

/** Classifies a series on its observed (uncensored) days only: a stockout is not an interval without demand. */
export function classifyDemand(series: Pick<DemandSeries, 'units' | 'censored'>): DemandProfile {
  const { units, censored } = series;
  let observed = 0, nonZero = 0, sum = 0, sumSq = 0;
  for (let i = 0; i < units.length; i++) {
    if (censored[i]) continue;
    observed++;
    const u = units[i];
    if (u > 0) { nonZero++; sum += u; sumSq += u * u; }
  }
  // ADI as observed days per demand day (the usual estimator, n / number of demands).
  const adi = nonZero === 0 ? Infinity : observed / nonZero;
  let cv2 = 0;
  if (nonZero > 1) {
    const mean = sum / nonZero;
    // Sample variance (n − 1), as in tsintermittent's idclass.
    const variance = Math.max(0, (sumSq - nonZero * mean * mean) / (nonZero - 1));
    cv2 = variance / (mean * mean);
  }
  const intermittentTiming = adi >= ADI_CUTOFF;
  const variableSize = cv2 >= CV2_CUTOFF;
  const demandClass: DemandClass = intermittentTiming ? (variableSize ? 'lumpy' : 'intermittent') : variableSize ? 'erratic' : 'smooth';
  return { demandClass, adi, cv2, observedDays: observed, demandDays: nonZero };
}
