import type { AddressDto, OrderDetailDto, OrderStatus, OrderSummaryDto } from '../../../shared/api/orders';
import type { SalesOrderRow } from '../../store/schema';
import type { Store } from '../../store/store';
import { ORDER_TRANSITIONS, type OrderState } from './logic/index';
import { orderEvents } from './order-history';
import type { SummaryRow } from './queue-common';

// The queue's rows and one order's detail, as the API returns them.

/** Queue rows with their lines' SKUs and quantities (one query for the page). */
export async function summaries(store: Store, rows: SummaryRow[]): Promise<OrderSummaryDto[]> {
  if (rows.length === 0) return [];
  const lines = await store.raw<{ order_id: number; sku: string; quantity: number }>(
    `select order_id, sku, quantity from order_line where order_id in (${rows.map(() => '?').join(',')}) order by order_id, line_no`,
    ...rows.map((r) => r.id),
  );
  const byOrder = new Map<number, { sku: string; qty: number }[]>();
  for (const l of lines) {
    const list = byOrder.get(l.order_id) ?? [];
    list.push({ sku: l.sku, qty: l.quantity });
    byOrder.set(l.order_id, list);
  }
  return rows.map((r) => {
    const shipTo = r.ship_to ? (JSON.parse(r.ship_to) as AddressDto) : null;
    const orderLines = byOrder.get(r.id) ?? [];
    return {
      id: r.id,
      channel: r.channel,
      externalId: r.external_id,
      number: r.number,
      status: r.status as OrderStatus,
      customer: r.customer_name,
      destination: shipTo ? `${shipTo.city}, ${shipTo.regionCode ? `${shipTo.regionCode} ` : ''}${shipTo.postalCode} ${shipTo.countryCode}` : '',
      placedAt: r.placed_at,
      promisedDate: r.promised_date,
      totalCents: r.total_cents,
      currency: r.currency,
      units: orderLines.reduce((s, l) => s + l.qty, 0),
      warehouse: r.warehouse,
      holdReason: r.hold_reason,
      priority: r.priority,
      lines: orderLines,
    };
  });
}

/** One order with lines, reservations, history and the allocation reason. */
export async function orderDetail(store: Store, id: number): Promise<OrderDetailDto> {
  const base = await store.get(
    store.kysely.selectFrom('sales_order as o')
      .innerJoin('channel as c', 'c.id', 'o.channel_id')
      .leftJoin('warehouse as w', 'w.id', 'o.warehouse_id')
      .selectAll('o')
      .select(['c.name as channel', 'w.code as warehouse'])
      .where('o.id', '=', id),
  );
  if (!base) throw new Error(`Order ${id} not found`);
  const [summary] = await summaries(store, [base]);
  const lines = await store.all(
    store.kysely.selectFrom('order_line as l')
      .leftJoin('warehouse as w', 'w.id', 'l.warehouse_id')
      .select(['l.id', 'l.sku', 'l.name', 'l.product_id', 'l.quantity', 'l.unit_price_cents', 'l.discount_cents', 'l.tax_cents', 'w.code as warehouse', 'l.shipped_qty'])
      .where('l.order_id', '=', id)
      .orderBy('l.line_no'),
  );
  const reservations = await store.all(
    store.kysely.selectFrom('reservation as r')
      .innerJoin('stock_balance as b', 'b.id', 'r.balance_id')
      .innerJoin('product as p', 'p.id', 'r.product_id')
      .innerJoin('warehouse as w', 'w.id', 'r.warehouse_id')
      .innerJoin('bin', 'bin.id', 'b.bin_id')
      .leftJoin('lot', 'lot.id', 'b.lot_id')
      .select(['r.holder_id', 'p.sku', 'w.code as warehouse', 'bin.code as bin', 'lot.code as lot', 'r.quantity'])
      .where('r.holder_type', '=', 'order_line')
      .where('r.holder_id', 'in', (eb) => eb.selectFrom('order_line').select('id').where('order_id', '=', id))
      .orderBy('r.id'),
  );
  const events = await orderEvents(store, id);
  return {
    ...summary,
    customerEmail: base.customer_email,
    customerPhone: base.customer_phone,
    shipTo: base.ship_to ? (JSON.parse(base.ship_to) as AddressDto) : null,
    subtotalCents: base.subtotal_cents,
    discountCents: base.discount_cents,
    taxCents: base.tax_cents,
    shippingCents: base.shipping_cents,
    paymentStatus: base.payment_status,
    shippingMethod: base.shipping_method,
    tags: base.tags ? base.tags.split(',').filter(Boolean) : [],
    note: base.note,
    rawIdentifiers: JSON.parse(base.raw_identifiers) as Record<string, string>,
    orderLines: lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      name: l.name,
      productId: l.product_id,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      discountCents: l.discount_cents,
      taxCents: l.tax_cents,
      warehouse: l.warehouse,
      shippedQty: l.shipped_qty,
      reserved: reservations.filter((r) => r.holder_id === l.id).map(({ sku, warehouse, bin, lot, quantity }) => ({ sku, warehouse, bin, lot, quantity })),
    })),
    events: events.map((e) => ({ at: e.at, from: e.from_status, to: e.to_status, actor: e.actor, reason: e.reason })),
    allocation: base.allocation ? JSON.parse(base.allocation) : null,
    allowedTransitions: [...ORDER_TRANSITIONS[base.status as OrderState]] as OrderStatus[],
  };
}
