import { restId } from './ids';
import type { GqlAddress, GqlLineItem, GqlOrder, Money } from './operations';

/**
 * A GraphQL Order → the REST JSON body Shopify's `orders/*` webhooks carry, limited to the fields
 * Shipshape's intake parser reads (main/domain/orders/intake/shopify-order-json.ts). The pull hands
 * this body to the very parser the webhook goes through, so a pulled order and its webhook make the
 * same Shipshape order (tests/unit/channels/shopify-connector.test.ts holds the two equal).
 *
 * Not in GraphQL and so absent here: the webhook's `token` / `checkout_token` (kept only as raw
 * identifiers, never used to match orders) and the customer's own e-mail (the order's is used).
 */
export function orderToWebhookJson(order: GqlOrder, lineItems: GqlLineItem[]): Record<string, unknown> {
  return {
    id: restId(order.legacyResourceId || order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: order.number,
    email: order.email,
    phone: order.phone,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currencyCode,
    // displayFinancialStatus is the REST financial_status upper-cased (PARTIALLY_REFUNDED ↔ partially_refunded).
    financial_status: order.displayFinancialStatus ? order.displayFinancialStatus.toLowerCase() : null,
    tags: order.tags.join(', '),
    note: order.note,
    customer: order.customer
      ? { id: restId(order.customer.legacyResourceId), first_name: order.customer.firstName, last_name: order.customer.lastName }
      : null,
    shipping_address: addressJson(order.shippingAddress),
    billing_address: addressJson(order.billingAddress),
    line_items: lineItems.map(lineItemJson),
    // As the webhook's Refund resources; the money is the refund's total (its successful transactions).
    refunds: (order.refunds ?? []).map((r) => ({
      id: restId(r.legacyResourceId || r.id),
      note: r.note,
      refund_line_items: r.refundLineItems.nodes.map((l) => ({ line_item_id: restId(l.lineItem.id), quantity: l.quantity })),
      transactions: [{ kind: 'refund', status: 'success', amount: amount(r.totalRefundedSet) }],
    })),
    shipping_lines: order.shippingLines.nodes.map((line) => ({
      title: line.title,
      code: line.code,
      price: amount(line.originalPriceSet),
      discounted_price: line.discountedPriceSet ? amount(line.discountedPriceSet) : null,
    })),
  };
}

function lineItemJson(item: GqlLineItem): Record<string, unknown> {
  return {
    id: restId(item.id),
    admin_graphql_api_id: item.id,
    sku: item.sku,
    name: item.name,
    title: item.title,
    variant_title: item.variantTitle,
    // `quantity` as ordered, the same figure the webhook's line_items[].quantity carries.
    quantity: item.quantity,
    current_quantity: item.currentQuantity ?? item.quantity,
    price: amount(item.originalUnitPriceSet),
    total_discount: item.totalDiscountSet ? amount(item.totalDiscountSet) : '0.00',
    discount_allocations: item.discountAllocations.map((a) => ({ amount: amount(a.allocatedAmountSet) })),
    tax_lines: item.taxLines.map((t) => ({ price: amount(t.priceSet) })),
    requires_shipping: item.requiresShipping,
  };
}

function addressJson(address: GqlAddress | null): Record<string, unknown> | null {
  if (!address) return null;
  return {
    name: address.name,
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province_code: address.provinceCode,
    zip: address.zip,
    country_code: address.countryCodeV2,
    phone: address.phone,
  };
}

function amount(money: Money): string {
  return money.shopMoney.amount;
}
