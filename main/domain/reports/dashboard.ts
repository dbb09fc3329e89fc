import type { InferResult, SelectQueryBuilder } from 'kysely';
import type { DashboardDto, DashboardExceptionDto } from '../../../shared/api/system';
import type { DB } from '../../store/schema';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import type { Inventory } from '../inventory/index';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';

/** Only for turning an epoch day into an instant (UTC midnight); shop days go through the calendar. */
const UTC_DAY_MS = 86_400_000;
/** Days in the orders chart and the shipping record. */
export const DASHBOARD_DAYS = 30;
/**
 * An order in a working state this many whole shop days without a change is "stuck": last changed
 * before the shop's midnight N days ago, so the count turns at the shop's midnight, not N × 24 h
 * after the last change nor at UTC midnight.
 */
const STUCK_DAYS = { allocated: 2, picking: 1, packed: 1, backordered: 3 } as const;
const OPEN = ['new', 'allocated', 'backordered', 'picking', 'packed', 'partially_shipped', 'on_hold'] as const;
/** Orders someone works on today: due today when in one of these. */
const IN_WORK = ['allocated', 'picking', 'packed', 'partially_shipped'] as const;
const EXCEPTIONS_SHOWN = 100;
type OrderCountQuery = SelectQueryBuilder<DB, 'sales_order', { n: number }>;

/**
 * The owner's dashboard: today's work, thirty days of orders and shipping, stock that needs a
 * look, and the exceptions queue — orders past their promise or stuck in a state. Every figure is
 * read from indexes the queue already has (no index was added for it: each one slows intake):
 * recent orders are found by id, since ids grow with creation time, and a state is a range of
 * `(status, promised_date, id)`.
 */
export async function dashboard(core: Core, inventory: Inventory): Promise<DashboardDto> {
  const { store } = core;
  const calendar = await shopCalendar(core);
  const now = core.clock.now();
  const today = calendar.today();
  const firstDay = formatLocalDate(parseLocalDate(today) - (DASHBOARD_DAYS - 1));

  // Orders placed in the window were created in it too (an order is written after it is placed):
  // start from the first id created a day before the window (slack for time zones) and keep the
  // rows whose shop-local placed date is in it.
  const windowStart = new Date(parseLocalDate(firstDay) * UTC_DAY_MS - UTC_DAY_MS).toISOString();
  const fromId = await firstIdCreatedSince(core, windowStart);
  const recent = await store.all(
    store.kysely
      .selectFrom('sales_order as o')
      .innerJoin('channel as c', 'c.id', 'o.channel_id')
      .select(['o.placed_at', 'o.status', 'o.total_cents', 'o.currency', 'c.name as channel'])
      .where('o.id', '>=', fromId),
  );
  const perDay = new Map<string, { byChannel: Record<string, number>; revenueCents: number }>();
  for (let d = parseLocalDate(firstDay); d <= parseLocalDate(today); d++) perDay.set(formatLocalDate(d), { byChannel: {}, revenueCents: 0 });
  const channels = new Set<string>();
  let currency = 'USD';
  for (const o of recent) {
    const day = perDay.get(calendar.localDate(new Date(o.placed_at)));
    if (!day || o.status === 'cancelled') continue;
    day.byChannel[o.channel] = (day.byChannel[o.channel] ?? 0) + 1;
    day.revenueCents += o.total_cents;
    channels.add(o.channel);
    currency = o.currency;
  }

  const orderCount = async (where: (q: OrderCountQuery) => OrderCountQuery) => (await store.get(where(store.kysely.selectFrom('sales_order').select((eb) => eb.fn.countAll<number>().as('n')))))!.n;
  const shippedSince = (calendar.startOfDay(now)).toISOString();
  const orders = {
    receivedToday: Object.values(perDay.get(today)!.byChannel).reduce((a, b) => a + b, 0),
    dueToday: await orderCount((q) => q.where('status', 'in', IN_WORK).where('promised_date', '=', today)),
    late: await orderCount((q) => q.where('status', 'in', OPEN).where('promised_date', '<', today)),
    onHold: await orderCount((q) => q.where('status', '=', 'on_hold')),
    backordered: await orderCount((q) => q.where('status', '=', 'backordered')),
    open: await orderCount((q) => q.where('status', 'in', OPEN)),
    shippedToday: (await store.get(
      store.kysely
        .selectFrom('shipment')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('direction', '=', 'outbound')
        .where('status', '<>', 'voided')
        .where('created_at', '>=', shippedSince),
    ))!.n,
  };

  // Shipping record: parcels delivered in the window against their promise, and what postage cost.
  const shipped = await store.all(
    store.kysely
      .selectFrom('shipment as s')
      .leftJoin('shipping_carrier as c', 'c.code', 's.carrier_code')
      .select((eb) => {
        const delivered = eb('s.delivered_date', 'is not', null);
        const onTime = eb.and([delivered, eb.or([eb('s.promised_date', 'is', null), eb('s.delivered_date', '<=', eb.ref('s.promised_date'))])]);
        const countOf = (condition: typeof delivered) => eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
        return [
          's.carrier_code',
          eb.fn.coalesce('c.name', eb.fn<string>('upper', ['s.carrier_code'])).as('carrier_name'),
          eb.fn.countAll<number>().as('shipments'),
          countOf(delivered).as('delivered'),
          countOf(onTime).as('on_time'),
          eb.fn.sum<number>(eb.fn.coalesce('s.cost_cents', 's.price_cents')).as('cost_cents'),
        ];
      })
      .where('s.direction', '=', 'outbound')
      .where('s.status', '<>', 'voided')
      .where('s.created_at', '>=', windowStart)
      .groupBy(['s.carrier_code', 'c.name'])
      .orderBy('s.carrier_code'),
  );

  // The stock view's own marks, counted in one pass (lots expiring within 30 days, the view's default).
  const attention = await inventory.stock.attentionCounts(30);
  const value = await inventory.valuation();

  return {
    today,
    orders,
    channels: [...channels].sort(),
    ordersPerDay: [...perDay].map(([date, d]) => ({ date, ...d })),
    currency,
    shipping: shipped.map((s) => ({ carrier: s.carrier_code, carrierName: s.carrier_name, shipments: s.shipments, delivered: s.delivered, onTime: s.on_time, costCents: s.cost_cents })),
    stock: { valueCents: value.totalCents, currency: value.currency, lowStock: attention.low, outOfStock: attention.out, expiringSoon: attention.expiring },
    exceptions: await exceptions(core, today),
  };
}

/** Orders past their promise, stuck in a working state, or held: the oldest promise first. */
async function exceptions(core: Core, today: string): Promise<DashboardExceptionDto[]> {
  const calendar = await shopCalendar(core);
  const { store } = core;
  const rows = store.kysely
    .selectFrom('sales_order')
    .select(['id', 'number', 'status', 'promised_date', 'updated_at', 'hold_reason'])
    .orderBy('promised_date')
    .orderBy('id')
    .limit(EXCEPTIONS_SHOWN);
  type Row = InferResult<typeof rows>[number];
  const out: DashboardExceptionDto[] = [];
  const seen = new Set<number>();
  const add = (r: Row, kind: DashboardExceptionDto['kind'], detail: string) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push({ orderId: r.id, number: r.number, status: r.status, kind, detail, since: r.updated_at, promisedDate: r.promised_date });
  };
  for (const r of await store.all(rows.where('status', 'in', OPEN).where('promised_date', '<', today))) {
    add(r, 'late', `promised ${r.promised_date}, still ${r.status.replace('_', ' ')}`);
  }
  for (const [status, days] of Object.entries(STUCK_DAYS)) {
    const before = (calendar.startOfDaysAgo(days)).toISOString();
    for (const r of await store.all(rows.where('status', '=', status as keyof typeof STUCK_DAYS).where('updated_at', '<', before))) {
      add(r, 'stuck', `${status.replace('_', ' ')} since ${r.updated_at.slice(0, 10)} (over ${days} day${days === 1 ? '' : 's'})`);
    }
  }
  for (const r of await store.all(rows.where('status', '=', 'on_hold'))) {
    add(r, 'on_hold', r.hold_reason ?? 'on hold');
  }
  return out.slice(0, EXCEPTIONS_SHOWN);
}

/**
 * The first order id created at or after `iso`, by binary search over ids (they grow with creation
 * time): ~20 point reads at a million orders instead of a scan or an index every intake would pay for.
 */
async function firstIdCreatedSince(core: Core, iso: string): Promise<number> {
  const { store } = core;
  const bounds = (await store.get(store.kysely.selectFrom('sales_order').select((eb) => [eb.fn.min<number | null>('id').as('lo'), eb.fn.max<number | null>('id').as('hi')])))!;
  if (bounds.lo === null || bounds.hi === null) return 1;
  const createdAtOrAfter = async (id: number) => await store.get(store.kysely.selectFrom('sales_order').select(['id', 'created_at']).where('id', '>=', id).orderBy('id').limit(1));
  let lo = bounds.lo;
  let hi = bounds.hi + 1; // the answer lies in [lo, hi]; hi = "none in range"
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = await createdAtOrAfter(mid);
    if (row && row.created_at >= iso) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
