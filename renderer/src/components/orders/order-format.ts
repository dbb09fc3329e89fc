import type { OrderStatus } from '../../../../shared/api/orders';

/** Labels for order states, in the order the queue's tabs show them. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  new: 'New',
  allocated: 'Allocated',
  backordered: 'Backordered',
  on_hold: 'On hold',
  picking: 'Picking',
  packed: 'Packed',
  partially_shipped: 'Partially shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
};

export const QUEUE_TABS: (OrderStatus | 'all')[] = ['all', 'new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'];

const PILL: Partial<Record<OrderStatus, string>> = {
  allocated: 'ok',
  packed: 'ok',
  shipped: 'ok',
  delivered: 'ok',
  backordered: 'warn',
  partially_shipped: 'warn',
  on_hold: 'bad',
  cancelled: 'bad',
};

export const statusPillClass = (s: OrderStatus) => `pill status-pill ${PILL[s] ?? ''}`.trim();

/** "2026-11-02T10:04:00.000Z" -> "2026-11-02 10:04" (UTC, as stored). */
export const shortDateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * "12.50" -> 1250. Money is typed as a decimal but kept as integer cents: parse the digits, never
 * multiply a float (0.29 * 100 is 28.999…). Returns null for anything that is not a plain amount.
 */
export function parseCents(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** True when a key event comes from a text field (single-key shortcuts must not fire there). */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable);
}

/** Field path -> message from a VALIDATION error's details ({ issues: [{ path, message }] }). */
export function fieldErrors(err: unknown): Record<string, string> {
  const details = (err as { code?: string; details?: { issues?: { path: string; message: string }[] } }) ?? {};
  if (details.code !== 'VALIDATION') return {};
  const out: Record<string, string> = {};
  for (const i of details.details?.issues ?? []) if (!(i.path in out)) out[i.path] = i.message;
  return out;
}
