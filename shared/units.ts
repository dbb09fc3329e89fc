/** Money is integer minor units; weight integer grams; lengths integer millimetres. */

export function formatMoney(cents: number, currency = 'USD', locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

export function formatGrams(grams: number): string {
  return grams >= 10_000 ? `${(grams / 1000).toFixed(1)} kg` : `${grams.toLocaleString('en-US')} g`;
}
