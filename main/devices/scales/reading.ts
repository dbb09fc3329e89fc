/** What every scale protocol is reduced to: integer grams plus the state a packer must act on. */
export type ScaleStatus = 'ok' | 'unstable' | 'overload' | 'under_zero' | 'error';

export interface ScaleReading {
  grams: number;
  stable: boolean;
  status: ScaleStatus;
  /** The frame as received (control characters kept), for logs and support tickets. */
  raw: string;
  /** Why the reading is an error, when it is one. */
  message?: string;
}

export type WeightUnit = 'g' | 'kg' | 'lb' | 'oz' | 'mg';

/** Exact definitions: 1 lb = 453.59237 g (international avoirdupois pound), 1 oz = 1/16 lb. */
const GRAMS_PER_UNIT: Record<WeightUnit, number> = {
  mg: 0.001,
  g: 1,
  kg: 1000,
  lb: 453.59237,
  oz: 28.349523125,
};

export function normaliseUnit(unit: string): WeightUnit | null {
  const key = unit.trim().toLowerCase().replace(/\.$/, '');
  if (key === 'g' || key === 'gr' || key === 'gram' || key === 'grams') return 'g';
  if (key === 'kg' || key === 'kgs') return 'kg';
  if (key === 'lb' || key === 'lbs' || key === 'pound' || key === 'pounds') return 'lb';
  if (key === 'oz' || key === 'ounce' || key === 'ounces') return 'oz';
  if (key === 'mg') return 'mg';
  return null;
}

/**
 * Converts a decimal weight to whole grams. Scales report a handful of digits, so the float
 * product is exact to far below half a gram and rounding once gives the right integer.
 */
export function toGrams(value: number, unit: WeightUnit): number {
  const grams = Math.round(value * GRAMS_PER_UNIT[unit]);
  return grams === 0 ? 0 : grams; // never -0
}

export function errorReading(raw: string, message: string): ScaleReading {
  return { grams: 0, stable: false, status: 'error', raw, message };
}

export function weightReading(grams: number, stable: boolean, raw: string): ScaleReading {
  return { grams, stable, status: stable ? 'ok' : 'unstable', raw };
}
