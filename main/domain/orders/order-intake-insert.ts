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
import { SNAPSHOT_COLUMNS, snapshotFromRows, type AllocationSnapshot, type SnapshotRow } from '../inventory/availability';

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
  const orderValues = [
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
  ];
  const lineValues = o.lines.map((l, i) => [i + 1, l.externalLineId, l.sku, lines[i].product_id, l.name, l.quantity, l.unitPriceCents, l.discountCents, l.taxCents, state.lineWarehouse.get(i) ?? null]);
  const written = store.engine === 'postgres' ? await insertInOneStatement(store, orderValues, lineValues) : await insertOneByOne(store, orderValues, lineValues);
  if (o.tags.length > 0) await writeOrderTags(store, written.orderId, o.tags);
  return written;
}

const ORDER_COLUMNS = `channel_id, external_id, number, status, customer_name, customer_email, customer_phone, ship_to, ship_postal_code, ship_country,
  currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, payment_status, shipping_method, tags, note, priority,
  placed_at, promised_date, raw_identifiers, allocation, warehouse_id, hold_reason, intake_events, created_at, updated_at`;
const INSERT_ORDER = `insert into sales_order (${ORDER_COLUMNS}) values (${ORDER_COLUMNS.split(',').map(() => '?').join(',')})`;
const LINE_COLUMNS = 'line_no, external_line_id, sku, product_id, name, quantity, unit_price_cents, discount_cents, tax_cents, warehouse_id';
const INSERT_LINE = `insert into order_line (order_id, ${LINE_COLUMNS}) values (?, ${LINE_COLUMNS.split(',').map(() => '?').join(',')})`;

/** SQLite: a statement per row (each a call into the library, no round trip). */
async function insertOneByOne(store: Store, orderValues: unknown[], lineValues: unknown[][]): Promise<{ orderId: number; lineIds: number[] }> {
  const orderId = await store.insert(INSERT_ORDER, ...orderValues);
  // A plain loop (each line after the previous one, as mapInOrder would, without a callback's promise per line): intake runs this for every order.
  const lineIds: number[] = [];
  for (const values of lineValues) lineIds.push(await store.insert(INSERT_LINE, orderId, ...values));
  return { orderId, lineIds };
}

/** The line columns' types, for the arrays PostgreSQL unnests into rows (in LINE_COLUMNS' order). */
const LINE_ARRAY_TYPES = ['int', 'text', 'text', 'bigint', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint'];
/**
 * PostgreSQL: the order and all of its lines in ONE statement (a data-modifying CTE; the lines
 * travel as one array per column), instead of a round trip per row. One statement text whatever
 * the number of lines, so it is prepared once. Returns the line ids in line order.
 */
const INSERT_ORDER_WITH_LINES = `
  with o as (${INSERT_ORDER} returning id),
  l as (
    insert into order_line (order_id, ${LINE_COLUMNS})
    select o.id, ${LINE_COLUMNS.split(',').map((c) => `x.${c.trim()}`).join(', ')}
    from o, unnest(${LINE_ARRAY_TYPES.map((t) => `cast(? as ${t}[])`).join(', ')}) as x(${LINE_COLUMNS})
    returning id, line_no
  )
  select o.id as order_id, l.id as line_id from o left join l on true order by l.line_no`;

async function insertInOneStatement(store: Store, orderValues: unknown[], lineValues: unknown[][]): Promise<{ orderId: number; lineIds: number[] }> {
  const columns = LINE_ARRAY_TYPES.map((_, c) => lineValues.map((row) => row[c]));
  const rows = await store.raw<{ order_id: number; line_id: number | null }>(INSERT_ORDER_WITH_LINES, ...orderValues, ...columns);
  return { orderId: rows[0].order_id, lineIds: rows.flatMap((r) => (r.line_id === null ? [] : [r.line_id])) };
}

/** The product behind an order line's SKU (see resolveSku). */
export type ResolvedSku = { id: number; sku: string; is_kit: number };

/** What intake reads before it decides anything (storedOrderAndFirstLine). */
export interface IntakeLookup {
  existing: { id: number; status: OrderStatus } | undefined;
  /** The product behind the first line's SKU. */
  product: ResolvedSku | undefined;
  /** That product's allocation snapshot, when it is a plain product (a kit counts as its components). */
  snapshot: AllocationSnapshot | null;
}

/**
 * The order as already stored from this channel (a duplicate or an update), the product behind
 * its first line's SKU and that product's stock in every active warehouse (the allocator's
 * snapshot), in ONE statement: every incoming order asks all three, and on PostgreSQL each
 * statement is a round trip. One row per active warehouse. Other lines use resolveSku, and an
 * order of several products its own snapshot.
 */
export async function storedOrderAndFirstLine(store: Store, channel: ChannelRow, externalId: string, firstSku: string, today: string): Promise<IntakeLookup> {
  const rows = await store.raw<SnapshotRow & { order_id: number | null; order_status: OrderStatus | null; product_id: number | null; product_sku: string | null; is_kit: number | null }>(
    `select o.id as order_id, o.status as order_status, p.id as product_id, p.sku as product_sku, p.is_kit, ${SNAPSHOT_COLUMNS}
     from (select 1 as one) as one
     left join sales_order o on o.channel_id = ? and o.external_id = ?
     left join product p on p.id = coalesce(
       (select product_id from sku_alias where channel = ? and alias = ? collate nocase),
       (select id from product where sku = ? collate nocase))
     left join warehouse w on w.active = 1
     left join stock_level l on l.warehouse_id = w.id and l.product_id = p.id
     order by w.id`,
    today,
    channel.id,
    externalId,
    channel.name,
    firstSku,
    firstSku,
  );
  const [first] = rows;
  const product = first.product_id === null ? undefined : { id: first.product_id, sku: first.product_sku!, is_kit: first.is_kit! };
  return {
    existing: first.order_id === null ? undefined : { id: first.order_id, status: first.order_status! },
    product,
    snapshot: product && !product.is_kit ? snapshotFromRows(rows, [product.id]) : null,
  };
}

/** The channel's own alias first (a storefront may use its own SKUs), then our SKU. */
export async function resolveSku(store: Store, channelName: string, sku: string): Promise<ResolvedSku | undefined> {
  return (await store.raw<ResolvedSku>(
    `select id, sku, is_kit from product where id = coalesce(
       (select product_id from sku_alias where channel = ? and alias = ? collate nocase),
       (select id from product where sku = ? collate nocase))`,
    channelName,
    sku,
    sku,
  ))[0];
}

