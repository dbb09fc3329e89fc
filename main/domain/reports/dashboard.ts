import type { DashboardDto, DashboardExceptionDto } from '../../../shared/api/system';
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
const OPEN = "('new','allocated','backordered','picking','packed','partially_shipped','on_hold')";
const EXCEPTIONS_SHOWN = 100;

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
  const recent = await store.raw<{ placed_at: string; status: string; total_cents: number; currency: string; channel: string }>(
    `select o.placed_at, o.status, o.total_cents, o.currency, c.name as channel from sales_order o join channel c on c.id = o.channel_id where o.id >= ?`,
    fromId,
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

  const count = async (sql: string, ...params: unknown[]) => (await store.raw<{ n: number }>(sql, ...params))[0].n;
  const orders = {
    receivedToday: Object.values(perDay.get(today)!.byChannel).reduce((a, b) => a + b, 0),
    dueToday: await count(`select count(*) as n from sales_order where status in ('allocated','picking','packed','partially_shipped') and promised_date = ?`, today),
    late: await count(`select count(*) as n from sales_order where status in ${OPEN} and promised_date < ?`, today),
    onHold: await count(`select count(*) as n from sales_order where status = 'on_hold'`),
    backordered: await count(`select count(*) as n from sales_order where status = 'backordered'`),
    open: await count(`select count(*) as n from sales_order where status in ${OPEN}`),
    shippedToday: await count(`select count(*) as n from shipment where direction = 'outbound' and status <> 'voided' and created_at >= ?`, (calendar.startOfDay(now)).toISOString()),
  };

  // Shipping record: parcels delivered in the window against their promise, and what postage cost.
  const shipped = await store.raw<{ carrier_code: string; carrier_name: string; shipments: number; delivered: number; on_time: number; cost_cents: number }>(
    `select s.carrier_code, coalesce(c.name, upper(s.carrier_code)) as carrier_name, count(*) as shipments,
            sum(case when s.delivered_date is not null then 1 else 0 end) as delivered,
            sum(case when s.delivered_date is not null and (s.promised_date is null or s.delivered_date <= s.promised_date) then 1 else 0 end) as on_time,
            sum(coalesce(s.cost_cents, s.price_cents)) as cost_cents
     from shipment s left join shipping_carrier c on c.code = s.carrier_code
     where s.direction = 'outbound' and s.status <> 'voided' and s.created_at >= ? group by s.carrier_code, c.name order by s.carrier_code`,
    windowStart,
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
  type Row = { id: number; number: string; status: string; promised_date: string | null; updated_at: string; hold_reason: string | null };
  const columns = 'id, number, status, promised_date, updated_at, hold_reason';
  const out: DashboardExceptionDto[] = [];
  const seen = new Set<number>();
  const add = (r: Row, kind: DashboardExceptionDto['kind'], detail: string) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push({ orderId: r.id, number: r.number, status: r.status, kind, detail, since: r.updated_at, promisedDate: r.promised_date });
  };
  for (const r of await store.raw<Row>(`select ${columns} from sales_order where status in ${OPEN} and promised_date < ? order by promised_date, id limit ?`, today, EXCEPTIONS_SHOWN)) {
    add(r, 'late', `promised ${r.promised_date}, still ${r.status.replace('_', ' ')}`);
  }
  for (const [status, days] of Object.entries(STUCK_DAYS)) {
    const before = (calendar.startOfDaysAgo(days)).toISOString();
    for (const r of await store.raw<Row>(`select ${columns} from sales_order where status = ? and updated_at < ? order by promised_date, id limit ?`, status, before, EXCEPTIONS_SHOWN)) {
      add(r, 'stuck', `${status.replace('_', ' ')} since ${r.updated_at.slice(0, 10)} (over ${days} day${days === 1 ? '' : 's'})`);
    }
  }
  for (const r of await store.raw<Row>(`select ${columns} from sales_order where status = 'on_hold' order by promised_date, id limit ?`, EXCEPTIONS_SHOWN)) {
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
  const bounds = (await store.raw<{ lo: number | null; hi: number | null }>('select min(id) as lo, max(id) as hi from sales_order'))[0];
  if (bounds.lo === null || bounds.hi === null) return 1;
  const createdAtOrAfter = async (id: number) => (await store.raw<{ id: number; created_at: string }>('select id, created_at from sales_order where id >= ? order by id limit 1', id))[0];
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
