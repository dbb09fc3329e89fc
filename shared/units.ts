/** Money is integer minor units; weight integer grams; lengths integer millimetres. */

export function formatMoney(cents: number, currency = 'USD', locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

export function formatGrams(grams: number): string {
  return grams >= 10_000 ? `${(grams / 1000).toFixed(1)} kg` : `${grams.toLocaleString('en-US')} g`;
}

/**
 * Parses a decimal money string ("19.99", "-3", "1,234.50") into integer cents without going
 * through floating point, so 0.1 + 0.2 style errors can never reach a ledger.
 * Returns null when the text is not a money amount with at most two decimals.
 */
export function parseMoneyToCents(text: string): number | null {
  const cleaned = text.trim().replace(/,/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
