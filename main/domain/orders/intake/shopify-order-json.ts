import { z } from 'zod';
import type { ChannelOrderEvent, IncomingAddress, IncomingOrder, IncomingOrderLine, IncomingRefund, IntakeResult, PaymentStatus } from './incoming-order';
import { parseJsonKeepingLongIntegers } from './exact-json';
import { readShopifyOrderFast } from './shopify-order-fast-path';
import {
  exactId,
  FieldProblems,
  joinName,
  moneyText,
  optionalText,
  requireShippableAddress,
  splitTags,
  toUtcIso,
  zodIssuesToErrors,
} from './json-intake-helpers';
import { quoteValue } from '../../../util/quote-value';

/**
 * Shopify order webhook bodies (orders/create, orders/updated, orders/cancelled all carry the full
 * order resource). Only the fields we use are validated; unknown fields are ignored so new API
 * versions do not break intake.
 */

const shopifyAddress = z.object({
  name: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  company: optionalText,
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  province_code: optionalText,
  zip: optionalText,
  country_code: optionalText,
  phone: optionalText,
});

const shopifyMoneyAllocation = z.object({ amount: moneyText });

const shopifyLineItem = z.object({
  id: exactId,
  sku: optionalText,
  name: optionalText,
  title: optionalText,
  variant_title: optionalText,
  quantity: z.number(),
  // What is left of the line after order edits and refunds (Shopify keeps `quantity` as ordered).
  current_quantity: z.number().nullish(),
  price: moneyText,
  total_discount: moneyText.nullish(),
  discount_allocations: z.array(shopifyMoneyAllocation).nullish(),
  tax_lines: z.array(z.object({ price: moneyText })).nullish(),
  requires_shipping: z.boolean().nullish(),
});

/** The REST Refund resource: the body of refunds/create, and each item of an order's `refunds`. */
const shopifyRefund = z.object({
  id: exactId,
  order_id: exactId.nullish(),
  note: optionalText,
  refund_line_items: z.array(z.object({ line_item_id: exactId, quantity: z.number() })).nullish(),
  transactions: z.array(z.object({ amount: moneyText, kind: optionalText, status: optionalText, currency: optionalText })).nullish(),
});

const shopifyOrder = z.object({
  id: exactId,
  admin_graphql_api_id: optionalText,
  name: z.string().min(1),
  order_number: z.union([z.number(), z.string()]).nullish(),
  token: optionalText,
  checkout_token: optionalText,
  email: optionalText,
  contact_email: optionalText,
  phone: optionalText,
  created_at: z.string(),
  processed_at: optionalText,
  cancelled_at: optionalText,
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'currency must be a 3-letter ISO code'),
  financial_status: optionalText,
  tags: z.string().nullish(),
  note: optionalText,
  customer: z
    .object({ id: exactId.nullish(), email: optionalText, first_name: optionalText, last_name: optionalText, phone: optionalText })
    .nullish(),
  shipping_address: shopifyAddress.nullish(),
  billing_address: shopifyAddress.nullish(),
  line_items: z.array(shopifyLineItem).min(1, 'order has no line items'),
  shipping_lines: z
    .array(z.object({ title: optionalText, code: optionalText, price: moneyText, discounted_price: moneyText.nullish() }))
    .nullish(),
  refunds: z.array(shopifyRefund).nullish(),
});

export type ShopifyOrderPayload = z.infer<typeof shopifyOrder>;

const PAYMENT_STATUS: Record<string, PaymentStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'partially_paid',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
};

/**
 * Parses a Shopify order webhook body. Pass the raw bytes (the same Buffer the signature was checked
 * on) so 64-bit ids survive exactly. `topic` is the X-Shopify-Topic header; without it the event is
 * inferred ("cancelled" when cancelled_at is set, else "updated").
 */
export function parseShopifyOrderWebhook(rawBody: Buffer | string, topic?: string | null): IntakeResult<IncomingOrder> {
  const json = parseJsonKeepingLongIntegers(rawBody);
  if (!json.ok) return { ok: false, errors: [{ path: '(root)', field: '(body)', message: json.message }] };
  return parseShopifyOrderObject(json.value, topic);
}

/** Same as parseShopifyOrderWebhook for an already-parsed body (ids above 2^53 may already be lost). */
export function parseShopifyOrderObject(body: unknown, topic?: string | null): IntakeResult<IncomingOrder> {
  // Well-formed bodies take the hand-written reader (same output, a fraction of the CPU); anything
  // else goes through the schema, which also words every error.
  const fast = readShopifyOrderFast(body);
  if (fast) return mapShopifyOrder(fast, eventFromTopic(topic, fast.cancelled_at));
  const parsed = shopifyOrder.safeParse(body);
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(parsed.error.issues) };
  return mapShopifyOrder(parsed.data, eventFromTopic(topic, parsed.data.cancelled_at));
}

function eventFromTopic(topic: string | null | undefined, cancelledAt: string | null): ChannelOrderEvent {
  if (topic === 'orders/create') return 'created';
  if (topic === 'orders/cancelled' || cancelledAt) return 'cancelled';
  return 'updated';
}

function mapShopifyOrder(order: ShopifyOrderPayload, event: ChannelOrderEvent): IntakeResult<IncomingOrder> {
  const currency = order.currency.toUpperCase();
  const problems = new FieldProblems(currency);

  const allLines = order.line_items.map((item, index) => {
    const path = `line_items[${index}]`;
    const ordered = problems.positiveQuantity(item.quantity, `${path}.quantity`);
    // After an order edit or a refund the line keeps its `quantity` and shows what is left in
    // current_quantity (0 = removed); what is left is what there is to ship.
    const current = item.current_quantity ?? ordered;
    if (!Number.isInteger(current) || current < 0 || current > ordered) problems.add(`${path}.current_quantity`, `current_quantity must be a whole number from 0 to quantity (${ordered}), got ${current}`);
    const quantity = Math.max(0, Math.min(current, ordered));
    const needsSku = item.requires_shipping !== false;
    if (needsSku && !item.sku) {
      problems.add(`${path}.sku`, `line ${quoteValue(item.name ?? item.title ?? item.id)} has no SKU; give the variant a SKU in Shopify`);
    }
    // discount_allocations is the current source of truth; total_discount is its older aggregate.
    const discountCents = item.discount_allocations?.length
      ? item.discount_allocations.reduce((sum, allocation, i) => sum + problems.money(allocation.amount, `${path}.discount_allocations[${i}].amount`), 0)
      : problems.money(item.total_discount, `${path}.total_discount`);
    const taxCents = (item.tax_lines ?? []).reduce((sum, taxLine, i) => sum + problems.money(taxLine.price, `${path}.tax_lines[${i}].price`), 0);
    // Discount and tax are for the units ordered; a reduced line keeps its share of them.
    const share = (cents: number) => (quantity === ordered || ordered === 0 ? cents : Math.round((cents * quantity) / ordered));
    return {
      externalLineId: item.id,
      sku: item.sku ?? '',
      name: item.name ?? item.title ?? '',
      quantity: quantity || ordered,
      unitPriceCents: problems.money(item.price, `${path}.price`),
      discountCents: share(discountCents),
      taxCents: share(taxCents),
      left: quantity,
    };
  });
  // Every line removed or refunded: nothing is left to ship, which for us is a cancellation (the
  // lines are kept as ordered, for the record).
  const nothingLeft = allLines.every((l) => l.left === 0);
  if (nothingLeft && event !== 'cancelled') event = 'cancelled';
  const lines: IncomingOrderLine[] = allLines.filter((l) => nothingLeft || l.left > 0).map(({ left: _left, ...line }) => line);
  const refunds = (order.refunds ?? []).map((r, i) => mapRefund(r, `refunds[${i}]`, problems));

  const shippingChargedCents = (order.shipping_lines ?? []).reduce(
    (sum, line, i) =>
      sum + problems.money(line.discounted_price ?? line.price, `shipping_lines[${i}].${line.discounted_price != null ? 'discounted_price' : 'price'}`),
    0,
  );

  const needsShipping = order.line_items.some((item) => item.requires_shipping !== false);
  let shipTo: IncomingAddress | null = null;
  if (order.shipping_address) {
    shipTo = requireShippableAddress(mapAddress(order.shipping_address), 'shipping_address', problems, {
      line1: 'address1',
      city: 'city',
      postalCode: 'zip',
      countryCode: 'country_code',
    });
  } else if (needsShipping) {
    problems.add('shipping_address', 'order has items to ship but no shipping address');
  }

  const placedAt = toUtcIso(order.created_at, false);
  if (!placedAt) problems.add('created_at', `${quoteValue(order.created_at)} is not an ISO 8601 timestamp with offset`);

  if (problems.errors.length > 0) return { ok: false, errors: problems.errors };

  const customerName =
    joinName(order.customer?.first_name, order.customer?.last_name) || order.billing_address?.name || order.shipping_address?.name || '';
  const rawIdentifiers: Record<string, string> = { id: order.id, name: order.name };
  if (order.order_number != null) rawIdentifiers.order_number = String(order.order_number);
  if (order.admin_graphql_api_id) rawIdentifiers.admin_graphql_api_id = order.admin_graphql_api_id;
  if (order.token) rawIdentifiers.token = order.token;
  if (order.checkout_token) rawIdentifiers.checkout_token = order.checkout_token;
  if (order.customer?.id) rawIdentifiers.customer_id = order.customer.id;
  if (order.financial_status) rawIdentifiers.financial_status = order.financial_status;

  return {
    ok: true,
    value: {
      channel: 'shopify',
      externalId: order.id,
      orderNumber: order.name,
      event,
      customer: {
        name: customerName,
        email: order.email ?? order.contact_email ?? order.customer?.email ?? null,
        phone: order.phone ?? order.customer?.phone ?? null,
      },
      shipTo,
      lines,
      shippingChargedCents,
      currency,
      paymentStatus: PAYMENT_STATUS[order.financial_status ?? ''] ?? 'unknown',
      shippingMethod: order.shipping_lines?.[0]?.title ?? order.shipping_lines?.[0]?.code ?? null,
      tags: splitTags(order.tags),
      note: order.note,
      placedAt: placedAt!,
      rawIdentifiers,
      ...(refunds.length ? { refunds } : {}),
    },
  };
}

type ShopifyRefundPayload = z.infer<typeof shopifyRefund>;

/** The money of a refund is its successful `refund` transactions (what reached the buyer). */
function mapRefund(refund: ShopifyRefundPayload, path: string, problems: FieldProblems): IncomingRefund {
  const amountCents = (refund.transactions ?? []).reduce(
    (sum, t, i) => (t.kind === 'refund' && (t.status ?? 'success') === 'success' ? sum + problems.money(t.amount, `${path}.transactions[${i}].amount`) : sum),
    0,
  );
  return {
    externalId: refund.id,
    amountCents,
    reason: refund.note,
    lines: (refund.refund_line_items ?? []).map((l) => ({ externalLineId: l.line_item_id, quantity: l.quantity })),
  };
}

/**
 * A refunds/create webhook body (the REST Refund resource, with its order_id). The currency is the
 * transactions' own (every transaction of a refund is in the order's currency).
 */
export function parseShopifyRefundWebhook(rawBody: Buffer | string): IntakeResult<{ orderExternalId: string; refund: IncomingRefund }> {
  const json = parseJsonKeepingLongIntegers(rawBody);
  if (!json.ok) return { ok: false, errors: [{ path: '(root)', field: '(body)', message: json.message }] };
  const parsed = shopifyRefund.safeParse(json.value);
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(parsed.error.issues) };
  if (!parsed.data.order_id) return { ok: false, errors: [{ path: 'order_id', field: 'order_id', message: 'missing' }] };
  const problems = new FieldProblems((parsed.data.transactions?.find((t) => t.currency)?.currency ?? 'USD').toUpperCase());
  const refund = mapRefund(parsed.data, '', problems);
  if (problems.errors.length > 0) return { ok: false, errors: problems.errors };
  return { ok: true, value: { orderExternalId: parsed.data.order_id, refund } };
}

function mapAddress(address: z.infer<typeof shopifyAddress>): IncomingAddress {
  return {
    name: address.name ?? joinName(address.first_name, address.last_name),
    company: address.company,
    line1: address.address1 ?? '',
    line2: address.address2,
    city: address.city ?? '',
    regionCode: address.province_code,
    postalCode: address.zip ?? '',
    countryCode: (address.country_code ?? '').toUpperCase(),
    phone: address.phone,
    residential: null,
  };
}

/** The schema alone, for holding the fast reader to the same output (tests). */
export function parseShopifyOrderWithSchema(body: unknown): { success: true; data: ShopifyOrderPayload } | { success: false } {
  const parsed = shopifyOrder.safeParse(body);
  return parsed.success ? { success: true, data: parsed.data } : { success: false };
}
