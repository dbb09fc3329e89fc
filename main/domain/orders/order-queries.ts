import { ORDER_STATUSES, type AddressDto, type OrderCountsDto, type OrderDetailDto, type OrderPageDto, type OrderSort, type OrderStatus, type OrderSummaryDto, type PromiseCursor } from '../../../shared/api/orders';
import type { SalesOrderRow } from '../../store/schema';
import type { Core } from '../../core';
import { ORDER_TRANSITIONS, type OrderState } from './logic/index';
import { normalizeTag } from './order-tags';
import { orderEvents } from './order-history';

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
  limit: number;
}

/**
 * Orders with a channel's own id (one parameter): the unique (channel_id, external_id) key probed
 * once per channel (CROSS JOIN keeps channel the outer loop), so no index on external_id alone.
 */
const BY_EXTERNAL_ID = 'select o2.id from channel c cross join sales_order o2 on o2.channel_id = c.id and o2.external_id = ?';

type SummaryRow = Pick<SalesOrderRow, 'id' | 'external_id' | 'number' | 'status' | 'customer_name' | 'ship_to' | 'placed_at' | 'promised_date' | 'total_cents' | 'currency' | 'hold_reason' | 'priority'> & {
  channel: string;
  warehouse: string | null;
};

const SUMMARY_COLUMNS = `o.id, o.external_id, o.number, o.status, o.customer_name, o.ship_to, o.placed_at, o.promised_date, o.total_cents, o.currency,
  o.hold_reason, o.priority, c.name as channel, w.code as warehouse`;

/** A name prefix matching fewer orders than this is read through the name index. */
const NAME_INDEX_LIMIT = 2000;
/** A driving index range smaller than this is read whole (and sorted if it is not in id order). */
const SMALL_RANGE = 2000;
/**
 * With filters the driving index cannot answer, one request reads at most this many of its
 * entries (each one a row lookup); a page that is not full by then ends there and `nextBefore`
 * continues below it. Walking the table itself in id order reads neighbouring rows, so it may
 * read more.
 */
const SCAN_LIMIT = 2_500;
const TABLE_SCAN_LIMIT = 10_000;
/** A tag on fewer orders than this is counted exactly through its own rows. */
const COUNT_EXACT = 2_000;
/** Filtered counts that read each order look at most this many of each state's newest orders. */
const COUNT_SCAN = 500;
const OPEN_STATUSES: OrderStatus[] = ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped'];
const ALL_STATUSES_SQL = ORDER_STATUSES.map((x) => `'${x}'`).join(',');

type Key = 'status' | 'channel' | 'warehouse' | 'promise' | 'tag';
interface Pred {
  sql: string;
  params: unknown[];
}
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
  floor(before: number | undefined): number | null;
}

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

/** Read side of orders: the queue (keyset-paged so page 1 of a million orders is as fast as page 1 of ten) and details. */
export class OrderQueries {
  constructor(private readonly core: Core) {}

  list(q: OrderListQuery): OrderPageDto {
    const preds = this.filterPredicates(q);
    if (!preds) return { rows: [], nextBefore: null, nextAfter: null };
    const text = q.query?.trim();
    if (q.sort === 'promise') {
      const page = text ? this.promiseSearch(text, q, preds) : this.promisePage(q, preds, [], q.after, q.limit);
      return { rows: this.summaries(page.rows), nextBefore: null, nextAfter: page.next };
    }
    const page = text ? this.search(text, q, preds) : this.page(this.driver(q, preds), preds, [], q.before, q.limit);
    return { rows: this.summaries(page.rows), nextBefore: page.next, nextAfter: null };
  }

  // ------------------------------------------------------------------ promise order
  //
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

  /** One promise-ordered page: through a rare tag's own rows, else the status index. */
  private promisePage(q: OrderListQuery, preds: Partial<Record<Key, Pred>>, extra: Pred[], after: PromiseCursor | undefined, limit: number): { rows: SummaryRow[]; next: PromiseCursor | null } {
    if (preds.tag) {
      const tagged = this.core.store.raw<{ n: number }>(`select count(*) as n from (select 1 from order_tag where tag = ? limit ${SMALL_RANGE})`, ...preds.tag.params)[0].n;
      if (tagged < SMALL_RANGE) {
        const rest = (Object.keys(preds) as Key[]).filter((k) => k !== 'tag').map((k) => preds[k]!);
        return this.promiseSorted('order_tag t cross join sales_order o on o.id = t.order_id', [{ sql: 't.tag = ?', params: preds.tag.params }, ...rest, ...extra], after, limit);
      }
    }
    return this.promiseWalk(q.status ? [q.status] : [...ORDER_STATUSES], preds, extra, after, limit);
  }

  /** A small candidate set (every predicate in `where`), sorted in promise order after the cursor. */
  private promiseSorted(from: string, where: Pred[], after: PromiseCursor | undefined, limit: number): { rows: SummaryRow[]; next: PromiseCursor | null } {
    const all = [...where];
    if (after) {
      all.push(
        after.promised === null
          ? { sql: 'o.promised_date is null and o.id > ?', params: [after.id] }
          : { sql: '(o.promised_date is null or (o.promised_date, o.id) > (?, ?))', params: [after.promised, after.id] },
      );
    }
    const rows = this.core.store.raw<SummaryRow>(
      `select ${SUMMARY_COLUMNS} from ${from} cross join channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id
       ${all.length ? `where ${all.map((p) => `(${p.sql})`).join(' and ')}` : ''} order by o.promised_date is null, o.promised_date, o.id limit ?`,
      ...all.flatMap((p) => p.params),
      limit,
    );
    return { rows, next: rows.length === limit ? promiseKey(rows[rows.length - 1]) : null };
  }

  /** Walks the (status, promised_date, id) ranges of `statuses`: dated orders, then undated ones. */
  private promiseWalk(statuses: OrderStatus[], preds: Partial<Record<Key, Pred>>, extra: Pred[], after: PromiseCursor | undefined, limit: number): { rows: SummaryRow[]; next: PromiseCursor | null } {
    const { store } = this.core;
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
          const [k] = store.raw<{ promised: string | null; id: number }>(
            `select o.promised_date as promised, o.id as id from sales_order o indexed by sales_order_status where ${where.map((p) => p.sql).join(' and ')} order by ${order} limit 1 offset ${perState - 1}`,
            ...where.flatMap((p) => p.params),
          );
          if (k && (!bound || comparePromise(k, bound) < 0)) bound = k;
        }
      }
      const where = [statusIn, ...own, ...residual];
      if (bound) where.push(segment === 'dated' ? { sql: '(o.promised_date, o.id) <= (?, ?)', params: [bound.promised, bound.id] } : { sql: 'o.id <= ?', params: [bound.id] });
      const want = limit - rows.length;
      rows.push(
        ...store.raw<SummaryRow>(
          `select ${SUMMARY_COLUMNS} from sales_order o indexed by sales_order_status cross join channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id
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
  private promiseSearch(text: string, q: OrderListQuery, preds: Partial<Record<Key, Pred>>): { rows: SummaryRow[]; next: PromiseCursor | null } {
    const all = (Object.keys(preds) as Key[]).map((k) => preds[k]!);
    const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
    const exact = this.promiseSorted('sales_order o', [{ sql: `o.number in (?, ?) or o.id in (${BY_EXTERNAL_ID})`, params: [...numbers, text] }, ...all], q.after, q.limit);
    const name = this.namePrefix(text);
    const byName = name.rare
      ? this.promiseSorted('sales_order o indexed by sales_order_customer', [name.range, ...all], q.after, q.limit)
      : this.promisePage(q, preds, [name.like], q.after, q.limit);
    if (exact.rows.length === 0) return byName;
    const merged = new Map<number, SummaryRow>();
    for (const r of [...exact.rows, ...byName.rows]) if (byName.next === null || comparePromise(promiseKey(r), byName.next) <= 0) merged.set(r.id, r);
    const rows = [...merged.values()].sort((a, b) => comparePromise(promiseKey(a), promiseKey(b))).slice(0, q.limit);
    return { rows, next: rows.length === q.limit ? promiseKey(rows[rows.length - 1]) : byName.next };
  }

  /** A customer-name prefix: its range on the name index, whether that range is small, and its LIKE as a residual filter. */
  private namePrefix(text: string): { rare: boolean; range: Pred; like: Pred } {
    const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const lower = text.toLowerCase();
    const upper = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
    const rare =
      this.core.store.raw<{ n: number }>(
        `select count(*) as n from (select 1 from sales_order indexed by sales_order_customer where customer_name >= ? collate nocase and customer_name < ? collate nocase limit ${NAME_INDEX_LIMIT})`,
        lower,
        upper,
      )[0].n < NAME_INDEX_LIMIT;
    return {
      rare,
      range: { sql: "o.customer_name >= ? collate nocase and o.customer_name < ? collate nocase and o.customer_name like ? escape '\\'", params: [lower, upper, like] },
      like: { sql: "+o.customer_name like ? escape '\\'", params: [like] },
    };
  }

  /** Each filter as a predicate on `o` (sales_order); null when a filter can match nothing (unknown warehouse). */
  private filterPredicates(q: OrderQueueFilter & { status?: OrderStatus }): Partial<Record<Key, Pred>> | null {
    const preds: Partial<Record<Key, Pred>> = {};
    if (q.status) preds.status = { sql: 'o.status = ?', params: [q.status] };
    if (q.channel) preds.channel = { sql: 'o.channel_id = ?', params: [q.channel] };
    // A split order has no warehouse of its own (sales_order.warehouse_id is null) but keeps one per
    // line while its stock is reserved; only orders whose allocation was a split need their lines read.
    const split = "o.warehouse_id is null and json_extract(o.allocation, '$.kind') = 'split'";
    if (q.warehouse === null) {
      preds.warehouse = { sql: `o.warehouse_id is null and not (${split} and exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id is not null))`, params: [] };
    } else if (q.warehouse !== undefined) {
      const wh = this.core.store.raw<{ id: number }>('select id from warehouse where code = ?', q.warehouse)[0];
      if (!wh) return null;
      preds.warehouse = { sql: `(o.warehouse_id = ? or (${split} and exists (select 1 from order_line l where l.order_id = o.id and l.warehouse_id = ?)))`, params: [wh.id, wh.id] };
    }
    if (q.promisedFrom || q.promisedTo) {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (q.promisedFrom) parts.push('o.promised_date >= ?'), params.push(q.promisedFrom);
      if (q.promisedTo) parts.push('o.promised_date <= ?'), params.push(q.promisedTo);
      preds.promise = { sql: parts.join(' and '), params };
    }
    const tag = q.tag === undefined ? '' : normalizeTag(q.tag);
    // A scalar subquery, not EXISTS: SQLite may turn an EXISTS into a join with a Bloom filter built
    // over every order carrying the tag (20,000 for a common one) before reading a single page row.
    if (tag) preds.tag = { sql: '(select 1 from order_tag t where t.tag = ? and t.order_id = o.id) is not null', params: [tag] };
    return preds;
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
  private driver(q: { status?: OrderStatus; channel?: number; before?: number }, preds: Partial<Record<Key, Pred>>): Driver {
    const { store } = this.core;
    const below = (col: string, before: number | undefined): Pred[] => (before ? [{ sql: `${col} < ?`, params: [before] }] : []);
    const countUpTo = (from: string, own: Pred[], before: number | undefined, col: string) =>
      store.raw<{ n: number }>(
        `select count(*) as n from (select 1 from ${from} where ${[...own, ...below(col, before)].map((p) => p.sql).join(' and ') || '1'} limit ${SMALL_RANGE})`,
        ...[...own, ...below(col, before)].flatMap((p) => p.params),
      )[0].n;
    const floorOf = (from: string, col: string, own: Pred[]) => (before: number | undefined) => {
      const where = [...own, ...below(col, before)];
      return (
        store.raw<{ id: number }>(
          `select ${col} as id from ${from} where ${where.map((p) => p.sql).join(' and ') || '1'} order by ${col} desc limit 1 offset ${SCAN_LIMIT - 1}`,
          ...where.flatMap((p) => p.params),
        )[0]?.id ?? null
      );
    };

    if (preds.promise) {
      const own = [q.status ? preds.status! : { sql: `o.status in (${ALL_STATUSES_SQL})`, params: [] }, preds.promise];
      const from = 'sales_order o indexed by sales_order_status';
      if (countUpTo(from, own, q.before, 'o.id') < SMALL_RANGE) return { from, id: 'o.id', own, serves: ['status', 'promise'], sorted: true, floor: () => null };
    }
    const hint = q.status && q.channel ? 'indexed by sales_order_channel_status_id' : q.status ? 'indexed by sales_order_status_id' : q.channel ? 'indexed by sales_order_channel_id' : '';
    const indexed = (): Driver => {
      const own = [preds.status, preds.channel].filter((p): p is Pred => !!p);
      const from = `sales_order o ${hint}`;
      return { from, id: 'o.id', own, serves: ['status', 'channel'], floor: floorOf(from, 'o.id', own) };
    };
    if (preds.tag) {
      if (hint) {
        const small = indexed();
        if (countUpTo(small.from, small.own, q.before, 'o.id') < SMALL_RANGE) return small;
      }
      const own = [{ sql: 't.tag = ?', params: preds.tag.params }];
      return {
        from: 'order_tag t cross join sales_order o on o.id = t.order_id',
        id: 't.order_id',
        own,
        serves: ['tag'],
        floor: floorOf('order_tag t', 't.order_id', own),
      };
    }
    if (hint) return indexed();
    return {
      from: 'sales_order o',
      id: 'o.id',
      own: [],
      serves: [],
      // Ids are dense (autoincrement): the TABLE_SCAN_LIMIT ids below `before` bound the walk without reading them.
      floor: (before) => {
        const top = before ?? (store.raw<{ id: number | null }>('select max(id) as id from sales_order')[0].id ?? 0) + 1;
        return top - TABLE_SCAN_LIMIT > 1 ? top - TABLE_SCAN_LIMIT : null;
      },
    };
  }

  /**
   * One page through `driver`, with every filter it does not serve (and `extra`) checked per row.
   * `next` is the id to continue below: the last row of a full page, the scan floor of a short
   * page that stopped at SCAN_LIMIT entries, or null at the end.
   */
  private page(driver: Driver, preds: Partial<Record<Key, Pred>>, extra: Pred[], before: number | undefined, limit: number): { rows: SummaryRow[]; next: number | null } {
    const residual = (Object.keys(preds) as Key[]).filter((k) => !driver.serves.includes(k)).map((k) => preds[k]!);
    const where = [...driver.own, ...residual, ...extra];
    if (before) where.push({ sql: `${driver.id} < ?`, params: [before] });
    const floor = residual.length + extra.length > 0 && !driver.sorted ? driver.floor(before) : null;
    if (floor !== null) where.push({ sql: `${driver.id} >= ?`, params: [floor] });
    const rows = this.core.store.raw<SummaryRow>(
      `select ${SUMMARY_COLUMNS} from ${driver.from} cross join channel c on c.id = o.channel_id left join warehouse w on w.id = o.warehouse_id
       ${where.length ? `where ${where.map((p) => p.sql).join(' and ')}` : ''} order by ${driver.id} desc limit ?`,
      ...where.flatMap((p) => p.params),
      limit,
    );
    return { rows, next: rows.length === limit ? rows[rows.length - 1].id : floor };
  }

  /** Every filter checked per row on a small candidate set read through `from` (no floor). */
  private smallSet(from: string, own: Pred[]): Driver {
    return { from, id: 'o.id', own, serves: [], sorted: true, floor: () => null };
  }

  /**
   * Search: an exact order number ("#1001" or "1001") or channel order id, or a customer-name
   * prefix. Each is answered from its own index (an OR across them would scan the table): exact
   * hits are a handful of rows; for a name prefix, a rare one is read through the name index
   * (at most NAME_INDEX_LIMIT rows, sorted), a common one by walking the queue's index newest
   * first until the page is full (quick, because matches are everywhere; bounded like any filter).
   */
  private search(text: string, q: OrderListQuery, preds: Partial<Record<Key, Pred>>): { rows: SummaryRow[]; next: number | null } {
    const numbers = [text, text.startsWith('#') ? text.slice(1) : `#${text}`];
    const exact = this.page(
      this.smallSet('sales_order o', [{ sql: `(o.number in (?, ?) or o.id in (${BY_EXTERNAL_ID}))`, params: [...numbers, text] }]),
      preds,
      [],
      q.before,
      q.limit,
    );
    const name = this.namePrefix(text);
    const byName = name.rare
      ? this.page(this.smallSet('sales_order o indexed by sales_order_customer', [name.range]), preds, [], q.before, q.limit)
      : this.page(this.driver(q, preds), preds, [name.like], q.before, q.limit);
    if (exact.rows.length === 0) return byName;
    const merged = new Map<number, SummaryRow>();
    // Exact hits below where the name scan stopped come again on the page that continues there.
    for (const r of [...exact.rows, ...byName.rows]) if (byName.next === null || r.id >= byName.next) merged.set(r.id, r);
    const rows = [...merged.values()].sort((a, b) => b.id - a.id).slice(0, q.limit);
    return { rows, next: rows.length === q.limit ? rows[rows.length - 1].id : byName.next };
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

  /**
   * Open orders per status under the queue's filters. Without filters, or with only a channel or
   * only a promise range, each count reads just its index range ((status, id), (channel_id,
   * status, id), (status, promised_date, id)). A tag on fewer than COUNT_EXACT orders is counted
   * exactly through its own rows. Any other filter needs each order read, so each state is
   * counted over its newest COUNT_SCAN candidates; a state with more is listed in `capped` (its
   * figure is a lower bound) so the count never stalls the station at a million orders.
   */
  counts(f: OrderQueueFilter = {}): OrderCountsDto {
    const { store } = this.core;
    const preds = this.filterPredicates(f);
    if (!preds) return {};
    const open = { sql: `o.status in (${OPEN_STATUSES.map((x) => `'${x}'`).join(',')})`, params: [] };
    const keys = Object.keys(preds) as Key[];
    const run = (sqlText: string, list: Pred[]) => store.raw<{ status: OrderStatus; n: number }>(sqlText.replace('$WHERE', list.map((p) => p.sql).join(' and ')), ...list.flatMap((p) => p.params));
    const result = (rows: { status: OrderStatus; n: number }[], capped: OrderStatus[] = []): OrderCountsDto => {
      const out: OrderCountsDto = Object.fromEntries(rows.filter((r) => r.n > 0 || capped.includes(r.status)).map((r) => [r.status, r.n]));
      if (capped.length) out.capped = capped;
      return out;
    };

    // Served by one index: count its ranges (listing the open states, not "not in" the closed ones).
    const single = keys.length === 0 ? 'sales_order_status_id' : keys.length === 1 && preds.channel ? 'sales_order_channel_status_id' : keys.length === 1 && preds.promise ? 'sales_order_status' : null;
    if (single) return result(run(`select o.status as status, count(*) as n from sales_order o indexed by ${single} where $WHERE group by o.status`, [open, ...keys.map((k) => preds[k]!)]));

    if (preds.tag) {
      const tagged = store.raw<{ n: number }>(`select count(*) as n from (select 1 from order_tag where tag = ? limit ${COUNT_EXACT})`, ...preds.tag.params)[0].n;
      if (tagged < COUNT_EXACT) {
        const rest = keys.filter((k) => k !== 'tag').map((k) => preds[k]!);
        return result(run('select o.status as status, count(*) as n from order_tag t cross join sales_order o on o.id = t.order_id where $WHERE group by o.status', [{ sql: 't.tag = ?', params: preds.tag.params }, open, ...rest]));
      }
    }

    // Per state, its newest COUNT_SCAN orders (through the channel's index when there is one).
    const index = preds.channel ? 'sales_order_channel_status_id' : 'sales_order_status_id';
    const served = preds.channel ? [preds.channel] : [];
    const residual = keys.filter((k) => k !== 'channel').map((k) => preds[k]!);
    const rows: { status: OrderStatus; n: number }[] = [];
    const capped: OrderStatus[] = [];
    for (const status of OPEN_STATUSES) {
      const cand = [{ sql: 'c.status = ?', params: [status] }, ...served.map((p) => ({ sql: p.sql.replace('o.', 'c.'), params: p.params }))];
      const [r] = store.raw<{ seen: number; n: number }>(
        `select count(*) as seen, coalesce(sum(${residual.map((p) => `(${p.sql})`).join(' and ')}), 0) as n
         from (select c.id from sales_order c indexed by ${index} where ${cand.map((p) => p.sql).join(' and ')} order by c.id desc limit ${COUNT_SCAN}) s
         cross join sales_order o on o.id = s.id`,
        ...residual.flatMap((p) => p.params),
        ...cand.flatMap((p) => p.params),
      );
      rows.push({ status, n: r.n });
      if (r.seen === COUNT_SCAN) capped.push(status);
    }
    return result(rows, capped);
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
    const events = orderEvents(store, id);
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
