import type { ShopifyOrderPayload } from './shopify-order-json';

/**
 * A hand-written reader for well-formed Shopify order bodies that yields exactly what the zod
 * schema in shopify-order-json.ts yields (same fields, same transforms: ids and money as strings,
 * optional text trimmed or null, unknown fields dropped), without zod's per-field overhead, which
 * was most of a flash-sale webhook's CPU time. It never decides that a body is bad: anything
 * unexpected returns null and the zod schema parses it, so error messages come from one place.
 * tests/unit/orders/shopify-fast-path.test.ts holds the two to the same output.
 */
export function readShopifyOrderFast(body: unknown): ShopifyOrderPayload | null {
  try {
    return readOrder(body);
  } catch (e) {
    if (e === MISMATCH) return null;
    throw e;
  }
}

const MISMATCH = Symbol('mismatch');
type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw MISMATCH;
  return v as Obj;
}

/** optionalText: string | null | undefined -> trimmed string, or null when blank or absent. */
function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v !== 'string') throw MISMATCH;
  const t = v.trim();
  return t === '' ? null : t;
}

/** exactId: a non-empty string or a non-negative integer, kept as its decimal string. */
function id(v: unknown): string {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw MISMATCH;
}

/** moneyText: string or number -> string. */
function money(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw MISMATCH;
}

/** `.nullish()` wrappers keep null and absence as they are. */
function nullish<T>(v: unknown, read: (v: unknown) => T): T | null | undefined {
  return v === undefined ? undefined : v === null ? null : read(v);
}

function set<T extends Obj>(target: T, key: string, value: unknown): void {
  if (value !== undefined) (target as Obj)[key] = value;
}

function array<T>(v: unknown, read: (v: unknown) => T): T[] {
  if (!Array.isArray(v)) throw MISMATCH;
  return v.map(read);
}

function address(v: unknown): NonNullable<ShopifyOrderPayload['shipping_address']> {
  const a = obj(v);
  return {
    name: text(a.name),
    first_name: text(a.first_name),
    last_name: text(a.last_name),
    company: text(a.company),
    address1: text(a.address1),
    address2: text(a.address2),
    city: text(a.city),
    province_code: text(a.province_code),
    zip: text(a.zip),
    country_code: text(a.country_code),
    phone: text(a.phone),
  };
}

function lineItem(v: unknown): ShopifyOrderPayload['line_items'][number] {
  const l = obj(v);
  if (typeof l.quantity !== 'number' || !Number.isFinite(l.quantity)) throw MISMATCH;
  const out: ShopifyOrderPayload['line_items'][number] = {
    id: id(l.id),
    sku: text(l.sku),
    name: text(l.name),
    title: text(l.title),
    variant_title: text(l.variant_title),
    quantity: l.quantity,
    price: money(l.price),
  };
  set(out, 'total_discount', nullish(l.total_discount, money));
  set(out, 'discount_allocations', nullish(l.discount_allocations, (d) => array(d, (x) => ({ amount: money(obj(x).amount) }))));
  set(out, 'tax_lines', nullish(l.tax_lines, (t) => array(t, (x) => ({ price: money(obj(x).price) }))));
  if (l.requires_shipping != null && typeof l.requires_shipping !== 'boolean') throw MISMATCH;
  set(out, 'requires_shipping', l.requires_shipping);
  if (l.current_quantity != null && (typeof l.current_quantity !== 'number' || !Number.isFinite(l.current_quantity))) throw MISMATCH;
  set(out, 'current_quantity', l.current_quantity);
  return out;
}

function readOrder(body: unknown): ShopifyOrderPayload {
  const o = obj(body);
  if (typeof o.name !== 'string' || o.name.length === 0) throw MISMATCH;
  if (typeof o.created_at !== 'string') throw MISMATCH;
  if (typeof o.currency !== 'string' || !/^[A-Za-z]{3}$/.test(o.currency)) throw MISMATCH;
  if (o.order_number != null && typeof o.order_number !== 'number' && typeof o.order_number !== 'string') throw MISMATCH;
  if (o.tags != null && typeof o.tags !== 'string') throw MISMATCH;
  if (!Array.isArray(o.line_items) || o.line_items.length === 0) throw MISMATCH;
  // Refunds are rare and nested: the schema reads them (this path is for the flash-sale volume).
  if (o.refunds != null && (!Array.isArray(o.refunds) || o.refunds.length > 0)) throw MISMATCH;
  const out: ShopifyOrderPayload = {
    id: id(o.id),
    admin_graphql_api_id: text(o.admin_graphql_api_id),
    name: o.name,
    token: text(o.token),
    checkout_token: text(o.checkout_token),
    email: text(o.email),
    contact_email: text(o.contact_email),
    phone: text(o.phone),
    created_at: o.created_at,
    processed_at: text(o.processed_at),
    cancelled_at: text(o.cancelled_at),
    currency: o.currency,
    financial_status: text(o.financial_status),
    note: text(o.note),
    line_items: o.line_items.map(lineItem),
  };
  set(out, 'order_number', o.order_number);
  set(out, 'refunds', o.refunds);
  set(out, 'tags', o.tags);
  set(
    out,
    'customer',
    nullish(o.customer, (c) => {
      const cu = obj(c);
      const customer: NonNullable<ShopifyOrderPayload['customer']> = { email: text(cu.email), first_name: text(cu.first_name), last_name: text(cu.last_name), phone: text(cu.phone) };
      set(customer, 'id', nullish(cu.id, id));
      return customer;
    }),
  );
  set(out, 'shipping_address', nullish(o.shipping_address, address));
  set(out, 'billing_address', nullish(o.billing_address, address));
  set(
    out,
    'shipping_lines',
    nullish(o.shipping_lines, (s) =>
      array(s, (x) => {
        const line = obj(x);
        const sl: NonNullable<ShopifyOrderPayload['shipping_lines']>[number] = { title: text(line.title), code: text(line.code), price: money(line.price) };
        set(sl, 'discounted_price', nullish(line.discounted_price, money));
        return sl;
      }),
    ),
  );
  return out;
}
