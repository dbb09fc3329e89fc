import type { PoStatus } from '../../../../shared/api/purchasing';
import { fromMinor, parseMoney } from '../../../../shared/money';

export const PO_STATUS_LABELS: Record<PoStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  partially_received: 'Partially received',
  received: 'Received',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const PILL: Partial<Record<PoStatus, string>> = { sent: 'warn', partially_received: 'warn', received: 'ok', closed: 'ok', cancelled: 'bad' };
export const poStatusPill = (s: PoStatus) => `pill ${PILL[s] ?? ''}`.trim();

/** "2.50" → 250 (USD), "250" → 250 (JPY); null when not a non-negative amount in the currency's decimals (shared/money). */
export function decimalToCents(text: string, currency = 'USD'): number | null {
  if (/[+-]/.test(text)) return null;
  const parsed = parseMoney(text, currency);
  return parsed.ok ? parsed.minor : null;
}

/** 250 → "2.50" (USD), "250" (JPY), "0.250" (KWD): the form field's text. */
export const centsToDecimal = (cents: number, currency = 'USD') => fromMinor(cents, currency);

export { downloadBase64 } from '../../download';
