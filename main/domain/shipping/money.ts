/**
 * Exact decimal <-> cents conversions for rate cards and carrier APIs. Never goes through a
 * float: "1.10" is split into digits, so 0.1 + 0.2 style errors can never reach a price.
 */
import { quoteValue } from '../../util/quote-value';

/** Why a price string was rejected, or the cents. */
export type PriceParse = { ok: true; cents: number } | { ok: false; message: string };

/**
 * Parses a non-negative price in major units with at most two decimals ("7", "7.5", "7.58").
 * Rejects "1.005" (sub-cent precision would be silently rounded), negatives, exponents,
 * thousands separators and currency symbols: a rate card is machine data, not prose.
 */
export function parsePriceToCents(text: string): PriceParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'price is empty' };
  if (trimmed.startsWith('-')) return { ok: false, message: `price must not be negative (got ${quoteValue(trimmed)})` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!m) return { ok: false, message: `price must be a decimal number like 12.34 (got ${quoteValue(trimmed)})` };
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return { ok: false, message: `price has more than two decimals (got ${quoteValue(trimmed)}); sub-cent prices are not allowed` };
  const cents = Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, message: `price is too large (got ${quoteValue(trimmed)})` };
  return { ok: true, cents };
}

/** 758 → "7.58" (for CSV export and API requests). */
export function centsToDecimalString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * amount × basisPoints / 10000, rounded half up to a whole cent. Used for fuel surcharges:
 * rounding happens once per line, and the breakdown lines always sum to the total.
 */
export function percentOfCents(amountCents: number, basisPoints: number): number {
  return Math.floor((amountCents * basisPoints + 5000) / 10000);
}
