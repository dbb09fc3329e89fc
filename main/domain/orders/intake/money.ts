import { quoteValue } from '../../../util/quote-value';
/**
 * Decimal money text -> integer minor units, by string arithmetic only.
 *
 * Why not parseFloat: "0.29" * 100 === 28.999999999999996, and rounding that away hides real
 * input errors (a third decimal) instead of reporting them. We split on the decimal point and
 * combine integer digit strings, so what the channel sent is exactly what reaches the ledger.
 */

/** ISO 4217 currencies whose minor unit is not 2 decimals. Everything else is treated as 2. */
const MINOR_UNIT_EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Number of decimals in the currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyMinorUnits(currency: string): number {
  return MINOR_UNIT_EXCEPTIONS[currency.toUpperCase()] ?? 2;
}

export type MoneyParse = { ok: true; cents: number } | { ok: false; message: string };

const MONEY_PATTERN = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;

/**
 * Parses "19.99", "-3", "1,234.50", ".5", "19.990" into integer minor units of `currency`.
 * Extra decimals are accepted only when they are zeros ("19.990" is 1999 cents); "19.995" is
 * rejected, because silently rounding a price is how ledgers drift from what the customer paid.
 * Thousands separators must be well-formed groups of three; the decimal separator is always ".".
 * The empty string is not money; callers decide whether a blank field means zero.
 */
export function parseMoney(text: string, currency = 'USD'): MoneyParse {
  const trimmed = text.trim();
  const match = MONEY_PATTERN.exec(trimmed);
  if (!match || (match[2] === undefined && !match[3])) {
    return { ok: false, message: `${quoteValue(text)} is not a money amount` };
  }
  const [, sign, wholeText = '0', fractionText = ''] = match;
  const decimals = currencyMinorUnits(currency);
  const significantFraction = fractionText.replace(/0+$/, '');
  if (significantFraction.length > decimals) {
    return {
      ok: false,
      message: `${quoteValue(text)} has more than ${decimals} decimal${decimals === 1 ? '' : 's'} for ${currency.toUpperCase()}`,
    };
  }
  const digits = wholeText.replace(/,/g, '') + significantFraction.padEnd(decimals, '0');
  const cents = Number(digits);
  if (!Number.isSafeInteger(cents)) return { ok: false, message: `${quoteValue(text)} is too large` };
  return { ok: true, cents: sign === '-' && cents !== 0 ? -cents : cents };
}

/** Like parseMoney but throws; for values already validated upstream. */
export function moneyToCents(text: string, currency = 'USD'): number {
  const parsed = parseMoney(text, currency);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cents;
}

/** Formats integer minor units back to the channel's decimal text ("1999" -> "19.99"). */
export function centsToDecimalText(cents: number, currency = 'USD'): string {
  const decimals = currencyMinorUnits(currency);
  const negative = cents < 0;
  const digits = String(Math.abs(cents)).padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}
