import { ORDER_STATUSES, type ColumnCursor, type OrderSort, type OrderStatus, type PromiseCursor, type SortDirection } from '../../../shared/api/orders';
import type { SalesOrderRow } from '../../store/schema';
import type { Store } from '../../store/store';
import { normalizeTag } from './order-tags';
import { queueSql } from './queue-sql';

// What every reading of the order queue shares: its filters as SQL predicates, the row a page
// reads, the scan budgets that keep a page fast at a million orders, and the customer-name search.

export interface OrderQueueFilter {
  channel?: number;
  /** Warehouse code; null = orders not allocated to any warehouse. */
  warehouse?: string | null;
  promisedFrom?: string;
  promisedTo?: string;
  tag?: string;
}

export interface OrderListQuery extends OrderQueueFilter {
  status?: OrderStatus;
  query?: string;
  sort?: OrderSort;
  before?: number;
  after?: PromiseCursor;
  /** A column sort's cursor and direction. */
  from?: ColumnCursor;
  direction?: SortDirection;
  limit: number;
}

/**
 * Orders with a channel's own id (one parameter): the unique (channel_id, external_id) key probed
 * once per channel (CROSS JOIN keeps channel the outer loop), so no index on external_id alone.
 */
export const byExternalId = (store: Store) => `select o2.id from channel c ${queueSql(store).join} sales_order o2 on o2.channel_id = c.id and o2.external_id = ?`;

export type SummaryRow = Pick<SalesOrderRow, 'id' | 'external_id' | 'number' | 'status' | 'customer_name' | 'ship_to' | 'placed_at' | 'promised_date' | 'total_cents' | 'currency' | 'hold_reason' | 'priority'> & {
  channel: string;
  warehouse: string | null;
};

export const SUMMARY_COLUMNS = `o.id, o.external_id, o.number, o.status, o.customer_name, o.ship_to, o.placed_at, o.promised_date, o.total_cents, o.currency,
  o.hold_reason, o.priority, c.name as channel, w.code as warehouse`;
/** The joins every page's SELECT of SUMMARY_COLUMNS needs. */
export const summaryJoins = (store: Store) => `${queueSql(store).join} channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id`;

/** A name prefix matching fewer orders than this is read through the name index. */
const NAME_INDEX_LIMIT = 2000;
/** A driving index range smaller than this is read whole (and sorted if it is not in id order). */
export const SMALL_RANGE = 2000;
/**
 * With filters the driving index cannot answer, one request reads at most this many of its
 * entries (each one a row lookup); a page that is not full by then ends there and `nextBefore`
 * continues below it. Walking the table itself in id order reads neighbouring rows, so it may
 * read more.
 */
export const SCAN_LIMIT = 2_500;
export const TABLE_SCAN_LIMIT = 10_000;
export const ALL_STATUSES_SQL = ORDER_STATUSES.map((x) => `'${x}'`).join(',');

export type Key = 'status' | 'channel' | 'warehouse' | 'promise' | 'tag';
export interface Pred {
  sql: string;
  params: unknown[];
}
export type Preds = Partial<Record<Key, Pred>>;

/** The predicates of `preds` other than `except`. */
export function otherPreds(preds: Preds, except: Key[]): Pred[] {
  return (Object.keys(preds) as Key[]).filter((k) => !except.includes(k)).map((k) => preds[k]!);
}

/** A customer-name prefix: its range on the name index, whether that range is small, and its LIKE as a residual filter. */
export async function namePrefix(store: Store, text: string): Promise<{ rare: boolean; range: Pred; like: Pred }> {
  const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const lower = text.toLowerCase();
  const upper = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
  const dialect = queueSql(store);
  const rare =
    (await store.raw<{ n: number }>(
      `select count(*) as n from (select 1 from sales_order${dialect.hint('sales_order_customer')} where customer_name >= ? collate nocase and customer_name < ? collate nocase limit ${NAME_INDEX_LIMIT}) s`,
      lower,
      upper,
    ))[0].n < NAME_INDEX_LIMIT;
  return {
    rare,
    range: { sql: `o.customer_name >= ? collate nocase and o.customer_name < ? collate nocase and ${dialect.likeNoCase('o.customer_name', '?')} escape '\\'`, params: [lower, upper, like] },
    like: { sql: `${dialect.likeNoCase(dialect.noIndex('o.customer_name'), '?')} escape '\\'`, params: [like] },
  };
}

/** Each filter as a predicate on `o` (sales_order); null when a filter can match nothing (unknown warehouse). */
export async function filterPredicates(store: Store, q: OrderQueueFilter & { status?: OrderStatus }): Promise<Preds | null> {
  const preds: Preds = {};
  if (q.status) preds.status = { sql: 'o.status = ?', params: [q.status] };
  if (q.channel) preds.channel = { sql: 'o.channel_id = ?', params: [q.channel] };
  // A split order has no warehouse of its own (sales_order.warehouse_id is null) but keeps one per
  // line while its stock is reserved; only orders whose allocation was a split need their lines read.
  const split = `o.warehouse_id is null and ${queueSql(store).jsonText('o.allocation', 'kind')} = 'split'`;
  if (q.warehouse === null) {
    preds.warehouse = { sql: `o.warehouse_id is null and not (${split} and exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id is not null))`, params: [] };
  } else if (q.warehouse !== undefined) {
    const wh = (await store.raw<{ id: number }>('select id from warehouse where code = ?', q.warehouse))[0];
    if (!wh) return null;
    preds.warehouse = { sql: `(o.warehouse_id = ? or (${split} and exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id = ?)))`, params: [wh.id, wh.id] };
  }
  if (q.promisedFrom || q.promisedTo) {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (q.promisedFrom) {
      parts.push('o.promised_date >= ?');
      params.push(q.promisedFrom);
    }
    if (q.promisedTo) {
      parts.push('o.promised_date <= ?');
      params.push(q.promisedTo);
    }
    preds.promise = { sql: parts.join(' and '), params };
  }
  const tag = q.tag === undefined ? '' : normalizeTag(q.tag);
  // A scalar subquery, not EXISTS: SQLite may turn an EXISTS into a join with a Bloom filter built
  // over every order carrying the tag (20,000 for a common one) before reading a single page row.
  if (tag) preds.tag = { sql: '(select 1 from order_tag t where t.tag = ? and t.order_id = o.id) is not null', params: [tag] };
  return preds;
}
