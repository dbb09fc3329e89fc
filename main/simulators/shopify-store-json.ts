/**
 * The simulated Shopify store's JSON faces: the REST webhook bodies (orders, refunds) and the
 * sample customer, address and shipping line its orders carry. The store's books are in
 * shopify-store-state.ts. For tests and the demo only.
 */
import type { SimAddress, SimOrder, SimRefund } from './shopify-store-state';

/** The order as Shopify's REST `orders/*` webhooks carry it (the fields a receiver reads, and a few more). */
export function orderWebhookBody(order: SimOrder, shopDomain: string): Record<string, unknown> {
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: order.name,
    order_number: order.number,
    token: order.token,
    email: SIM_CUSTOMER.email,
    phone: null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.createdAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelledAt ? 'customer' : null,
    currency: 'USD',
    financial_status: financialStatus(order),
    fulfillment_status: null,
    tags: order.tags.join(', '),
    note: order.note,
    order_status_url: `https://${shopDomain}/orders/${order.token}`,
    customer: { id: SIM_CUSTOMER.id, first_name: SIM_CUSTOMER.firstName, last_name: SIM_CUSTOMER.lastName },
    shipping_address: addressJson(order.shippingAddress),
    billing_address: SIM_ADDRESS_JSON,
    line_items: order.lines.map((line) => ({
      id: line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      variant_id: line.variant.variantId,
      product_id: line.variant.productId,
      sku: line.variant.sku,
      name: line.variant.name,
      title: line.variant.name,
      variant_title: null,
      quantity: line.quantity,
      current_quantity: line.currentQuantity,
      price: line.price,
      total_discount: '0.00',
      discount_allocations: [],
      tax_lines: [],
      requires_shipping: true,
    })),
    shipping_lines: [{ title: SIM_SHIPPING.title, code: SIM_SHIPPING.code, price: SIM_SHIPPING.price, discounted_price: SIM_SHIPPING.price }],
    refunds: order.refunds.map((r) => refundJson(order, r)),
  };
}

/** paid / partially_refunded / refunded, from what was refunded against what was charged. */
export function financialStatus(order: SimOrder): string {
  const cents = (text: string) => Math.round(Number(text) * 100);
  const refunded = order.refunds.reduce((s, r) => s + cents(r.amount), 0);
  if (refunded === 0) return 'paid';
  const charged = order.lines.reduce((s, l) => s + cents(l.price) * l.quantity, 0) + cents(SIM_SHIPPING.price);
  return refunded >= charged ? 'refunded' : 'partially_refunded';
}

/** The REST Refund resource (refunds/create body; an item of the order's `refunds`). */
export function refundJson(order: SimOrder, refund: SimRefund): Record<string, unknown> {
  return {
    id: refund.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note,
    restock: refund.lines.some((l) => l.restockType !== 'no_restock'),
    refund_line_items: refund.lines.map((l) => ({ id: l.id, line_item_id: l.lineId, quantity: l.quantity, restock_type: l.restockType, subtotal: l.subtotal, total_tax: '0.00' })),
    transactions: [{ id: refund.id + 1, order_id: order.id, kind: 'refund', status: 'success', amount: refund.amount, currency: 'USD', gateway: 'manual' }],
    order_adjustments: [],
  };
}

function addressJson(a: SimAddress): Record<string, unknown> {
  return {
    name: a.name,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province_code: a.provinceCode,
    zip: a.zip,
    country_code: a.countryCodeV2,
    phone: a.phone,
  };
}

/** Every simulated buyer is the same made-up person at a made-up address. */
export const SIM_CUSTOMER = { id: 7_100_000_000_001, firstName: 'Ada', lastName: 'Sample', email: 'ada.sample@example.com' };
export const SIM_ADDRESS: {
  name: string;
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  provinceCode: string;
  zip: string;
  countryCodeV2: string;
  phone: string | null;
} = {
  name: 'Ada Sample',
  firstName: 'Ada',
  lastName: 'Sample',
  company: null,
  address1: '12 Example Street',
  address2: null,
  city: 'Springfield',
  provinceCode: 'IL',
  zip: '62701',
  countryCodeV2: 'US',
  phone: null,
};
const SIM_ADDRESS_JSON = {
  name: SIM_ADDRESS.name,
  first_name: SIM_ADDRESS.firstName,
  last_name: SIM_ADDRESS.lastName,
  company: null,
  address1: SIM_ADDRESS.address1,
  address2: null,
  city: SIM_ADDRESS.city,
  province_code: SIM_ADDRESS.provinceCode,
  zip: SIM_ADDRESS.zip,
  country_code: SIM_ADDRESS.countryCodeV2,
  phone: null,
};
export const SIM_SHIPPING = { title: 'Standard', code: 'STANDARD', price: '5.00' };
