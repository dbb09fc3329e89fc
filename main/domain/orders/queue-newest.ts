import type { OrderStatus } from '../../../shared/api/orders';
import type { Store } from '../../store/store';
import { ALL_STATUSES_SQL, byExternalId, namePrefix, SCAN_LIMIT, SMALL_RANGE, SUMMARY_COLUMNS, TABLE_SCAN_LIMIT, type Key, type OrderListQuery, type Pred, type Preds, summaryJoins, type SummaryRow } from './queue-common';
import { queueSql } from './queue-sql';

// The newest-first order (the All tab's default): id descending, keyset-paged with `before`.

/**
 * Where a page's rows come from, newest first: an index range (`from`, its own predicates `own`,
 * the filters it answers `serves`) walked in id order (`id`), or, when `sorted`, a small range in
 * another order that is sorted by id afterwards.
 */
interface Driver {
  from: string;
  id: string;
  own: Pred[];
  serves: Key[];
  sorted?: boolean;
  /** The id of the SCAN_LIMIT-th entry below `before`, or null when fewer remain. */
  floor(before: number | undefined): Promise<number | null> | null;
}

/** One newest-first page of the queue (search text or not). */
export async function newestPage(store: Store, q: OrderListQuery, preds: Preds): Promise<{ rows: SummaryRow[]; next: number | null }> {
  const text = q.query?.trim();
  return text ? await search(store, text, q, preds) : await page(store, await driver(store, q, preds), preds, [], q.before, q.limit);
}

/**
 * Chooses the index a page is read from:
 * - a promise filter matching fewer than SMALL_RANGE orders: the (status, promised_date, id) range, sorted;
 * - a status / channel range smaller than SMALL_RANGE (with a tag filter): that range whole;
 * - a tag: its (tag, order_id) range, newest first;
 * - a status and/or channel: its id-ordered index (pinned: with statistics SQLite may otherwise
 *   prefer a skip-scan that then sorts a whole state's orders; INDEXED BY and CROSS JOIN are
 *   SQLite's, a PostgreSQL port drops them);
 * - otherwise the table, newest first.
 * Filters the chosen index does not answer are checked on each row, within SCAN_LIMIT entries.
 */
async function driver(store: Store, q: { status?: OrderStatus; channel?: number; before?: number }, preds: Preds): Promise<Driver> {
  const dialect = queueSql(store);
  const below = (col: string, before: number | undefined): Pred[] => (before ? [{ sql: `${col} < ?`, params: [before] }] : []);
  const countUpTo = async (from: string, own: Pred[], before: number | undefined, col: string) =>
    (await store.raw<{ n: number }>(
      `select count(*) as n from (select 1 from ${from} where ${[...own, ...below(col, before)].map((p) => p.sql).join(' and ') || '1 = 1'} limit ${SMALL_RANGE}) s`,
      ...[...own, ...below(col, before)].flatMap((p) => p.params),
    ))[0].n;
  const floorOf = (from: string, col: string, own: Pred[]) => async (before: number | undefined) => {
    const where = [...own, ...below(col, before)];
    return (
      (await store.raw<{ id: number }>(
        `select ${col} as id from ${from} where ${where.map((p) => p.sql).join(' and ') || '1 = 1'} order by ${col} desc limit 1 offset ${SCAN_LIMIT - 1}`,
        ...where.flatMap((p) => p.params),
      ))[0]?.id ?? null
    );
  };

  if (preds.promise) {
    const own = [q.status ? preds.status! : { sql: `o.status in (${ALL_STATUSES_SQL})`, params: [] }, preds.promise];
    const from = `sales_order o${dialect.hint('sales_order_status')}`;
    if (await countUpTo(from, own, q.before, 'o.id') < SMALL_RANGE) return { from, id: 'o.id', own, serves: ['status', 'promise'], sorted: true, floor: () => null };
  }
  const index = q.status && q.channel ? 'sales_order_channel_status_id' : q.status ? 'sales_order_status_id' : q.channel ? 'sales_order_channel_id' : '';
  const indexed = (): Driver => {
    const own = [preds.status, preds.channel].filter((p): p is Pred => !!p);
    const from = `sales_order o${index ? dialect.hint(index) : ''}`;
    return { from, id: 'o.id', own, serves: ['status', 'channel'], floor: floorOf(from, 'o.id', own) };
  };
  if (preds.tag) {
    if (index) {
      const small = indexed();
      if (await countUpTo(small.from, small.own, q.before, 'o.id') < SMALL_RANGE) return small;
    }
    const own = [{ sql: 't.tag = ?', params: preds.tag.params }];
    return {
      from: `order_tag t ${dialect.join} sales_order o on o.id = t.order_id`,
      id: 't.order_id',
      own,
      serves: ['tag'],
      floor: floorOf('order_tag t', 't.order_id', own),
    };
  }
  if (index) return indexed();
  return {
    from: 'sales_order o',
    id: 'o.id',
    own: [],
    serves: [],
    // Ids are dense (autoincrement): the TABLE_SCAN_LIMIT ids below `before` bound the walk without reading them.
    floor: async (before) => {
      const top = before ?? ((await store.raw<{ id: number | null }>('select max(id) as id from sales_order'))[0].id ?? 0) + 1;
      return top - TABLE_SCAN_LIMIT > 1 ? top - TABLE_SCAN_LIMIT : null;
    },
  };
}

/**
 * One page through `driver`, with every filter it does not serve (and `extra`) checked per row.
 * `next` is the id to continue below: the last row of a full page, the scan floor of a short
 * page that stopped at SCAN_LIMIT entries, or null at the end.
 */
async function page(store: Store, driver: Driver, preds: Preds, extra: Pred[], before: number | undefined, limit: number): Promise<{ rows: SummaryRow[]; next: number | null }> {
  const residual = (Object.keys(preds) as Key[]).filter((k) => !driver.serves.includes(k)).map((k) => preds[k]!);
  const where = [...driver.own, ...residual, ...extra];
  const keyset = queueSql(store).keysetColumns(driver.id);
  if (before) where.push(...keyset.map((col) => ({ sql: `${col} < ?`, params: [before] })));
  const floor = residual.length + extra.length > 0 && !driver.sorted ? await driver.floor(before) : null;
  if (floor !== null) where.push(...keyset.map((col) => ({ sql: `${col} >= ?`, params: [floor] })));
  const rows = await store.raw<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from ${driver.from} ${summaryJoins(store)}
     ${where.length ? `where ${where.map((p) => p.sql).join(' and ')}` : ''} order by ${driver.id} desc limit ?`,
    ...where.flatMap((p) => p.params),
    limit,
  );
  return { rows, next: rows.length === limit ? rows[rows.length - 1].id : floor };
}

/** Every filter checked per row on a small candidate set read through `from` (no floor). */
function smallSet(from: string, own: Pred[]): Driver {
  return { from, id: 'o.id', own, serves: [], sorted: true, floor: () => null };
}

/**
 * Search: an exact order number ("#1001" or "1001") or channel order id, or a customer-name
 * prefix. Each is answered from its own index (an OR across them would scan the table): exact
 * hits are a handful of rows; for a name prefix, a rare one is read through the name index
 * (at most NAME_INDEX_LIMIT rows, sorted), a common one by walking the queue's index newest
 * first until the page is full (quick, because matches are everywhere; bounded like any filter).
 */
async function search(store: Store, text: string, q: OrderListQuery, preds: Preds): Promise<{ rows: SummaryRow[]; next: number | null }> {
  const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
  const exact = await page(store, 
    smallSet('sales_order o', [{ sql: queueSql(store).exactMatch('(?, ?)', byExternalId(store)), params: [...numbers, text] }]),
    preds,
    [],
    q.before,
    q.limit,
  );
  const name = await namePrefix(store, text);
  const byName = name.rare
    ? await page(store, smallSet(`sales_order o${queueSql(store).hint('sales_order_customer')}`, [name.range]), preds, [], q.before, q.limit)
    : await page(store, await driver(store, q, preds), preds, [name.like], q.before, q.limit);
  if (exact.rows.length === 0) return byName;
  const merged = new Map<number, SummaryRow>();
  // Exact hits below where the name scan stopped come again on the page that continues there.
  for (const r of [...exact.rows, ...byName.rows]) if (byName.next === null || r.id >= byName.next) merged.set(r.id, r);
  const rows = [...merged.values()].sort((a, b) => b.id - a.id).slice(0, q.limit);
  return { rows, next: rows.length === q.limit ? rows[rows.length - 1].id : byName.next };
}