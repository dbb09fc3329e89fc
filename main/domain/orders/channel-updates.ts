import { sql } from 'kysely';
import { eachInOrder, mapInOrder } from '../../util/in-order';
import type { OrderStatus } from '../../../shared/api/orders';
import type { ChannelRow, SalesOrderRow } from '../../store/schema';
import type { Core } from '../../core';
import { centsToDecimalText, type IncomingOrder, type IncomingOrderLine, type IncomingRefund } from './intake/index';
import type { IngestResult } from './order-service';
import { replaceOrderTags } from './order-tags';
import { releaseReservations } from '../inventory/reservations';

/**
 * Changes made in the store to an order Shipshape already has (an order edit, a new address, a
 * refund), applied by where the order is in fulfilment:
 * - not picked yet (new, allocated, backordered, on hold): the order follows the store — address,
 *   lines (and the stock re-reserved), a refund in full cancels it, a refund of some units shrinks
 *   their line. The sale is booked at shipping, so a refund made before is in the books as the
 *   smaller (or cancelled) order, never as a refund.
 * - in the packer's hands (picking, packed): nothing changes under them; the order goes on hold
 *   with what changed in the store, and a person decides.
 * - shipped: a refund is booked (a `refund` row, what the journal exports) and noted in the
 *   history; stock is not touched (goods coming back are a return).
 * Idempotent: lines and address are compared with what the order has, and each store refund id is
 * applied once (channel_refund), so the webhook and the pull bringing the same change do it once.
 */

/** What the order service lends this module (all inside the caller's transaction). */
export interface ChannelUpdatePort {
  row(id: number): Promise<SalesOrderRow>;
  resolveSku(channelName: string, sku: string): Promise<{ id: number; sku: string; is_kit: number } | undefined>;
  /** Releases the order's reservations and allocates its current lines again (or holds unknown SKUs). */
  reallocate(order: SalesOrderRow, channel: ChannelRow, actor: string): Promise<OrderStatus>;
  recordEvent(orderId: number, from: string | null, to: string, actor: string, reason: string): Promise<void>;
  hold(orderId: number, reason: string, actor: string): Promise<void>;
  cancel(orderId: number, reason: string, actor: string): Promise<void>;
  /** Checks the (changed) ship-to again: holds a failing one, releases an address hold that now passes. */
  recheckAddress(orderId: number, actor: string): Promise<OrderStatus>;
}

const NOT_PICKED: readonly OrderStatus[] = ['new', 'allocated', 'backordered', 'on_hold'];
const IN_HANDS: readonly OrderStatus[] = ['picking', 'packed'];
const SHIPPED: readonly OrderStatus[] = ['shipped', 'partially_shipped', 'delivered', 'returned'];
/** The hold reason of an order changed in the store after picking started (kept until a person releases it). */
const AFTER_PICKING = 'after picking started';

interface StoredLine {
  id: number;
  line_no: number;
  external_line_id: string | null;
  sku: string;
  quantity: number;
}

type LineChange =
  | { kind: 'quantity'; line: StoredLine; to: IncomingOrderLine }
  | { kind: 'added'; to: IncomingOrderLine }
  | { kind: 'removed'; line: StoredLine };

export function platformName(channel: ChannelRow): string {
  return channel.kind === 'shopify' ? 'Shopify' : channel.kind === 'woocommerce' ? 'WooCommerce' : channel.name;
}

/**
 * Applies a store's order update (`incoming`) or a refund on its own (refunds/create: `incoming`
 * null) to an existing order. The caller holds the transaction.
 */
export async function applyStoreChange(
  core: Core,
  port: ChannelUpdatePort,
  channel: ChannelRow,
  orderId: number,
  change: { incoming: IncomingOrder | null; refunds: IncomingRefund[] },
  actor: string,
): Promise<IngestResult> {
  const { store } = core;
  const order = await port.row(orderId);
  const status = order.status as OrderStatus;
  const where = platformName(channel);
  const result = async (outcome: IngestResult['outcome']): Promise<IngestResult> => ({ outcome, orderId, status: (await port.row(orderId)).status as OrderStatus });
  if (status === 'cancelled') return await result('duplicate');

  const known = new Set((await store.all(store.kysely.selectFrom('channel_refund').select('external_id').where('order_id', '=', orderId))).map((r) => r.external_id));
  const newRefunds = change.refunds.filter((r) => !known.has(r.externalId));
  const { incoming } = change;
  const changed = incoming ? await updateHeader(core, order, incoming) : false;
  const markRefunds = async (refunds: IncomingRefund[], appliedAs: 'booked' | 'order_changed' | 'held', refundIds: (number | null)[] = []) =>
    await eachInOrder(refunds, async (r, i) =>
      await store.run(
        store.kysely.insertInto('channel_refund').values({
          order_id: orderId, external_id: r.externalId, amount_cents: r.amountCents, applied_as: appliedAs,
          refund_id: refundIds[i] ?? null, recorded_at: core.clock.now().toISOString(),
        }),
      ),
    );
  const money = (cents: number) => `${centsToDecimalText(cents, order.currency)} ${order.currency}`;

  if (SHIPPED.includes(status)) {
    // The parcel is gone: the books get the refund, stock stays as it is (a return is its own flow).
    const at = core.clock.now().toISOString();
    const refundIds = await mapInOrder(newRefunds, async (r) => {
      if (r.amountCents <= 0) return null;
      const reason = `refunded in ${where} (refund ${r.externalId})${r.reason ? `: ${r.reason}` : ''}`;
      const refund = await store.get(
        store.kysely.insertInto('refund')
          .values({ rma_id: null, order_id: orderId, amount_cents: r.amountCents, currency: order.currency, reason, actor, recorded_at: at })
          .returning('id'),
      );
      return refund!.id;
    });
    await markRefunds(newRefunds, 'booked', refundIds);
    for (const r of newRefunds) {
      await port.recordEvent(orderId, status, status, actor, `refunded ${money(r.amountCents)} in ${where} after shipping (refund ${r.externalId}); stock not changed — goods coming back are a return`);
    }
    return await result(changed || newRefunds.length > 0 ? 'updated' : 'duplicate');
  }

  if (incoming?.event === 'cancelled') {
    await markRefunds(newRefunds, 'order_changed');
    await port.cancel(orderId, 'cancelled by the channel', actor);
    return await result('cancelled');
  }

  // What the store now says the order is (a refund on its own: the lines less what it refunded).
  const lines: StoredLine[] = await store.all(
    store.kysely.selectFrom('order_line').select(['id', 'line_no', 'external_line_id', 'sku', 'quantity']).where('order_id', '=', orderId).orderBy('line_no'),
  );
  const wanted = incoming ? incoming.lines : linesAfterRefunds(lines, newRefunds);
  const lineChanges = wanted ? diffLines(lines, wanted) : [];
  const newAddress = incoming?.shipTo ? JSON.stringify(incoming.shipTo) : null;
  const addressChanged = newAddress !== null && newAddress !== order.ship_to;
  const fullyRefunded = (incoming && (incoming.paymentStatus === 'refunded' || incoming.lines.length === 0)) || (wanted !== null && wanted.length === 0);
  // A refund that does not say which units (WooCommerce's order resource) cannot shrink a line.
  const unplaced = newRefunds.filter((r) => r.lines.length === 0 && r.amountCents > 0);
  const what = [
    ...(fullyRefunded ? [`refunded in full`] : lineChanges.map(describe)),
    ...(addressChanged && incoming?.shipTo ? [`ship to ${incoming.shipTo.line1}, ${incoming.shipTo.city} ${incoming.shipTo.postalCode}`] : []),
    ...(fullyRefunded ? [] : unplaced.map((r) => `refunded ${money(r.amountCents)} without saying which items (refund ${r.externalId})`)),
  ];

  const heldForChange = status === 'on_hold' && (order.hold_reason ?? '').includes(AFTER_PICKING);
  if (IN_HANDS.includes(status) || heldForChange) {
    await markRefunds(newRefunds, 'held');
    if (what.length === 0) return await result(changed || newRefunds.length > 0 ? 'updated' : 'duplicate');
    const reason = `Changed in ${where} ${AFTER_PICKING}: ${what.join('; ')}`;
    if (order.hold_reason === reason) return await result(changed ? 'updated' : 'duplicate');
    if (heldForChange) {
      await setHoldReason(core, orderId, reason);
      await port.recordEvent(orderId, status, status, actor, reason);
    } else await port.hold(orderId, reason, actor);
    return await result('updated');
  }

  if (!NOT_PICKED.includes(status)) return await result(changed ? 'updated' : 'duplicate');

  if (fullyRefunded) {
    await markRefunds(newRefunds, 'order_changed');
    await port.cancel(orderId, `refunded in full in ${where} before shipping`, actor);
    return await result('cancelled');
  }
  await markRefunds(newRefunds.filter((r) => !unplaced.includes(r)), 'order_changed');
  await markRefunds(unplaced, 'held');
  if (what.length === 0) return await result(changed ? 'updated' : 'duplicate');

  if (addressChanged) {
    await store.run(
      store.kysely.updateTable('sales_order')
        .set({ ship_to: newAddress, ship_postal_code: incoming!.shipTo!.postalCode, ship_country: incoming!.shipTo!.countryCode })
        .where('id', '=', orderId),
    );
  }
  if (lineChanges.length > 0) await applyLineChanges(core, port, channel, order, lines, lineChanges);
  await port.recordEvent(orderId, status, status, actor, `changed in ${where}: ${what.join('; ')}`);
  if (unplaced.length > 0) {
    // Money went back but the store did not say for which items: a person adjusts the order.
    const reason = `Refunded in ${where} before shipping without saying which items: ${unplaced.map((r) => money(r.amountCents)).join(', ')} — adjust the order's lines`;
    if (status === 'on_hold') await setHoldReason(core, orderId, reason);
    else await port.hold(orderId, reason, actor);
  } else if (lineChanges.length > 0 && status !== 'on_hold') {
    // Re-reserve: what is no longer needed goes back, what was added is reserved or backordered.
    await port.reallocate(await port.row(orderId), channel, actor);
  }
  if (addressChanged && unplaced.length === 0) await port.recheckAddress(orderId, actor);
  return await result('updated');
}

/** Payment state, tags and note: header facts the store may change at any time. True when one did. */
async function updateHeader(core: Core, order: SalesOrderRow, incoming: IncomingOrder): Promise<boolean> {
  const tags = incoming.tags.join(',');
  if (order.payment_status === incoming.paymentStatus && order.tags === tags && order.note === incoming.note) return false;
  await replaceOrderTags(core.store, order.id, incoming.tags); // before the UPDATE: reads the previous tags
  await core.store.run(
    core.store.kysely.updateTable('sales_order')
      .set({ payment_status: incoming.paymentStatus, tags, note: incoming.note, updated_at: core.clock.now().toISOString() })
      .where('id', '=', order.id),
  );
  core.events.publish('orders.changed', { id: order.id, status: order.status });
  return true;
}

/** A new hold reason on an order that is already on hold (its status and history stay as they are). */
async function setHoldReason(core: Core, orderId: number, reason: string): Promise<void> {
  await core.store.run(core.store.kysely.updateTable('sales_order').set({ hold_reason: reason }).where('id', '=', orderId));
}

/** The order's lines less the units a refund took back, for a refund that arrives on its own. */
function linesAfterRefunds(lines: StoredLine[], refunds: IncomingRefund[]): IncomingOrderLine[] | null {
  if (!refunds.some((r) => r.lines.length > 0)) return null;
  const less = new Map<string, number>();
  for (const r of refunds) for (const l of r.lines) less.set(l.externalLineId, (less.get(l.externalLineId) ?? 0) + l.quantity);
  return lines
    .map((l) => ({ externalLineId: l.external_line_id ?? '', sku: l.sku, name: '', quantity: l.quantity - (less.get(l.external_line_id ?? '') ?? 0), unitPriceCents: 0, discountCents: 0, taxCents: 0 }))
    .filter((l) => l.quantity > 0);
}

function diffLines(lines: StoredLine[], wanted: IncomingOrderLine[]): LineChange[] {
  const byExternal = new Map(lines.map((l) => [l.external_line_id, l]));
  const changes: LineChange[] = [];
  for (const w of wanted) {
    const line = byExternal.get(w.externalLineId);
    if (!line) changes.push({ kind: 'added', to: w });
    else if (line.quantity !== w.quantity) changes.push({ kind: 'quantity', line, to: w });
  }
  const still = new Set(wanted.map((w) => w.externalLineId));
  for (const line of lines) if (!still.has(line.external_line_id ?? '')) changes.push({ kind: 'removed', line });
  return changes;
}

function describe(c: LineChange): string {
  if (c.kind === 'quantity') return `line ${c.line.sku} ${c.line.quantity} → ${c.to.quantity}`;
  if (c.kind === 'added') return `added ${c.to.sku} × ${c.to.quantity}`;
  return `removed ${c.line.sku} (was ${c.line.quantity})`;
}

/** Writes the new lines and the order's totals (a line from a refund on its own keeps its prices, scaled). */
async function applyLineChanges(core: Core, port: ChannelUpdatePort, channel: ChannelRow, order: SalesOrderRow, lines: StoredLine[], changes: LineChange[]): Promise<void> {
  const { store } = core;
  let nextLineNo = Math.max(0, ...lines.map((l) => l.line_no)) + 1;
  for (const c of changes) {
    if (c.kind === 'removed') {
      // Its reservation goes back with the re-allocation (which releases the whole order first).
      await releaseReservations(core, { type: 'order_line', id: c.line.id });
      await store.run(store.kysely.deleteFrom('order_line').where('id', '=', c.line.id));
    } else if (c.kind === 'quantity') {
      const priced = c.to.unitPriceCents > 0;
      // Without prices (a refund on its own), discount and tax shrink with the quantity (integer cents).
      const q = c.to.quantity;
      await store.run(
        store.kysely.updateTable('order_line')
          .set(priced
            ? { quantity: q, unit_price_cents: c.to.unitPriceCents, discount_cents: c.to.discountCents, tax_cents: c.to.taxCents }
            : { quantity: q, discount_cents: sql<number>`discount_cents * ${q} / quantity`, tax_cents: sql<number>`tax_cents * ${q} / quantity` })
          .where('id', '=', c.line.id),
      );
    } else {
      const product = await port.resolveSku(channel.name, c.to.sku);
      await store.run(
        store.kysely.insertInto('order_line').values({
          order_id: order.id, line_no: nextLineNo++, external_line_id: c.to.externalLineId, sku: c.to.sku, product_id: product?.id ?? null,
          name: c.to.name, quantity: c.to.quantity, unit_price_cents: c.to.unitPriceCents, discount_cents: c.to.discountCents,
          tax_cents: c.to.taxCents, warehouse_id: null,
        }),
      );
    }
  }
  const t = (await store.get(
    store.kysely.selectFrom('order_line')
      .select([
        sql<number>`coalesce(sum(unit_price_cents * quantity), 0)`.as('subtotal'),
        sql<number>`coalesce(sum(discount_cents), 0)`.as('discount'),
        sql<number>`coalesce(sum(tax_cents), 0)`.as('tax'),
      ])
      .where('order_id', '=', order.id),
  ))!;
  await store.run(
    store.kysely.updateTable('sales_order')
      .set({
        subtotal_cents: t.subtotal, discount_cents: t.discount, tax_cents: t.tax,
        total_cents: t.subtotal - t.discount + t.tax + order.shipping_cents, updated_at: core.clock.now().toISOString(),
      })
      .where('id', '=', order.id),
  );
}
