import type { OrderStatus } from '../../../../shared/api/orders';
import { parseMoney } from '../../../../shared/money';
import { fieldErrorsOf } from '../../../../shared/validation-messages';
import { ApiError } from '../../bridge';

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
 * "12.50" -> 1250 (USD), "1250" -> 1250 (JPY): shared/money's exact parser with the currency's own
 * decimals, never a float (0.29 * 100 is 28.999…). A decimal comma ("12,50") reads as the point.
 * Returns null for anything that is not a plain non-negative amount.
 */
export function parseCents(text: string, currency = 'USD'): number | null {
  if (/[+-]/.test(text)) return null;
  const parsed = parseMoney(/^\s*\d+,\d{1,2}\s*$/.test(text) ? text.replace(',', '.') : text, currency);
  return parsed.ok ? parsed.minor : null;
}

/** Field path -> plain message from a VALIDATION error (one mapper for every form: shared/validation-messages.ts). */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ApiError ? fieldErrorsOf(err) : {};
}
