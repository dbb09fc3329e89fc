import type { PoStatus } from '../../../../shared/api/purchasing';

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

/** "2.50" → 250; null when not an amount with at most two decimals. */
export function decimalToCents(text: string): number | null {
  const m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const centsToDecimal = (cents: number) => (cents / 100).toFixed(2);

/** Saves a base64 document (PO PDF / CSV) as a file; the console's CSP opens no new windows. */
export function downloadBase64(filename: string, mime: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
