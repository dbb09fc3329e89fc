/**
 * Exact decimal <-> cents conversions for rate cards and carrier APIs. Never goes through a
 * float: "1.10" is split into digits, so 0.1 + 0.2 style errors can never reach a price.
 */
import { fromMinor, minorUnits } from '../../../shared/money';
import { quoteValue } from '../../util/quote-value';

/** Why a price string was rejected, or the cents. */
export type PriceParse = { ok: true; cents: number } | { ok: false; message: string };

const DECIMALS_IN_WORDS = ['no', 'one', 'two', 'three', 'four'];

/**
 * Parses a non-negative price in major units with at most the currency's decimals ("7", "7.5",
 * "7.58" in USD; "750" in JPY). Rejects "1.005" (sub-cent precision would be silently rounded),
 * negatives, exponents, thousands separators and currency symbols: a rate card is machine data.
 */
export function parsePriceToCents(text: string, currency = 'USD'): PriceParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'price is empty' };
  if (trimmed.startsWith('-')) return { ok: false, message: `price must not be negative (got ${quoteValue(trimmed)})` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!m) return { ok: false, message: `price must be a decimal number like 12.34 (got ${quoteValue(trimmed)})` };
  const decimals = m[2] ?? '';
  let allowed: number;
  try {
    allowed = minorUnits(currency);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  if (decimals.length > allowed) {
    const got = `(got ${quoteValue(trimmed)})`;
    const code = currency.toUpperCase();
    if (allowed === 2) return { ok: false, message: `price has more than two decimals ${got}; sub-cent prices are not allowed` };
    if (allowed === 0) return { ok: false, message: `price has decimals ${got}; ${code} has none` };
    return { ok: false, message: `price has more than ${DECIMALS_IN_WORDS[allowed] ?? allowed} decimals ${got}; ${code} has ${DECIMALS_IN_WORDS[allowed] ?? allowed}` };
  }
  // String arithmetic, in the currency's own minor unit (a yen rate card's "750" is ¥750, not 75,000).
  const cents = Number(m[1] + decimals.padEnd(allowed, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, message: `price is too large (got ${quoteValue(trimmed)})` };
  return { ok: true, cents };
}

/** 758 → "7.58" in USD, "758" in JPY (for CSV export and API requests). */
export function centsToDecimalString(cents: number, currency = 'USD'): string {
  return fromMinor(cents, currency);
}

/**
 * amount × basisPoints / 10000, rounded half up to a whole cent. Used for fuel surcharges:
 * rounding happens once per line, and the breakdown lines always sum to the total.
 */
export function percentOfCents(amountCents: number, basisPoints: number): number {
  return Math.floor((amountCents * basisPoints + 5000) / 10000);
}
