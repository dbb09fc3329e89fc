import { sql } from 'kysely';
import type { Core } from '../../core';
import { AppError, invalid } from '../../../shared/errors';
import { shopCalendar } from '../calendar/shop-calendar';
import { SELLABLE_BIN_KINDS } from '../inventory/ledger';
import { formatLocalDate, isLocalDate, localDateAndMinutes, parseLocalDate } from '../calendar/local-days';
import type { DemandSeries } from './index';

const DAY_MS = 86_400_000;
/** Bound on one call's memory (9 bytes per product-day): ask for products in batches beyond this. */
const MAX_PRODUCT_DAYS = 50_000_000;

export interface DemandHistoryOptions {
  /** Default: every active product. For large catalogs ask in batches (a few thousand at a time). */
  productIds?: readonly number[];
  /** One warehouse's demand (lines allocated there, or orders assigned to it); default all. */
  warehouseId?: number;
  /** Number of days, ending on `until`. */
  days: number;
  /** Last day (YYYY-MM-DD, shop day), inclusive. Default: yesterday at the shop — today is not over. */
  until?: string;
}

/**
 * Daily demand per product: units on order lines of orders placed that shop day (placed_at in
 * the shop's time zone, shop-calendar.ts), cancelled orders excluded.
 *
 * Censoring — no stock is not zero demand. A day is censored when the product's stock in sellable
 * bins (pick, bulk, receiving) was zero at the start and at the end of the day: the shelf was empty
 * all day, so whatever demand there was could not turn into orders (the channel stock feed had
 * pushed 0). The balance comes from the ledger, walked backwards from today's on-hand through the
 * stock movements (one grouped query), which is exact and needs no stored history. A day on which
 * stock ran out or arrived counts as observed: its sales are real. Kits hold no stock of their own
 * and are never censored.
 *
 * Days are bucketed by the UTC hour of placed_at, each hour mapped to its shop day once; zones
 * with a half-hour offset put the half hour after midnight on the previous day.
 */
export async function demandHistory(core: Core, opts: DemandHistoryOptions): Promise<DemandSeries[]> {
  const { store } = core;
  const db = store.kysely;
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 3660) throw invalid(`days must be a whole number from 1 to 3660, got ${opts.days}`, { field: 'days' });
  const calendar = await shopCalendar(core);
  const timeZone = (calendar.settings()).timeZone;
  const today = parseLocalDate(calendar.today());
  if (opts.until !== undefined && !isLocalDate(opts.until)) throw invalid(`until "${opts.until}" is not a date YYYY-MM-DD`, { field: 'until' });
  const lastDay = opts.until ? parseLocalDate(opts.until) : today - 1;
  const firstDay = lastDay - opts.days + 1;
  const n = opts.days;

  const ids = opts.productIds
    ? [...opts.productIds]
    : (await store.all(db.selectFrom('product').select('id').where('active', '=', 1).orderBy('id'))).map((r) => r.id);
  if (ids.length * n > MAX_PRODUCT_DAYS) throw new AppError('VALIDATION', `${ids.length} products × ${n} days is too much for one call; ask in batches of productIds`, { field: 'productIds' });
  const index = new Map<number, number>();
  ids.forEach((id, i) => index.set(id, i));
  const units = ids.map(() => new Float64Array(n));
  const censored = ids.map(() => new Uint8Array(n));
  if (ids.length === 0) return [];

  // One UTC day either side covers every zone's local days.
  const fromIso = new Date((firstDay - 1) * DAY_MS).toISOString();
  const toIso = new Date((lastDay + 2) * DAY_MS).toISOString();
  const hourDay = new Map<string, number>();
  /** Day index in the series (may fall outside [0, n)) of a UTC hour bucket "YYYY-MM-DDTHH". */
  const dayOf = (hour: string): number => {
    let day = hourDay.get(hour);
    if (day === undefined) hourDay.set(hour, (day = localDateAndMinutes(new Date(`${hour}:00:00Z`), timeZone).day - firstDay));
    return day;
  };
  const restrict = ids.length <= 10_000; // beyond that, read everything and drop what was not asked for

  // ---- demand ----
  const hourOfPlaced = sql<string>`substr(o.placed_at, 1, 13)`;
  let orders = db
    .selectFrom('order_line as l')
    .innerJoin('sales_order as o', 'o.id', 'l.order_id')
    .select(['l.product_id as productId', hourOfPlaced.as('hour'), (eb) => eb.fn.sum<number>('l.quantity').as('quantity')])
    .where('o.status', '!=', 'cancelled')
    .where('l.product_id', 'is not', null)
    .where('o.placed_at', '>=', fromIso)
    .where('o.placed_at', '<', toIso)
    .groupBy(['l.product_id', hourOfPlaced]);
  if (restrict) orders = orders.where('l.product_id', 'in', ids);
  if (opts.warehouseId !== undefined) orders = orders.where((eb) => eb(eb.fn.coalesce('l.warehouse_id', 'o.warehouse_id'), '=', opts.warehouseId!));
  for (const row of await store.all(orders)) {
    const i = index.get(row.productId!);
    const day = dayOf(row.hour);
    if (i !== undefined && day >= 0 && day < n) units[i][day] += Number(row.quantity);
  }

  // ---- stock: today's sellable on-hand, walked back through the movements since the first day ----
  const kits = new Set(
    (await store.all(db.selectFrom('product').select('id').where('is_kit', '=', 1).$if(restrict, (q) => q.where('id', 'in', ids)))).map((r) => r.id),
  );
  const onHand = new Float64Array(ids.length);
  let balances = db
    .selectFrom('stock_balance as b')
    .innerJoin('bin', 'bin.id', 'b.bin_id')
    .select(['b.product_id as productId', (eb) => eb.fn.sum<number>('b.on_hand').as('onHand')])
    .where('bin.kind', 'in', [...SELLABLE_BIN_KINDS])
    .groupBy('b.product_id');
  if (restrict) balances = balances.where('b.product_id', 'in', ids);
  if (opts.warehouseId !== undefined) balances = balances.where('b.warehouse_id', '=', opts.warehouseId);
  for (const row of await store.all(balances)) {
    const i = index.get(row.productId);
    if (i !== undefined) onHand[i] = Number(row.onHand);
  }
  // net[i][d]: stock change on day d; changes after the last day go into `later`.
  const net = ids.map(() => new Float64Array(n));
  const later = new Float64Array(ids.length);
  const startIso = new Date((firstDay - 1) * DAY_MS).toISOString();
  const hourOfMove = sql<string>`substr(m.at, 1, 13)`;
  let moves = db
    .selectFrom('stock_movement as m')
    .innerJoin('bin', 'bin.id', 'm.bin_id')
    .select(['m.product_id as productId', hourOfMove.as('hour'), (eb) => eb.fn.sum<number>('m.quantity').as('quantity')])
    .where('bin.kind', 'in', [...SELLABLE_BIN_KINDS])
    .where('m.at', '>=', startIso)
    .groupBy(['m.product_id', hourOfMove]);
  if (restrict) moves = moves.where('m.product_id', 'in', ids);
  if (opts.warehouseId !== undefined) moves = moves.where('m.warehouse_id', '=', opts.warehouseId);
  for (const row of await store.all(moves)) {
    const i = index.get(row.productId);
    if (i === undefined) continue;
    const day = dayOf(row.hour);
    if (day >= n) later[i] += Number(row.quantity);
    else if (day >= 0) net[i][day] += Number(row.quantity);
  }
  ids.forEach((id, i) => {
    if (kits.has(id)) return;
    // Walk back: end of the last day = now − what moved since; start of a day = end of the day before.
    let end = onHand[i] - later[i];
    for (let d = n - 1; d >= 0; d--) {
      const start = end - net[i][d];
      if (end <= 0 && start <= 0) censored[i][d] = 1;
      end = start;
    }
  });

  const start = formatLocalDate(firstDay);
  return ids.map((productId, i) => ({ productId, start, units: units[i], censored: censored[i] }));
}
