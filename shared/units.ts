/** Money is integer minor units; weight integer grams; lengths integer millimetres. */
import { displayLocale, formatCount, formatMoney as formatMinor } from './money';

/**
 * Integer minor units → "$1,234.56" in the shop's locale (shared/money.ts, the one money module;
 * kept under this name for the screens that import it from here).
 */
export function formatMoney(cents: number, currency = 'USD', locale = displayLocale()): string {
  return formatMinor(cents, currency, locale);
}

export function formatGrams(grams: number): string {
  return grams >= 10_000 ? `${(grams / 1000).toFixed(1)} kg` : `${formatCount(grams)} g`;
}
