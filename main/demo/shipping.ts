import { BUILT_IN_SERVICES, serviceKeyOf } from '../domain/shipping/catalog';
import { addDeliveryDays, isPickupDay, makeHolidayCalendar } from '../domain/shipping/delivery-dates';
import { formatLocalDate, parseLocalDate } from '../domain/calendar/local-days';
import { generateDemoShippingTables } from '../domain/shipping/demo-tables';
import type { DemoContext, DemoSeeder } from './index';
import { insertRows } from '../store/bulk-insert';

const ACTOR = 'demo';
const NO_HOLIDAYS = makeHolidayCalendar([]);

/** A small shop's shelf of boxes: mailers to a large carton. */
const DEMO_BOXES = [
  { code: 'MAILER-S', name: 'Poly mailer small', innerLengthMm: 250, innerWidthMm: 180, innerHeightMm: 30, tareG: 20, costCents: 18 },
  { code: 'MAILER-L', name: 'Poly mailer large', innerLengthMm: 360, innerWidthMm: 300, innerHeightMm: 60, tareG: 35, costCents: 29 },
  { code: 'BOX-S', name: 'Box 8×6×4 in', innerLengthMm: 203, innerWidthMm: 152, innerHeightMm: 102, tareG: 140, costCents: 45 },
  { code: 'BOX-M', name: 'Box 12×10×6 in', innerLengthMm: 305, innerWidthMm: 254, innerHeightMm: 152, tareG: 290, costCents: 78 },
  { code: 'BOX-L', name: 'Box 16×12×10 in', innerLengthMm: 406, innerWidthMm: 305, innerHeightMm: 254, tareG: 520, costCents: 120 },
  { code: 'BOX-XL', name: 'Box 20×16×14 in', innerLengthMm: 508, innerWidthMm: 406, innerHeightMm: 356, tareG: 860, costCents: 185 },
];

/**
 * Per service, how this demo shop's carriers really did: the share of parcels delivered within
 * the published days. Some do better than they claim, some worse, so the on-time odds in the
 * rate table differ from the published figures in ways worth looking at.
 */
const DEMO_RECORD: Record<string, number> = {
  'usps:ground_advantage': 0.86,
  'usps:priority': 0.9,
  'usps:priority_express': 0.97,
  'ups:ground': 0.97,
  'ups:3_day_select': 0.95,
  'ups:2nd_day_air': 0.98,
  'fedex:ground': 0.93,
  'fedex:home_delivery': 0.95,
  'fedex:2day': 0.97,
  'dhl:ecommerce_ground': 0.78,
  'dhl:ecommerce_expedited': 0.85,
  'local:next_day': 0.99,
};

/**
 * The demo shop's shipping: zone charts from each warehouse and a rate card for every built-in
 * service (generateDemoShippingTables), boxes, a couple of rules, and 90 days of delivered history.
 */
export const shippingSeeder: DemoSeeder = {
  name: 'shipping',
  async seed({ app, random, today }: DemoContext) {
    const { shipping } = app.services;
    const { store } = app;
    const prefixes = (await store.all(store.kysely.selectFrom('warehouse').select('postal_code').where('active', '=', 1).where('country', '=', 'US')))
      .map((w) => w.postal_code.slice(0, 3))
      .filter((p) => /^\d{3}$/.test(p));
    const originPrefixes = [...new Set(prefixes.length ? prefixes : ['972'])];
    await shipping.config.ensureBuiltIns();
    const tables = generateDemoShippingTables({ originPrefixes });
    for (const chart of tables.zoneCharts) await shipping.config.saveZoneChart(chart, ACTOR, 'demo');
    for (const card of tables.rateCards) await shipping.config.saveRateCard(card, ACTOR, 'demo');

    for (const box of DEMO_BOXES) await shipping.config.upsertBox({ ...box, active: true });

    await shipping.config.saveRules([
      {
        name: 'No DHL eCommerce to Alaska and Hawaii',
        enabled: true,
        conditions: { destinationPostalPrefixes: ['995', '996', '997', '998', '999', '967', '968'] },
        actions: [
          { type: 'neverUseService', serviceKey: 'dhl:ecommerce_ground' },
          { type: 'neverUseService', serviceKey: 'dhl:ecommerce_expedited' },
        ],
        stopAfterMatch: false,
      },
      { name: 'Insure orders over $250', enabled: true, conditions: { orderValueCents: { min: 25_000 } }, actions: [{ type: 'addInsurance' }], stopAfterMatch: false },
      { name: 'Signature for wholesale', enabled: true, conditions: { tagsAny: ['wholesale'] }, actions: [{ type: 'requireSignature' }], stopAfterMatch: false },
    ]);

    // Delivered history: per service and zone, parcels over the last 90 days, late by 1–2 days at the shop's real rate.
    const end = parseLocalDate(today.toISOString().slice(0, 10));
    const records: { service_key: string; zone: string; pickup_date: string; delivered_date: string; source: string }[] = [];
    for (const service of BUILT_IN_SERVICES) {
      const key = serviceKeyOf(service);
      const onTime = DEMO_RECORD[key];
      if (onTime === undefined) continue;
      for (const [zone, published] of Object.entries(service.transitDaysByZone)) {
        const parcels = random.int(8, 30);
        for (let i = 0; i < parcels; i++) {
          let pickup = end - random.int(5, 90);
          while (!isPickupDay(pickup, service.weekend, NO_HOLIDAYS)) pickup++;
          const late = random.chance(onTime) ? 0 : random.chance(0.7) ? 1 : 2;
          const early = late === 0 && published > 1 && random.chance(0.15) ? 1 : 0;
          const delivered = addDeliveryDays(pickup, published + late - early, service.weekend, NO_HOLIDAYS);
          records.push({ service_key: key, zone, pickup_date: formatLocalDate(pickup), delivered_date: formatLocalDate(delivered), source: 'demo' });
        }
      }
    }
    await store.tx(() => insertRows(store, 'delivery_record', records));
    await shipping.config.historyChanged();
  },
};
