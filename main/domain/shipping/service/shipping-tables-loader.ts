import type { Store } from '../../../store/store';
import { BUILT_IN_SERVICES, serviceKeyOf } from '../catalog';
import { makeHolidayCalendar } from '../delivery-dates';
import { summarizeDeliveryHistory, type DeliveryStats } from '../on-time';
import { compileShippingTables } from '../shipping-tables';
import type { Carrier, RateCard, ShippingService, ZoneChart } from '../types';
import type { CompiledShipping } from './shipping-config';

const CATALOG_ORDER = new Map(BUILT_IN_SERVICES.map((s, i) => [serviceKeyOf(s), i]));

/**
 * Built-in services in the catalog's order, then the shop's own by key: the same order on every
 * engine (PostgreSQL has no rowid to keep insertion order by).
 */
export function inServiceOrder<T extends { key: string }>(rows: T[]): T[] {
  const rank = (key: string) => CATALOG_ORDER.get(key) ?? CATALOG_ORDER.size;
  return [...rows].sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Reads carriers, services, zone charts and rate cards from the store and compiles them for rate shopping. */
export async function loadShippingTables(store: Store): Promise<Omit<CompiledShipping, 'stats'>> {
  const carriers = await store.all(store.kysely.selectFrom('shipping_carrier').select(['code', 'name', 'zone_chart_id', 'enabled']).orderBy('built_in', 'desc').orderBy('code'));
  const enabledCarriers = new Set(carriers.filter((c) => c.enabled === 1).map((c) => c.code));
  const services = inServiceOrder(await store.all(store.kysely.selectFrom('shipping_service').select(['key', 'definition', 'enabled', 'carrier_code'])))
    .filter((r) => r.enabled === 1 && enabledCarriers.has(r.carrier_code))
    .map((r) => JSON.parse(r.definition) as ShippingService);
  const zoneRows = await store.all(store.kysely.selectFrom('zone_chart_row').select(['chart_id', 'origin_prefix', 'dest_prefix', 'zone']));
  const charts = new Map<string, ZoneChart>();
  for (const r of zoneRows) {
    let chart = charts.get(r.chart_id);
    if (!chart) charts.set(r.chart_id, (chart = { id: r.chart_id, rows: [] }));
    chart.rows.push({ originPrefix: r.origin_prefix, destPrefix: r.dest_prefix, zone: r.zone });
  }
  const cards = new Map<string, RateCard>();
  for (const c of await store.all(store.kysely.selectFrom('rate_card').select(['service_key', 'currency']))) cards.set(c.service_key, { serviceKey: c.service_key, currency: c.currency, rows: [] });
  for (const r of await store.all(store.kysely.selectFrom('rate_card_row').select(['service_key', 'zone', 'max_weight_g', 'price_cents']))) {
    cards.get(r.service_key)?.rows.push({ zone: r.zone, maxWeightG: r.max_weight_g, priceCents: r.price_cents });
  }
  const tables = compileShippingTables({
    services,
    carriers: carriers.map((c): Carrier => ({ code: c.code, name: c.name, zoneChartId: c.zone_chart_id })),
    zoneCharts: [...charts.values()],
    rateCards: [...cards.values()],
  });
  return { tables, services, servicesByKey: new Map(services.map((s) => [serviceKeyOf(s), s])) };
}

/** On-time statistics per service and zone from the delivery history. */
export async function loadDeliveryStats(store: Store, servicesByKey: Map<string, ShippingService>): Promise<DeliveryStats> {
  const rows = await store.all(store.kysely.selectFrom('delivery_record').select(['service_key', 'zone', 'pickup_date', 'delivered_date']));
  return summarizeDeliveryHistory(
    rows.map((r) => ({ serviceKey: r.service_key, zone: r.zone, pickupDate: r.pickup_date, deliveredDate: r.delivered_date })),
    servicesByKey,
    makeHolidayCalendar([]),
  );
}
