/**
 * The simulated WooCommerce store's records, rendered in the REST API v3 shapes
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/): products, variations and orders.
 * For tests and the demo only (see woocommerce-store.ts).
 */
export interface SimProduct {
  id: number;
  name: string;
  sku: string;
  type: 'simple' | 'variable' | 'variation';
  parentId: number;
  price: string;
  manageStock: boolean;
  stock: number | null;
  variations: number[];
}

export interface SimOrder {
  id: number;
  status: string;
  createdMs: number;
  modifiedMs: number;
  lines: { id: number; product: SimProduct; quantity: number }[];
  meta: { id: number; key: string; value: unknown }[];
  notes: { id: number; note: string; customer_note: boolean; date_created_gmt: string }[];
  /** Shipment-tracking items Shipshape removed again (voided shipments), for fulfilmentsOf. */
  withdrawnTracking: Record<string, unknown>[];
  /** Refunds as the order resource lists them (total negative, as WooCommerce shows it). */
  refunds?: { id: number; reason: string; total: string }[];
}

/** WooCommerce's dates: to the second, no zone (`_gmt` fields are UTC). */
export const wooDate = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export function productJson(p: SimProduct) {
  return {
    id: p.id,
    name: p.name,
    slug: p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    type: p.type,
    status: 'publish',
    sku: p.sku,
    price: p.price,
    regular_price: p.price,
    manage_stock: p.type === 'variation' && !p.manageStock ? 'parent' : p.manageStock,
    stock_quantity: p.manageStock ? p.stock : null,
    stock_status: !p.manageStock || (p.stock ?? 0) > 0 ? 'instock' : 'outofstock',
    ...(p.type === 'variation' ? { parent_id: p.parentId, attributes: [{ id: 0, name: 'Option', option: p.name }] } : { parent_id: 0, variations: p.variations }),
  };
}

const ADDRESS = { first_name: 'Sam', last_name: 'Buyer', company: '', address_1: '12 Harbour Road', address_2: '', city: 'Portland', state: 'OR', postcode: '97201', country: 'US' };

export function orderJson(o: SimOrder, home: string) {
  const lineItems = o.lines.map((l) => {
    const total = (Number(l.product.price) * l.quantity).toFixed(2);
    return {
      id: l.id,
      name: l.product.name,
      product_id: l.product.type === 'variation' ? l.product.parentId : l.product.id,
      variation_id: l.product.type === 'variation' ? l.product.id : 0,
      quantity: l.quantity,
      tax_class: '',
      subtotal: total,
      subtotal_tax: '0.00',
      total,
      total_tax: '0.00',
      taxes: [],
      meta_data: [],
      sku: l.product.sku,
      price: Number(l.product.price),
    };
  });
  const itemsTotal = lineItems.reduce((sum, l) => sum + Number(l.total), 0);
  return {
    id: o.id,
    parent_id: 0,
    number: String(o.id),
    order_key: `wc_order_sim${o.id}`,
    created_via: 'checkout',
    version: '9.4.0',
    status: o.status,
    currency: 'USD',
    date_created: wooDate(o.createdMs),
    date_created_gmt: wooDate(o.createdMs),
    date_modified: wooDate(o.modifiedMs),
    date_modified_gmt: wooDate(o.modifiedMs),
    discount_total: '0.00',
    shipping_total: '5.00',
    total: (itemsTotal + 5).toFixed(2),
    total_tax: '0.00',
    prices_include_tax: false,
    customer_id: 0,
    customer_note: '',
    billing: { ...ADDRESS, email: `buyer${o.id}@example.com`, phone: '(555) 555-0100' },
    shipping: ADDRESS,
    payment_method: 'bacs',
    payment_method_title: 'Direct Bank Transfer',
    transaction_id: '',
    date_paid_gmt: wooDate(o.createdMs),
    meta_data: o.meta,
    line_items: lineItems,
    tax_lines: [],
    shipping_lines: [{ id: o.id * 1000, method_title: 'Flat rate', method_id: 'flat_rate', total: '5.00', total_tax: '0.00', taxes: [] }],
    fee_lines: [],
    coupon_lines: [],
    refunds: o.refunds ?? [],
    _links: { self: [{ href: `${home}/wp-json/wc/v3/orders/${o.id}` }] },
  };
}

/** WooCommerce's error body (WP_Error through the REST server). */
export const wooError = (code: string, message: string, status: number) => ({ code, message, data: { status } });
