import type { OrderCountsDto, OrderStatus } from '../../../shared/api/orders';
import type { Store } from '../../store/store';
import { filterPredicates, type Key, type OrderQueueFilter, type Pred } from './queue-common';
import { queueSql } from './queue-sql';

/** A tag on fewer orders than this is counted exactly through its own rows. */
const COUNT_EXACT = 2_000;
/** Filtered counts that read each order look at most this many of each state's newest orders. */
const COUNT_SCAN = 500;
const OPEN_STATUSES: OrderStatus[] = ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped'];

/**
 * Open orders per status under the queue's filters. Without filters, or with only a channel or
 * only a promise range, each count reads just its index range ((status, id), (channel_id,
 * status, id), (status, promised_date, id)). A tag on fewer than COUNT_EXACT orders is counted
 * exactly through its own rows. Any other filter needs each order read, so each state is
 * counted over its newest COUNT_SCAN candidates; a state with more is listed in `capped` (its
 * figure is a lower bound) so the count never stalls the station at a million orders.
 */
export async function orderCounts(store: Store, f: OrderQueueFilter = {}): Promise<OrderCountsDto> {
  const dialect = queueSql(store);
  const preds = await filterPredicates(store, f);
  if (!preds) return {};
  const open = { sql: `o.status in (${OPEN_STATUSES.map((x) => `'${x}'`).join(',')})`, params: [] };
  const keys = Object.keys(preds) as Key[];
  const run = async (sqlText: string, list: Pred[]) => await store.raw<{ status: OrderStatus; n: number }>(sqlText.replace('$WHERE', list.map((p) => p.sql).join(' and ')), ...list.flatMap((p) => p.params));
  const result = (rows: { status: OrderStatus; n: number }[], capped: OrderStatus[] = []): OrderCountsDto => {
    const out: OrderCountsDto = Object.fromEntries(rows.filter((r) => r.n > 0 || capped.includes(r.status)).map((r) => [r.status, r.n]));
    if (capped.length) out.capped = capped;
    return out;
  };

  // Served by one index: count its ranges (listing the open states, not "not in" the closed ones).
  const single = keys.length === 0 ? 'sales_order_status_id' : keys.length === 1 && preds.channel ? 'sales_order_channel_status_id' : keys.length === 1 && preds.promise ? 'sales_order_status' : null;
  if (single) return result(await run(`select o.status as status, count(*) as n from sales_order o${dialect.hint(single)} where $WHERE group by o.status`, [open, ...keys.map((k) => preds[k]!)]));

  if (preds.tag) {
    const tagged = (await store.raw<{ n: number }>(`select count(*) as n from (select 1 from order_tag where tag = ? limit ${COUNT_EXACT}) s`, ...preds.tag.params))[0].n;
    if (tagged < COUNT_EXACT) {
      const rest = keys.filter((k) => k !== 'tag').map((k) => preds[k]!);
      return result(await run(`select o.status as status, count(*) as n from order_tag t ${dialect.join} sales_order o on o.id = t.order_id where $WHERE group by o.status`, [{ sql: 't.tag = ?', params: preds.tag.params }, open, ...rest]));
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
    const [r] = await store.raw<{ seen: number; n: number }>(
      `select count(*) as seen, coalesce(sum(case when ${residual.map((p) => `(${p.sql})`).join(' and ')} then 1 else 0 end), 0) as n
       from (select c.id from sales_order c${dialect.hint(index)} where ${cand.map((p) => p.sql).join(' and ')} order by c.id desc limit ${COUNT_SCAN}) s
       ${dialect.join} sales_order o on o.id = s.id`,
      ...residual.flatMap((p) => p.params),
      ...cand.flatMap((p) => p.params),
    );
    rows.push({ status, n: r.n });
    if (r.seen === COUNT_SCAN) capped.push(status);
  }
  return result(rows, capped);
}
