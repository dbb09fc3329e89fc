import type { AddressDto } from '../../../../shared/api/orders';

/**
 * The one shape every order channel (Shopify, WooCommerce, CSV, manual) is normalised into
 * before it touches the store. Intake is idempotent by (channel, externalId), so externalId is
 * kept exactly as the channel sent it, never re-formatted.
 */

export type OrderChannel = 'shopify' | 'woocommerce' | 'csv';

/** Normalised payment state; the channel's own word is kept in rawIdentifiers.paymentStatus. */
export type PaymentStatus =
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'partially_paid'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'unknown';

/** What the channel says happened to the order; intake maps this onto our state machine. */
export type ChannelOrderEvent = 'created' | 'updated' | 'cancelled';

export interface IncomingCustomer {
  name: string;
  email: string | null;
  phone: string | null;
}

/** The ship-to address exactly as the contract shows it (one definition: shared/api/orders.ts). */
export type IncomingAddress = AddressDto;

export interface IncomingOrderLine {
  /** The channel's line id ("line_items[].id"); for CSV, a synthetic "<order>:<n>". */
  externalLineId: string;
  sku: string;
  name: string;
  /** Positive integer. */
  quantity: number;
  /** Per unit, before discounts and tax, in minor units of the order currency. */
  unitPriceCents: number;
  /** Total discount on this line (all units), minor units, >= 0. */
  discountCents: number;
  /** Total tax on this line (all units), minor units, >= 0. */
  taxCents: number;
}

/** A refund made in the store, as the order (or the refund webhook) reports it. */
export interface IncomingRefund {
  /** The store's refund id; a refund is applied once per order and id. */
  externalId: string;
  /** Money returned to the buyer, minor units, >= 0. */
  amountCents: number;
  reason: string | null;
  /** Units refunded per line, when the store says (Shopify does; WooCommerce's order resource does not). */
  lines: { externalLineId: string; quantity: number }[];
}

export interface IncomingOrder {
  channel: OrderChannel;
  /** The channel's order id exactly as sent (Shopify numeric id as a string, Woo id, CSV order_id). */
  externalId: string;
  /** What the shop and the customer call the order ("#1001", "727"). */
  orderNumber: string;
  event: ChannelOrderEvent;
  customer: IncomingCustomer;
  /** null for orders with nothing to ship (digital goods, pickup). */
  shipTo: IncomingAddress | null;
  lines: IncomingOrderLine[];
  shippingChargedCents: number;
  /** ISO 4217, upper case. */
  currency: string;
  paymentStatus: PaymentStatus;
  shippingMethod: string | null;
  tags: string[];
  note: string | null;
  /** ISO 8601 instant in UTC ("2025-07-16T14:03:00.000Z"). */
  placedAt: string;
  /** Channel identifiers kept verbatim (order id, name, token, admin GraphQL id, Woo order_key...). */
  rawIdentifiers: Record<string, string>;
  /**
   * Refunds made in the store so far (absent: the source does not say, e.g. CSV). Lines above are
   * already net of edits and refunds (Shopify's current_quantity), so a line refunded in full is absent.
   */
  refunds?: IncomingRefund[];
}

/**
 * One problem found in an input. `path` is a JSON path ("line_items[2].price") for JSON inputs;
 * `row` is the 1-based line in the file where the CSV record starts (header = row 1).
 */
/**
 * Most units one order line may carry: far above any real order, far below where quantity times a
 * price stops being an exact integer (1e21 units "is an integer" to JavaScript but not to a ledger).
 */
export const MAX_LINE_QUANTITY = 1_000_000;

export interface IntakeError {
  path?: string;
  row?: number;
  field: string;
  message: string;
}

export type IntakeResult<T> = { ok: true; value: T } | { ok: false; errors: IntakeError[] };

/** One yielded item of a streaming CSV order import: an order or the errors of one order group. */
export type OrderCsvItem =
  | { ok: true; order: IncomingOrder; rows: { first: number; last: number } }
  | { ok: false; errors: IntakeError[]; rows: { first: number; last: number } | null };
