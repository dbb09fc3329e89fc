/**
 * Deterministic demo data: plausible zone charts and rate cards for every built-in service,
 * for the demo shop and for tests. Same inputs → byte-identical output (seeded hash, no
 * Math.random, no clock), so demo databases and screenshots are reproducible.
 *
 * Zones come from a fake geography: 3-digit prefixes run roughly east → west like real ZIP
 * codes, distance is the prefix difference plus seeded jitter, and a few prefixes are
 * far-flung (Alaska 995–999, Hawaii 967–968, Puerto Rico 006–009 → zone 8; Guam 969 → 9).
 * Every chart also carries a few 5-digit exceptions, as real USPS charts do.
 * Prices: base + per-step × weight, scaled per zone, with a few cents of seeded noise, and
 * forced strictly increasing with weight so the card passes its own validation.
 */
import { BUILT_IN_CARRIERS, BUILT_IN_SERVICES, serviceKeyOf } from './catalog';
import { ouncesToBracketG, poundsToBracketG } from './dimensional-weight';
import type { RateCard, RateCardRow, ServiceKey, ShippingService, Zone, ZoneChart, ZoneChartRow } from './types';

/** FNV-1a over a string: a tiny stable hash, enough to seed demo noise. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const FAR_FLUNG: Record<string, Zone> = { '006': '8', '007': '8', '008': '8', '009': '8', '967': '8', '968': '8', '969': '9', '995': '8', '996': '8', '997': '8', '998': '8', '999': '8' };

/** USPS-style zone 1–9 between two 3-digit prefixes. */
export function demoUspsZone(origin: string, dest: string, seed: string): Zone {
  if (origin === dest) return '1';
  const far = FAR_FLUNG[dest];
  if (far) return far;
  const distance = Math.abs(Number(origin) - Number(dest));
  const jitter = (hash(`${seed}|${origin}|${dest}`) % 3) - 1; // -1, 0, +1
  const zone = Math.min(8, Math.max(1, 1 + Math.floor(distance / 110) + jitter));
  return String(zone);
}

/** Maps the USPS-style zone onto each carrier's own zone labels. */
function carrierZone(carrierCode: string, uspsZone: Zone): Zone {
  if (carrierCode === 'ups' || carrierCode === 'fedex') return String(Math.min(8, Math.max(2, Number(uspsZone))));
  if (carrierCode === 'dhl') return String(Math.min(8, Number(uspsZone)));
  return uspsZone;
}

export interface DemoTablesOptions {
  /** 3-digit origin prefixes the shop ships from. */
  originPrefixes: string[];
  /** Changes every generated number; the default gives the documented demo shop. */
  seed?: string;
}

export function generateDemoZoneCharts(options: DemoTablesOptions): ZoneChart[] {
  const seed = options.seed ?? 'shipshape-demo';
  const charts: ZoneChart[] = [];
  for (const carrier of BUILT_IN_CARRIERS) {
    const rows: ZoneChartRow[] = [];
    for (const origin of options.originPrefixes) {
      if (carrier.code === 'local') {
        // A local courier covers its own prefix and its two neighbours on each side.
        for (let d = -2; d <= 2; d++) {
          const n = Number(origin) + d;
          if (n >= 0 && n <= 999) rows.push({ originPrefix: origin, destPrefix: String(n).padStart(3, '0'), zone: 'local' });
        }
        continue;
      }
      for (let n = 0; n <= 999; n++) {
        const dest = String(n).padStart(3, '0');
        rows.push({ originPrefix: origin, destPrefix: dest, zone: carrierZone(carrier.code, demoUspsZone(origin, dest, seed)) });
      }
      // Three 5-digit exceptions per origin, each one zone nearer than its prefix.
      for (let i = 0; i < 3; i++) {
        const h = hash(`${seed}|${carrier.code}|${origin}|exception|${i}`);
        const dest = String(h % 100_000).padStart(5, '0');
        const prefixZone = carrierZone(carrier.code, demoUspsZone(origin, dest.slice(0, 3), seed));
        const nearer = carrier.code === 'ups' || carrier.code === 'fedex' ? Math.max(2, Number(prefixZone) - 1) : Math.max(1, Number(prefixZone) - 1);
        rows.push({ originPrefix: origin, destPrefix: dest, zone: String(nearer) });
      }
    }
    charts.push({ id: carrier.zoneChartId, rows });
  }
  return charts;
}

/** Tariff shape for one service: base and per-bracket price in cents, zone scaling in percent. */
interface Tariff {
  baseCents: number;
  perStepCents: number;
  zoneStepPercent: number;
}

const TARIFFS: Record<ServiceKey, Tariff> = {
  'usps:ground_advantage': { baseCents: 540, perStepCents: 95, zoneStepPercent: 9 },
  'usps:priority': { baseCents: 895, perStepCents: 160, zoneStepPercent: 11 },
  'usps:priority_express': { baseCents: 2_990, perStepCents: 420, zoneStepPercent: 9 },
  'ups:ground': { baseCents: 1_045, perStepCents: 110, zoneStepPercent: 10 },
  'ups:3_day_select': { baseCents: 1_790, perStepCents: 230, zoneStepPercent: 9 },
  'ups:2nd_day_air': { baseCents: 2_350, perStepCents: 310, zoneStepPercent: 12 },
  'ups:next_day_air_saver': { baseCents: 4_210, perStepCents: 520, zoneStepPercent: 12 },
  'ups:next_day_air': { baseCents: 4_690, perStepCents: 560, zoneStepPercent: 12 },
  'fedex:ground': { baseCents: 1_030, perStepCents: 112, zoneStepPercent: 10 },
  'fedex:home_delivery': { baseCents: 1_060, perStepCents: 112, zoneStepPercent: 10 },
  'fedex:express_saver': { baseCents: 1_760, perStepCents: 225, zoneStepPercent: 9 },
  'fedex:2day': { baseCents: 2_320, perStepCents: 305, zoneStepPercent: 12 },
  'fedex:standard_overnight': { baseCents: 4_150, perStepCents: 515, zoneStepPercent: 12 },
  'dhl:ecommerce_ground': { baseCents: 480, perStepCents: 90, zoneStepPercent: 8 },
  'dhl:ecommerce_expedited': { baseCents: 610, perStepCents: 120, zoneStepPercent: 9 },
  'dhl:express_worldwide': { baseCents: 4_200, perStepCents: 610, zoneStepPercent: 18 },
  'local:same_day': { baseCents: 1_200, perStepCents: 150, zoneStepPercent: 0 },
  'local:next_day': { baseCents: 750, perStepCents: 100, zoneStepPercent: 0 },
};

/** Bracket upper bounds in grams for a service, following its weight rounding. */
export function demoWeightBrackets(service: ShippingService): number[] {
  const brackets: number[] = [];
  for (const tier of service.weightRounding) {
    const ceiling = Math.min(tier.untilG ?? service.maxWeightG, service.maxWeightG);
    const unitToG = tier.unit === 'lb' ? poundsToBracketG : tier.unit === 'oz' ? ouncesToBracketG : tier.unit === 'kg' ? (n: number) => n * 1000 : (n: number) => n;
    // Ounce tiers are sold in 4-oz brackets (4, 8, 12, 16) rather than 16 separate prices.
    const stride = tier.unit === 'oz' ? 4 * tier.step : tier.step;
    for (let n = stride; unitToG(n) <= ceiling; n += stride) {
      const g = unitToG(n);
      if (brackets.length === 0 || g > brackets[brackets.length - 1]) brackets.push(g);
    }
  }
  return brackets;
}

export function generateDemoRateCard(service: ShippingService, seed = 'shipshape-demo'): RateCard {
  const key = serviceKeyOf(service);
  const tariff = TARIFFS[key] ?? { baseCents: 1_000, perStepCents: 150, zoneStepPercent: 10 };
  const rows: RateCardRow[] = [];
  const brackets = demoWeightBrackets(service);
  Object.keys(service.transitDaysByZone).forEach((zone, zoneIndex) => {
    let previous = 0;
    brackets.forEach((maxWeightG, step) => {
      const raw = Math.floor(((tariff.baseCents + tariff.perStepCents * step) * (100 + tariff.zoneStepPercent * zoneIndex)) / 100);
      const noise = hash(`${seed}|${key}|${zone}|${maxWeightG}`) % 40;
      const priceCents = Math.max(previous + 1, raw + noise);
      rows.push({ zone, maxWeightG, priceCents });
      previous = priceCents;
    });
  });
  return { serviceKey: key, currency: 'USD', rows };
}

export interface DemoShippingTables {
  zoneCharts: ZoneChart[];
  rateCards: RateCard[];
}

/** Zone charts for every built-in carrier and a rate card for every built-in service. */
export function generateDemoShippingTables(options: DemoTablesOptions): DemoShippingTables {
  return {
    zoneCharts: generateDemoZoneCharts(options),
    rateCards: BUILT_IN_SERVICES.map((service) => generateDemoRateCard(service, options.seed)),
  };
}
