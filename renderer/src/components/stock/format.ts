/** Integer minor units -> "$1,234.56" (display only; money stays integer cents everywhere else). */
export function formatMoney(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
}

export function formatDateTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
