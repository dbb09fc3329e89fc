import { fromMinor, minorUnits, parseMoney as parseMinor } from '../../../../shared/money';
/**
 * The intake's names for shared/money (the one home for money rules): decimal text from channels
 * and files → integer minor units, by string arithmetic only, with the currency's own decimals.
 */

/** Number of decimals in the currency's minor unit (USD 2, JPY 0, KWD 3). */
export const currencyMinorUnits = minorUnits;

export type MoneyParse = { ok: true; cents: number } | { ok: false; message: string };

/** See shared/money parseMoney: "19.995" USD is refused, never rounded. */
export function parseMoney(text: string, currency = 'USD'): MoneyParse {
  const parsed = parseMinor(text, currency);
  return parsed.ok ? { ok: true, cents: parsed.minor } : parsed;
}

/** Like parseMoney but throws; for values already validated upstream. */
export function moneyToCents(text: string, currency = 'USD'): number {
  const parsed = parseMoney(text, currency);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cents;
}

/** Formats integer minor units back to the channel's decimal text ("1999" -> "19.99"). */
export function centsToDecimalText(cents: number, currency = 'USD'): string {
  return fromMinor(cents, currency);
}
