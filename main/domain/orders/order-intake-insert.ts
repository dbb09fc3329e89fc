import type { OrderStatus } from '../../../shared/api/orders';
import type { Core } from '../../core';
import type { Store } from '../../store/store';
import type { ChannelRow } from '../../store/schema';
import { shopCalendar } from '../calendar/shop-calendar';
import type { ChannelService } from './channel-service';
import { WOO_PRODUCT_KEY_PREFIX, type IncomingOrder } from './intake/index';
import type { LineRow } from './order-allocation';
import { promisedDate } from './logic/index';
import { writeOrderTags } from './order-tags';

// Writing a new order: its lines' SKUs resolved to products, the row in its final state with its
// history, tags and lines; and the words of an "Unknown SKU" hold.

/** A line about to be inserted. */
export type NewLine = Omit<LineRow, 'id'>;

export interface NewOrderState {
  status: OrderStatus;
  allocation: string | null;
  warehouseId: number | null;
  holdReason: string | null;
  /** Line index -> warehouse. */
  lineWarehouse: Map<number, number>;
  intakeEvents: string;
}

/**
 * "Unknown SKU …": the prefix fixLine looks for to release the hold once every line is mapped. A
 * WooCommerce line that had no SKU at all carries a stand-in key (wooCommerceProductKey), named here
 * with the product and variation ids it came from so the owner can find it in WooCommerce.
 */
export function unknownSkuReason(unknown: readonly { sku: string; line_no: number; name?: string | null }[]): string {
  return `Unknown SKU ${unknown.map((u) => `${u.sku} (line ${u.line_no}${describeStandInSku(u.sku, u.name)})`).join(', ')}`;
}

function describeStandInSku(sku: string, name: string | null | undefined): string {
  if (!sku.startsWith(WOO_PRODUCT_KEY_PREFIX)) return '';
  const [product, variation] = sku.slice(WOO_PRODUCT_KEY_PREFIX.length).split(':');
  const named = name ? ` "${name}"` : '';
  if (product === 'line') return `${named}: no SKU in WooCommerce and its product was deleted`;
  return `${named}: no SKU in WooCommerce, product ${product}${variation ? ` variation ${variation}` : ''} — map it under Settings → Store connections`;
}

/** Inserts the order in its final state, its tags and its lines (the caller holds the transaction). */
export async function insertOrder(core: Core, channels: ChannelService, channel: ChannelRow, o: IncomingOrder, lines: NewLine[], now: string, state: NewOrderState): Promise<{ orderId: number; lineIds: number[] }> {
  const { store } = core;
  const subtotal = o.lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
  const discount = o.lines.reduce((s, l) => s + l.discountCents, 0);
  const tax = o.lines.reduce((s, l) => s + l.taxCents, 0);
  const calendar = await shopCalendar(core);
  const promise = promisedDate(o.placedAt, calendar.promiseRule(channels.promiseDays(channel, o.shippingMethod)), calendar);
  const orderId = await store.insert(
    `insert into sales_order (channel_id, external_id, number, status, customer_name, customer_email, customer_phone, ship_to, ship_postal_code, ship_country,
       currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, payment_status, shipping_method, tags, note, priority,
       placed_at, promised_date, raw_identifiers, allocation, warehouse_id, hold_reason, intake_events, created_at, updated_at)
     values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    channel.id,
    o.externalId,
    o.orderNumber,
    state.status,
    o.customer.name,
    o.customer.email,
    o.customer.phone,
    o.shipTo ? JSON.stringify(o.shipTo) : null,
    o.shipTo?.postalCode ?? '',
    o.shipTo?.countryCode ?? '',
    o.currency,
    subtotal,
    discount,
    tax,
    o.shippingChargedCents,
    subtotal - discount + tax + o.shippingChargedCents,
    o.paymentStatus,
    o.shippingMethod,
    o.tags.join(','),
    o.note,
    o.tags.some((t) => /^(urgent|priority|express)$/i.test(t)) ? 5 : 0,
    o.placedAt,
    promise,
    JSON.stringify(o.rawIdentifiers),
    state.allocation,
    state.warehouseId,
    state.holdReason,
    state.intakeEvents,
    now,
    now,
  );
  if (o.tags.length > 0) await writeOrderTags(store, orderId, o.tags);
  // A plain loop (each line after the previous one, as mapInOrder would, without a callback's promise per line): intake runs this for every order.
  const lineIds: number[] = [];
  for (let i = 0; i < o.lines.length; i++) {
    const l = o.lines[i];
    lineIds.push(await store.insert(
      'insert into order_line (order_id, line_no, external_line_id, sku, product_id, name, quantity, unit_price_cents, discount_cents, tax_cents, warehouse_id) values (?,?,?,?,?,?,?,?,?,?,?)',
      orderId,
      i + 1,
      l.externalLineId,
      l.sku,
      lines[i].product_id,
      l.name,
      l.quantity,
      l.unitPriceCents,
      l.discountCents,
      l.taxCents,
      state.lineWarehouse.get(i) ?? null,
    ));
  }
  return { orderId, lineIds };
}

/** The channel's own alias first (a storefront may use its own SKUs), then our SKU. */
export async function resolveSku(store: Store, channelName: string, sku: string): Promise<{ id: number; sku: string; is_kit: number } | undefined> {
  return (await store.raw<{ id: number; sku: string; is_kit: number }>(
    `select id, sku, is_kit from product where id = coalesce(
       (select product_id from sku_alias where channel = ? and alias = ? collate nocase),
       (select id from product where sku = ? collate nocase))`,
    channelName,
    sku,
    sku,
  ))[0];
}

