import { ORDER_STATUSES, type ColumnCursor, type OrderColumnSort, type OrderStatus, type SortDirection } from '../../../shared/api/orders';
import type { Store } from '../../store/store';
import { ALL_STATUSES_SQL, byExternalId, namePrefix, otherPreds, SCAN_LIMIT, SUMMARY_COLUMNS, summaryJoins, type Key, type OrderListQuery, type Pred, type Preds, type SummaryRow } from './queue-common';
import { queueSql } from './queue-sql';

// Column sorts (a header click in the queue): by order number (id), total, placed or promised
// date, ascending or descending, ties by id in the same direction, orders without a value (no
// promised date) last either way. Each walks a state's (status, value, id) index range — the
// states' ranges merged on the All tab — with the keyset cursor (value, id), so a page deep into a
// million orders costs what the first does (migration 0030 adds the indexes for total and placed).
// Filters the index does not answer (channel, warehouse, tag, a promise range on another column,
// search text) are checked per row up to the SCAN_LIMIT-th entry; a page not full by then ends
// short with `nextFrom` at that entry.

interface Column {
  /** The sorted expression; the id itself for `number`. */
  expr: string;
  nullable: boolean;
  /** The (status, value, id) index walked on a state's tab; the All tab merges the states' ranges. */
  statusIndex: string;
  /** Set when the All tab walks one index instead ('' = the table in id order). */
  allIndex?: string;
  /** The filter the column's index answers besides status. */
  serves?: Key;
}

const COLUMNS: Record<OrderColumnSort, Column> = {
  number: { expr: 'o.id', nullable: false, statusIndex: 'sales_order_status_id', allIndex: '' },
  total: { expr: 'o.total_cents', nullable: false, statusIndex: 'sales_order_status_total' },
  placed: { expr: 'o.placed_at', nullable: false, statusIndex: 'sales_order_status_placed' },
  promised: { expr: 'o.promised_date', nullable: true, statusIndex: 'sales_order_status', serves: 'promise' },
};

type Page = { rows: SummaryRow[]; next: ColumnCursor | null };

const valueOf = (sort: OrderColumnSort, r: SummaryRow): string | number | null =>
  sort === 'number' ? r.id : sort === 'total' ? r.total_cents : sort === 'placed' ? r.placed_at : r.promised_date;
const keyOf = (sort: OrderColumnSort, r: SummaryRow): ColumnCursor => ({ value: valueOf(sort, r), id: r.id });

/** Column order: by value in `direction`, no value last, then id in `direction`. */
export function compareColumn(a: ColumnCursor, b: ColumnCursor, direction: SortDirection): number {
  const sign = direction === 'asc' ? 1 : -1;
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return (a.value < b.value ? -1 : 1) * sign;
  }
  return (a.id - b.id) * sign;
}

/** "After the cursor" in the column order, as a predicate (for a sorted candidate set, not an index walk). */
function afterCursor(col: Column, from: ColumnCursor, direction: SortDirection): Pred {
  const op = direction === 'asc' ? '>' : '<';
  if (col.expr === 'o.id') return { sql: `o.id ${op} ?`, params: [from.id] };
  if (from.value === null) return { sql: `${col.expr} is null and o.id ${op} ?`, params: [from.id] };
  return { sql: `(${col.expr} is null or (${col.expr}, o.id) ${op} (?, ?))`, params: [from.value, from.id] };
}

/** One page of the queue in a column order (search text or not). */
export async function columnPage(store: Store, q: OrderListQuery & { sort: OrderColumnSort }, preds: Preds): Promise<{ rows: SummaryRow[]; next: ColumnCursor | null }> {
  const text = q.query?.trim();
  return text ? await columnSearch(store, text, q, preds) : await columnWalk(store, q, preds, []);
}

/**
 * The stretch of one segment from `after` (exclusive) to `until` (inclusive), as index-seekable
 * parts in column order. SQLite seeks a row value `(value, id) > (?, ?)` on `value` alone and then
 * steps over every order tied on that value (a total shared by 100,000 orders), so a cursor's tie
 * (`value = ? and id > ?`), the values strictly between, and the bound's tie are asked apart.
 */
function stretch(col: Column, segment: 'value' | 'null', dir: SortDirection, after: ColumnCursor | undefined, until: ColumnCursor | null): Pred[] {
  const [beyond, before, uptoId] = dir === 'asc' ? ['>', '<', '<='] : ['<', '>', '>='];
  const ids = (list: string[], params: unknown[]) => {
    if (after) {
      list.push(`o.id ${beyond} ?`);
      params.push(after.id);
    }
    if (until) {
      list.push(`o.id ${uptoId} ?`);
      params.push(until.id);
    }
    return { sql: list.join(' and ') || '1 = 1', params };
  };
  if (segment === 'null') return [ids([`${col.expr} is null`], [])];
  if (col.expr === 'o.id') return [ids([], [])];
  const e = col.expr;
  if (after && until && after.value === until.value) return [ids([`${e} = ?`], [after.value])];
  const parts: Pred[] = [];
  if (after) parts.push({ sql: `${e} = ? and o.id ${beyond} ?`, params: [after.value, after.id] });
  const middle: string[] = [];
  const params: unknown[] = [];
  if (after) {
    middle.push(`${e} ${beyond} ?`);
    params.push(after.value);
  }
  if (until) {
    middle.push(`${e} ${before} ?`);
    params.push(until.value);
  }
  if (!after && !until && col.nullable) middle.push(`${e} is not null`);
  parts.push({ sql: middle.join(' and ') || '1 = 1', params });
  if (until) parts.push({ sql: `${e} = ? and o.id ${uptoId} ?`, params: [until.value, until.id] });
  return parts;
}

/**
 * Walks the column's index from the cursor: rows with a value, then (nullable columns) rows
 * without one. The All tab is a k-way merge of the states' (status, value, id) ranges, as the
 * promise order's (queue-promise.ts): a bound key is the first in column order of each state's
 * M-th key after the cursor, so at most M rows per state are sorted for a page of M.
 */
async function columnWalk(store: Store, q: OrderListQuery & { sort: OrderColumnSort }, preds: Preds, extra: Pred[]): Promise<Page> {
  const col = COLUMNS[q.sort];
  const dir = q.direction ?? 'asc';
  const order = col.expr === 'o.id' ? `o.id ${dir}` : `${col.expr} ${dir}, o.id ${dir}`;
  const single = q.status !== undefined || col.allIndex !== undefined;
  const index = q.status ? col.statusIndex : single ? col.allIndex! : col.statusIndex;
  const from = `sales_order o${index ? queueSql(store).hint(index) : ''}`;
  const served = col.serves && preds[col.serves] ? [preds[col.serves]!] : [];
  const residual = [...otherPreds(preds, ['status', ...(col.serves ? [col.serves] : [])]), ...extra];
  const statuses: OrderStatus[] = q.status ? [q.status] : [...ORDER_STATUSES];
  const statusIn: Pred[] = q.status ? [{ sql: 'o.status = ?', params: [q.status] }] : single ? [] : [{ sql: `o.status in (${ALL_STATUSES_SQL})`, params: [] }];
  // Entries each range may contribute before the bound: the scan budget with residual filters; a page for a merge without them.
  const perRange = residual.length > 0 ? Math.max(q.limit, Math.ceil(SCAN_LIMIT / (single ? 1 : statuses.length))) : single ? null : q.limit;
  const sql = (select: string, where: Pred[], tail: string, joins = '') =>
    `select ${select} from ${from} ${joins} ${where.length ? `where ${where.map((p) => `(${p.sql})`).join(' and ')}` : ''} ${tail}`;
  const args = (where: Pred[]) => where.flatMap((p) => p.params);

  /** The k-th key after `after` in one range (a state, or the whole All-tab index), or null when fewer remain. */
  const kth = async (range: Pred[], parts: Pred[], k: number): Promise<ColumnCursor | null> => {
    let remaining = k;
    for (const part of parts) {
      const where = [...range, ...served, part];
      const [hit] = await store.raw<ColumnCursor>(sql(`${col.expr} as value, o.id as id`, where, `order by ${order} limit 1 offset ${remaining - 1}`), ...args(where));
      if (hit) return hit;
      remaining -= (await store.raw<{ n: number }>(`select count(*) as n from (${sql('1', where, `limit ${remaining}`)}) s`, ...args(where)))[0].n;
    }
    return null;
  };

  let cursor = q.from;
  const rows: SummaryRow[] = [];
  // A promise range on the promised column holds no undated orders, so that segment is skipped.
  const withNull = col.nullable && served.length === 0;
  const segments: ('value' | 'null')[] = cursor?.value === null ? (withNull ? ['null'] : []) : withNull ? ['value', 'null'] : ['value'];
  for (const segment of segments) {
    // The bound: the first, in column order, of each range's perRange-th key after the cursor (none when every range has fewer left).
    let bound: ColumnCursor | null = null;
    if (perRange !== null) {
      const open = stretch(col, segment, dir, cursor, null);
      for (const range of single ? [statusIn] : statuses.map((x) => [{ sql: 'o.status = ?', params: [x] }])) {
        const k = await kth(range, open, perRange);
        if (k && (!bound || compareColumn(k, bound, dir) < 0)) bound = k;
      }
    }
    for (const part of stretch(col, segment, dir, cursor, bound)) {
      const where = [...statusIn, ...served, part, ...residual];
      rows.push(...await store.raw<SummaryRow>(sql(SUMMARY_COLUMNS, where, `order by ${order} limit ?`, summaryJoins(store)), ...args(where), q.limit - rows.length));
      if (rows.length === q.limit) return { rows, next: keyOf(q.sort, rows[rows.length - 1]) };
    }
    // Short: the scan stopped at the bound (continue after it), or this segment is done.
    if (bound) return { rows, next: bound };
    cursor = undefined;
  }
  return { rows, next: null };
}

/** A small candidate set (every predicate in `where`), sorted in the column order after the cursor. */
async function columnSorted(store: Store, q: OrderListQuery & { sort: OrderColumnSort }, fromSql: string, where: Pred[]): Promise<Page> {
  const col = COLUMNS[q.sort];
  const dir = q.direction ?? 'asc';
  const all = q.from ? [...where, afterCursor(col, q.from, dir)] : where;
  const rows = await store.raw<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from ${fromSql} ${summaryJoins(store)} ${all.length ? `where ${all.map((p) => `(${p.sql})`).join(' and ')}` : ''}
     order by ${col.expr} is null, ${col.expr} ${dir}, o.id ${dir} limit ?`,
    ...all.flatMap((p) => p.params),
    q.limit,
  );
  return { rows, next: rows.length === q.limit ? keyOf(q.sort, rows[rows.length - 1]) : null };
}

/** Search in a column order: exact hits and a rare name prefix are small sorted sets; a common prefix is checked per row on the walk. */
async function columnSearch(store: Store, text: string, q: OrderListQuery & { sort: OrderColumnSort }, preds: Preds): Promise<Page> {
  const dir = q.direction ?? 'asc';
  const all = otherPreds(preds, []);
  const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
  const exact = await columnSorted(store, q, 'sales_order o', [{ sql: queueSql(store).exactMatch('(?, ?)', byExternalId(store)), params: [...numbers, text] }, ...all]);
  const name = await namePrefix(store, text);
  const byName = name.rare ? await columnSorted(store, q, `sales_order o${queueSql(store).hint('sales_order_customer')}`, [name.range, ...all]) : await columnWalk(store, q, preds, [name.like]);
  if (exact.rows.length === 0) return byName;
  const merged = new Map<number, SummaryRow>();
  // Exact hits past where the name walk stopped come again on the page that continues there.
  for (const r of [...exact.rows, ...byName.rows]) if (byName.next === null || compareColumn(keyOf(q.sort, r), byName.next, dir) <= 0) merged.set(r.id, r);
  const rows = [...merged.values()].sort((a, b) => compareColumn(keyOf(q.sort, a), keyOf(q.sort, b), dir)).slice(0, q.limit);
  return { rows, next: rows.length === q.limit ? keyOf(q.sort, rows[rows.length - 1]) : byName.next };
}
