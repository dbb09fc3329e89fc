import { formatMoney as formatMinor } from '../../../../shared/money';

/** Integer minor units -> "$1,234.56" in the shop's locale, with the currency's own decimals (display only). */
export function formatMoney(cents: number, currency = 'USD'): string {
  return formatMinor(cents, currency);
}

export function formatDateTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
