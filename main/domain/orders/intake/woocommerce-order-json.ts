import { z } from 'zod';
import type { ChannelOrderEvent, IncomingAddress, IncomingOrder, IncomingOrderLine, IntakeResult, PaymentStatus } from './incoming-order';
import { parseJsonKeepingLongIntegers } from './exact-json';
import { exactId, FieldProblems, joinName, moneyText, optionalText, requireShippableAddress, toUtcIso, zodIssuesToErrors } from './json-intake-helpers';

/**
 * WooCommerce order JSON: webhook deliveries carry exactly the REST API v3 order resource, so one
 * schema covers both `GET /wp-json/wc/v3/orders/<id>` and order.created / order.updated webhooks.
 */

const wooAddress = z.object({
  first_name: optionalText,
  last_name: optionalText,
  company: optionalText,
  address_1: optionalText,
  address_2: optionalText,
  city: optionalText,
  state: optionalText,
  postcode: optionalText,
  country: optionalText,
  email: optionalText,
  phone: optionalText,
});

const wooLineItem = z.object({
  id: exactId,
  name: optionalText,
  sku: optionalText,
  product_id: exactId.nullish(),
  variation_id: exactId.nullish(),
  quantity: z.number(),
  subtotal: moneyText,
  total: moneyText,
  total_tax: moneyText.nullish(),
});

const wooOrder = z.object({
  id: exactId,
  parent_id: exactId.nullish(),
  number: z.union([z.string(), z.number()]).nullish(),
  order_key: optionalText,
  status: z.string(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'currency must be a 3-letter ISO code'),
  date_created: optionalText,
  date_created_gmt: optionalText,
  date_paid_gmt: optionalText,
  customer_id: exactId.nullish(),
  customer_note: optionalText,
  billing: wooAddress.nullish(),
  shipping: wooAddress.nullish(),
  payment_method: optionalText,
  transaction_id: optionalText,
  line_items: z.array(wooLineItem).min(1, 'order has no line items'),
  shipping_lines: z.array(z.object({ method_title: optionalText, method_id: optionalText, total: moneyText })).nullish(),
  // The order resource lists its refunds as {id, reason, total} with a negative total (line detail is
  // only in /orders/<id>/refunds).
  refunds: z.array(z.object({ id: exactId, reason: optionalText, total: moneyText })).nullish(),
});

type WooOrderPayload = z.infer<typeof wooOrder>;

const PAYMENT_STATUS: Record<string, PaymentStatus> = {
  pending: 'pending',
  'on-hold': 'pending',
  processing: 'paid',
  completed: 'paid',
  refunded: 'refunded',
  failed: 'voided',
  cancelled: 'voided',
};

/**
 * Parses a WooCommerce order webhook body or REST v3 order. `topic` is X-WC-Webhook-Topic
 * ("order.created", "order.updated"). Check isWooCommercePing first: pings are not orders.
 * order.deleted bodies carry only an id; use wooCommerceDeletedOrderId for those.
 */
export function parseWooCommerceOrder(rawBody: Buffer | string, topic?: string | null): IntakeResult<IncomingOrder> {
  const json = parseJsonKeepingLongIntegers(rawBody);
  if (!json.ok) return { ok: false, errors: [{ path: '(root)', field: '(body)', message: json.message }] };
  return parseWooCommerceOrderObject(json.value, topic);
}

export function parseWooCommerceOrderObject(body: unknown, topic?: string | null): IntakeResult<IncomingOrder> {
  const parsed = wooOrder.safeParse(body);
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(parsed.error.issues) };
  // A trashed order (status `trash`, what the reconciliation pull may read) is as gone as a cancelled one.
  const event: ChannelOrderEvent =
    parsed.data.status === 'cancelled' || parsed.data.status === 'trash' ? 'cancelled' : topic === 'order.created' ? 'created' : 'updated';
  return mapWooOrder(parsed.data, event);
}

/** Prefix of the stand-in SKU of a WooCommerce line that has none (see wooCommerceProductKey). */
export const WOO_PRODUCT_KEY_PREFIX = 'wc:';

/**
 * The stand-in SKU of a WooCommerce line without one: `wc:<product_id>` or
 * `wc:<product_id>:<variation_id>` — the connector's ChannelProduct externalId with a prefix, so a
 * mapping made from the product list (an sku_alias row for the channel) matches order lines. A line
 * whose product was deleted in WooCommerce (product_id 0) falls back to its line id.
 */
export function wooCommerceProductKey(productId: string | null | undefined, variationId: string | null | undefined, lineId: string): string {
  if (!productId || productId === '0') return `${WOO_PRODUCT_KEY_PREFIX}line:${lineId}`;
  return variationId && variationId !== '0' ? `${WOO_PRODUCT_KEY_PREFIX}${productId}:${variationId}` : `${WOO_PRODUCT_KEY_PREFIX}${productId}`;
}

/** The order id of an order.deleted delivery (body `{"id": 727}`), or null. */
export function wooCommerceDeletedOrderId(rawBody: Buffer | string): string | null {
  const json = parseJsonKeepingLongIntegers(rawBody);
  if (!json.ok) return null;
  const parsed = z.object({ id: exactId }).safeParse(json.value);
  return parsed.success ? parsed.data.id : null;
}

function mapWooOrder(order: WooOrderPayload, event: ChannelOrderEvent): IntakeResult<IncomingOrder> {
  const currency = order.currency.toUpperCase();
  const problems = new FieldProblems(currency);

  const lines: IncomingOrderLine[] = order.line_items.map((item, index) => {
    const path = `line_items[${index}]`;
    const quantity = problems.positiveQuantity(item.quantity, `${path}.quantity`);
    const subtotalCents = problems.money(item.subtotal, `${path}.subtotal`);
    const totalCents = problems.money(item.total, `${path}.total`);
    // Woo stores line subtotal (before coupons) and total (after); the unit price is derived. When the
    // subtotal does not divide evenly we round the unit price up and let the discount absorb the
    // remainder, so unit*qty - discount still equals exactly what Woo charged.
    const unitPriceCents = quantity > 0 ? Math.ceil(subtotalCents / quantity) : 0;
    return {
      externalLineId: item.id,
      // A line without a SKU (common in WooCommerce) is kept under a key made of its product and
      // variation ids: it does not resolve to a product, so the order is held like an unknown SKU,
      // and once mapped (a channel SKU alias for this key) later orders for it go straight through.
      sku: item.sku ?? wooCommerceProductKey(item.product_id, item.variation_id, item.id),
      name: item.name ?? '',
      quantity,
      unitPriceCents,
      discountCents: Math.max(0, unitPriceCents * quantity - totalCents),
      taxCents: problems.money(item.total_tax, `${path}.total_tax`),
    };
  });

  const shippingChargedCents = (order.shipping_lines ?? []).reduce(
    (sum, line, i) => sum + problems.money(line.total, `shipping_lines[${i}].total`),
    0,
  );

  // Woo sends an empty shipping object for virtual orders: an address with no street means "none".
  let shipTo: IncomingAddress | null = null;
  if (order.shipping && (order.shipping.address_1 || order.shipping.city)) {
    shipTo = requireShippableAddress(mapAddress(order.shipping, order.billing?.phone ?? null), 'shipping', problems, {
      line1: 'address_1',
      city: 'city',
      postalCode: 'postcode',
      countryCode: 'country',
    });
  } else if (order.shipping_lines?.length) {
    problems.add('shipping', 'order has a shipping line but no shipping address');
  }

  // date_created is in the site's own timezone with no offset; only the _gmt twin is an instant.
  const placedAt = order.date_created_gmt ? toUtcIso(order.date_created_gmt, true) : null;
  if (!placedAt) problems.add('date_created_gmt', 'date_created_gmt is missing or not a timestamp (date_created has no timezone)');

  const refunds = order.refunds?.map((r, i) => ({
    externalId: r.id,
    amountCents: Math.abs(problems.money(r.total, `refunds[${i}].total`, { allowNegative: true })),
    reason: r.reason,
    lines: [],
  }));

  if (problems.errors.length > 0) return { ok: false, errors: problems.errors };

  const rawIdentifiers: Record<string, string> = { id: order.id };
  if (order.number != null) rawIdentifiers.number = String(order.number);
  if (order.order_key) rawIdentifiers.order_key = order.order_key;
  if (order.customer_id && order.customer_id !== '0') rawIdentifiers.customer_id = order.customer_id;
  if (order.parent_id && order.parent_id !== '0') rawIdentifiers.parent_id = order.parent_id;
  if (order.transaction_id) rawIdentifiers.transaction_id = order.transaction_id;
  rawIdentifiers.status = order.status;

  return {
    ok: true,
    value: {
      channel: 'woocommerce',
      externalId: order.id,
      orderNumber: order.number != null ? String(order.number) : order.id,
      event,
      customer: {
        name: joinName(order.billing?.first_name, order.billing?.last_name) || joinName(order.shipping?.first_name, order.shipping?.last_name),
        email: order.billing?.email ?? null,
        phone: order.billing?.phone ?? null,
      },
      shipTo,
      lines,
      shippingChargedCents,
      currency,
      paymentStatus: PAYMENT_STATUS[order.status] ?? 'unknown',
      shippingMethod: order.shipping_lines?.[0]?.method_title ?? order.shipping_lines?.[0]?.method_id ?? null,
      tags: [],
      note: order.customer_note,
      placedAt: placedAt!,
      rawIdentifiers,
      ...(refunds?.length ? { refunds } : {}),
    },
  };
}

function mapAddress(address: z.infer<typeof wooAddress>, fallbackPhone: string | null): IncomingAddress {
  return {
    name: joinName(address.first_name, address.last_name),
    company: address.company,
    line1: address.address_1 ?? '',
    line2: address.address_2,
    city: address.city ?? '',
    regionCode: address.state,
    postalCode: address.postcode ?? '',
    countryCode: (address.country ?? '').toUpperCase(),
    phone: address.phone ?? fallbackPhone,
    residential: null,
  };
}
