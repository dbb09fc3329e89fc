import { ORDER_STATUSES, type OrderStatus, type PromiseCursor } from '../../../shared/api/orders';
import type { Store } from '../../store/store';
import { byExternalId, namePrefix, SCAN_LIMIT, SMALL_RANGE, SUMMARY_COLUMNS, summaryJoins, type Key, type OrderListQuery, type Pred, type Preds, type SummaryRow } from './queue-common';
import { queueSql } from './queue-sql';

/** The promise order's cursor of a row. */
function promiseKey(r: { promised_date: string | null; id: number }): PromiseCursor {
  return { promised: r.promised_date, id: r.id };
}

/** Promise order: earlier date first, no date last, then id. */
export function comparePromise(a: PromiseCursor, b: PromiseCursor): number {
  if (a.promised !== b.promised) {
    if (a.promised === null) return 1;
    if (b.promised === null) return -1;
    return a.promised < b.promised ? -1 : 1;
  }
  return a.id - b.id;
}

// Earliest promised date first, orders without a promise date last, ties by id (oldest first).
// Read from the (status, promised_date, id) index in two segments — dated orders
// (promised_date is not null, in index order), then undated ones (promised_date is null, by id) —
// with the keyset cursor (promised, id). Priority is not a tie-break: it is not in the index, so
// ordering a date's orders by it would mean reading all of that date's orders.
//
// One state is one index range, walked in order. Several states (the All tab) are a k-way merge
// of their ranges: a bound key F is taken as the smallest of each state's M-th key after the
// cursor, so the rows up to F are at most M per state, and SQLite sorts just those (the first M
// rows in merged order are all at or before F, so a page of M is exact). Filters the index does
// not answer (channel, warehouse, tag, search text) are checked per row up to the SCAN_LIMIT-th
// entry (split evenly between the states); a page not full by then ends short with `nextAfter` at
// that entry. A tag on fewer than SMALL_RANGE orders is read whole through order_tag and sorted.

/** One promise-ordered page of the queue (search text or not). */
export async function promiseOrderPage(store: Store, q: OrderListQuery, preds: Preds): Promise<{ rows: SummaryRow[]; next: PromiseCursor | null }> {
  const text = q.query?.trim();
  return text ? await promiseSearch(store, text, q, preds) : await promisePage(store, q, preds, [], q.after, q.limit);
}

/** One promise-ordered page: through a rare tag's own rows, else the status index. */
async function promisePage(store: Store, q: OrderListQuery, preds: Preds, extra: Pred[], after: PromiseCursor | undefined, limit: number): Promise<{ rows: SummaryRow[]; next: PromiseCursor | null }> {
  if (preds.tag) {
    const tagged = (await store.raw<{ n: number }>(`select count(*) as n from (select 1 from order_tag where tag = ? limit ${SMALL_RANGE}) s`, ...preds.tag.params))[0].n;
    if (tagged < SMALL_RANGE) {
      const rest = (Object.keys(preds) as Key[]).filter((k) => k !== 'tag').map((k) => preds[k]!);
      return await promiseSorted(store, `order_tag t ${queueSql(store).join} sales_order o on o.id = t.order_id`, [{ sql: 't.tag = ?', params: preds.tag.params }, ...rest, ...extra], after, limit);
    }
  }
  return await promiseWalk(store, q.status ? [q.status] : [...ORDER_STATUSES], preds, extra, after, limit);
}

/** A small candidate set (every predicate in `where`), sorted in promise order after the cursor. */
async function promiseSorted(store: Store, from: string, where: Pred[], after: PromiseCursor | undefined, limit: number): Promise<{ rows: SummaryRow[]; next: PromiseCursor | null }> {
  const all = [...where];
  if (after) {
    all.push(
      after.promised === null
        ? { sql: 'o.promised_date is null and o.id > ?', params: [after.id] }
        : { sql: '(o.promised_date is null or (o.promised_date, o.id) > (?, ?))', params: [after.promised, after.id] },
    );
  }
  const rows = await store.raw<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from ${from} ${summaryJoins(store)}
     ${all.length ? `where ${all.map((p) => `(${p.sql})`).join(' and ')}` : ''} order by o.promised_date is null, o.promised_date, o.id limit ?`,
    ...all.flatMap((p) => p.params),
    limit,
  );
  return { rows, next: rows.length === limit ? promiseKey(rows[rows.length - 1]) : null };
}

/** Walks the (status, promised_date, id) ranges of `statuses`: dated orders, then undated ones. */
async function promiseWalk(store: Store, statuses: OrderStatus[], preds: Preds, extra: Pred[], after: PromiseCursor | undefined, limit: number): Promise<{ rows: SummaryRow[]; next: PromiseCursor | null }> {
  const residual = [...(Object.keys(preds) as Key[]).filter((k) => k !== 'status' && k !== 'promise').map((k) => preds[k]!), ...extra];
  const statusIn = statuses.length === 1 ? { sql: 'o.status = ?', params: [statuses[0]] } : { sql: `o.status in (${statuses.map((x) => `'${x}'`).join(',')})`, params: [] };
  // Entries each state may contribute before the bound: the scan budget with residual filters; a page without them.
  const perState = residual.length > 0 ? Math.max(limit, Math.ceil(SCAN_LIMIT / statuses.length)) : statuses.length > 1 ? limit : null;
  const rows: SummaryRow[] = [];
  // A promise range holds no undated orders, so a cursor among them has nothing after it.
  const segments: ('dated' | 'undated')[] = preds.promise ? (after?.promised === null ? [] : ['dated']) : after?.promised === null ? ['undated'] : ['dated', 'undated'];
  for (const segment of segments) {
    const own: Pred[] = [];
    if (segment === 'dated') {
      own.push(after && after.promised !== null ? { sql: '(o.promised_date, o.id) > (?, ?)', params: [after.promised, after.id] } : { sql: 'o.promised_date is not null', params: [] });
      if (preds.promise) own.push(preds.promise);
    } else {
      own.push({ sql: 'o.promised_date is null', params: [] });
      if (after?.promised === null) own.push({ sql: 'o.id > ?', params: [after.id] });
    }
    const order = segment === 'dated' ? 'o.promised_date, o.id' : 'o.id';
    // The bound: the smallest of each state's perState-th key after the cursor (none when every state has fewer left).
    let bound: PromiseCursor | null = null;
    if (perState !== null) {
      for (const status of statuses) {
        const where = [{ sql: 'o.status = ?', params: [status] }, ...own];
        const [k] = await store.raw<{ promised: string | null; id: number }>(
          `select o.promised_date as promised, o.id as id from sales_order o${queueSql(store).hint('sales_order_status')} where ${where.map((p) => p.sql).join(' and ')} order by ${order} limit 1 offset ${perState - 1}`,
          ...where.flatMap((p) => p.params),
        );
        if (k && (!bound || comparePromise(k, bound) < 0)) bound = k;
      }
    }
    const where = [statusIn, ...own, ...residual];
    if (bound) where.push(segment === 'dated' ? { sql: '(o.promised_date, o.id) <= (?, ?)', params: [bound.promised, bound.id] } : { sql: 'o.id <= ?', params: [bound.id] });
    const want = limit - rows.length;
    rows.push(
      ...await store.raw<SummaryRow>(
        `select ${SUMMARY_COLUMNS} from sales_order o${queueSql(store).hint('sales_order_status')} ${summaryJoins(store)}
         where ${where.map((p) => p.sql).join(' and ')} order by ${order} limit ?`,
        ...where.flatMap((p) => p.params),
        want,
      ),
    );
    if (rows.length === limit) return { rows, next: promiseKey(rows[rows.length - 1]) };
    // Short: the scan stopped at the bound (continue after it), or this segment is done.
    if (bound) return { rows, next: bound };
    after = undefined;
  }
  return { rows, next: null };
}

/**
 * Search in promise order: the exact hits and a rare name prefix are small sets, sorted; a
 * common prefix is a residual filter on the promise walk. Merged like `search`.
 */
async function promiseSearch(store: Store, text: string, q: OrderListQuery, preds: Preds): Promise<{ rows: SummaryRow[]; next: PromiseCursor | null }> {
  const all = (Object.keys(preds) as Key[]).map((k) => preds[k]!);
  const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
  const exact = await promiseSorted(store, 'sales_order o', [{ sql: queueSql(store).exactMatch('(?, ?)', byExternalId(store)), params: [...numbers, text] }, ...all], q.after, q.limit);
  const name = await namePrefix(store, text);
  const byName = name.rare
    ? await promiseSorted(store, `sales_order o${queueSql(store).hint('sales_order_customer')}`, [name.range, ...all], q.after, q.limit)
    : await promisePage(store, q, preds, [name.like], q.after, q.limit);
  if (exact.rows.length === 0) return byName;
  const merged = new Map<number, SummaryRow>();
  for (const r of [...exact.rows, ...byName.rows]) if (byName.next === null || comparePromise(promiseKey(r), byName.next) <= 0) merged.set(r.id, r);
  const rows = [...merged.values()].sort((a, b) => comparePromise(promiseKey(a), promiseKey(b))).slice(0, q.limit);
  return { rows, next: rows.length === q.limit ? promiseKey(rows[rows.length - 1]) : byName.next };
}
