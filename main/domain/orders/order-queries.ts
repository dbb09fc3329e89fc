import type { AddressDto, OrderDetailDto, OrderStatus, OrderSummaryDto } from '../../../shared/api/orders';
import type { SalesOrderRow } from '../../store/schema';
import type { Core } from '../../services';
import { ORDER_TRANSITIONS, type OrderState } from './logic/index';

export interface OrderListQuery {
  status?: OrderStatus;
  channel?: number;
  query?: string;
  before?: number;
  limit: number;
}

type SummaryRow = Pick<SalesOrderRow, 'id' | 'external_id' | 'number' | 'status' | 'customer_name' | 'ship_to' | 'placed_at' | 'promised_date' | 'total_cents' | 'currency' | 'hold_reason' | 'priority'> & {
  channel: string;
  warehouse: string | null;
};

const SUMMARY_COLUMNS = `o.id, o.external_id, o.number, o.status, o.customer_name, o.ship_to, o.placed_at, o.promised_date, o.total_cents, o.currency,
  o.hold_reason, o.priority, c.name as channel, w.code as warehouse`;

/** A name prefix matching fewer orders than this is read through the name index. */
const NAME_INDEX_LIMIT = 2000;
const OPEN_STATUSES: OrderStatus[] = ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped'];

/** Read side of orders: the queue (keyset-paged so page 1 of a million orders is as fast as page 1 of ten) and details. */
export class OrderQueries {
  constructor(private readonly core: Core) {}

  list(q: OrderListQuery): { rows: OrderSummaryDto[]; nextBefore: number | null } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) {
      where.push('o.status = ?');
      params.push(q.status);
    }
    if (q.channel) {
      where.push('o.channel_id = ?');
      params.push(q.channel);
    }
    if (q.before) {
      where.push('o.id < ?');
      params.push(q.before);
    }
    const text = q.query?.trim();
    // Pin the index that yields rows already in id order for these filters. With statistics
    // (ANALYZE) SQLite may otherwise prefer a skip-scan that then sorts a whole state's orders.
    // INDEXED BY (and CROSS JOIN, which keeps orders as the outer loop) are SQLite's; a PostgreSQL
    // port drops them (its planner picks these plans itself).
    const hint = q.status && q.channel ? 'indexed by sales_order_channel_status_id' : q.status ? 'indexed by sales_order_status_id' : q.channel ? 'indexed by sales_order_channel_id' : '';
    const rows = text ? this.search(text, where, params, q.limit, hint) : this.page(where, params, q.limit, hint);
    return { rows: this.summaries(rows), nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null };
  }

  private page(where: string[], params: unknown[], limit: number, hint: string): SummaryRow[] {
    return this.core.store.raw<SummaryRow>(
      `select ${SUMMARY_COLUMNS} from sales_order o ${hint} cross join channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id
       ${where.length ? `where ${where.join(' and ')}` : ''} order by o.id desc limit ?`,
      ...params,
      limit,
    );
  }

  /**
   * Search: an exact order number ("#1001" or "1001") or channel order id, or a customer-name
   * prefix. Each is answered from its own index (an OR across them would scan the table): exact
   * hits are a handful of rows; for a name prefix, a rare one is read through the name index
   * (at most NAME_INDEX_LIMIT rows, sorted), a common one by walking orders newest first until the
   * page is full (quick, because matches are everywhere).
   */
  private search(text: string, where: string[], params: unknown[], limit: number, hint: string): SummaryRow[] {
    const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
    const exact = this.page([...where, '(o.number in (?, ?) or o.id in (select id from sales_order where external_id = ?))'], [...params, ...numbers, text], limit, '');
    const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const lower = text.toLowerCase();
    const upper = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
    const rare =
      this.core.store.raw<{ n: number }>(
        `select count(*) as n from (select 1 from sales_order indexed by sales_order_customer where customer_name >= ? collate nocase and customer_name < ? collate nocase limit ${NAME_INDEX_LIMIT})`,
        lower,
        upper,
      )[0].n < NAME_INDEX_LIMIT;
    const byName = rare
      ? this.page([...where, "o.customer_name >= ? collate nocase and o.customer_name < ? collate nocase and o.customer_name like ? escape '\\'"], [...params, lower, upper, like], limit, 'indexed by sales_order_customer')
      : this.page([...where, "+o.customer_name like ? escape '\\'"], [...params, like], limit, hint);
    if (exact.length === 0) return byName;
    const merged = new Map<number, SummaryRow>();
    for (const r of [...exact, ...byName]) merged.set(r.id, r);
    return [...merged.values()].sort((a, b) => b.id - a.id).slice(0, limit);
  }

  private summaries(rows: SummaryRow[]): OrderSummaryDto[] {
    if (rows.length === 0) return [];
    const lines = this.core.store.raw<{ order_id: number; sku: string; quantity: number }>(
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

  counts(): Record<string, number> {
    const rows = this.core.store.raw<{ status: string; n: number }>(
      // Listing the open states (not "not in" the closed ones) lets each count read only its index range.
      `select status, count(*) as n from sales_order where status in (${OPEN_STATUSES.map((x) => `'${x}'`).join(',')}) group by status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  get(id: number): OrderDetailDto {
    const { store } = this.core;
    const base = store.raw<SummaryRow & SalesOrderRow>(
      `select o.*, c.name as channel, w.code as warehouse from sales_order o join channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id where o.id = ?`,
      id,
    )[0];
    if (!base) throw new Error(`Order ${id} not found`);
    const [summary] = this.summaries([base]);
    const lines = store.raw<{ id: number; sku: string; name: string; product_id: number | null; quantity: number; unit_price_cents: number; discount_cents: number; tax_cents: number; warehouse: string | null; shipped_qty: number }>(
      `select l.id, l.sku, l.name, l.product_id, l.quantity, l.unit_price_cents, l.discount_cents, l.tax_cents, w.code as warehouse, l.shipped_qty
       from order_line l left join warehouse w on w.id = l.warehouse_id where l.order_id = ? order by l.line_no`,
      id,
    );
    const reservations = store.raw<{ holder_id: number; sku: string; warehouse: string; bin: string; lot: string | null; quantity: number }>(
      `select r.holder_id, p.sku, w.code as warehouse, bin.code as bin, lot.code as lot, r.quantity from reservation r
       join stock_balance b on b.id = r.balance_id join product p on p.id = r.product_id join warehouse w on w.id = r.warehouse_id
       join bin on bin.id = b.bin_id left join lot on lot.id = b.lot_id
       where r.holder_type = 'order_line' and r.holder_id in (select id from order_line where order_id = ?) order by r.id`,
      id,
    );
    const events = store.raw<{ at: string; from_status: string | null; to_status: string; actor: string; reason: string }>(
      'select at, from_status, to_status, actor, reason from order_event where order_id = ? order by id',
      id,
    );
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
}
