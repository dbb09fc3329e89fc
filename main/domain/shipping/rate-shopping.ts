/**
 * Rate shopping: price a parcel on every candidate service, date it, estimate the chance it
 * arrives by the promised date from the shop's own history, and recommend
 * the cheapest service whose on-time probability reaches the target (default 95 %).
 *
 * Ordering is fully deterministic so two stations never disagree:
 * - cheapest meeting the target: price ↑, probability ↓, expected delivery ↑, transit days ↑,
 *   service name ↑, service key ↑;
 * - when nothing meets the target: the most likely to arrive in time, i.e. probability ↓,
 *   expected delivery ↑, price ↑, name ↑, key ↑ — the shop is told so in the reason.
 */
import { addDeliveryDays, deliveryDaysUntil, parseLocalDateTime, pickupDay, type HolidayCalendar } from './delivery-dates';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';
import { formatMoney } from '../../../shared/money';
import { onTimeProbability, type DeliveryStats } from './on-time';
import { priceParcel, type IneligibleCode } from './pricing';
import { compiledServiceFor, zoneForParcel, type ShippingTables } from './shipping-tables';
import type { PriceLine, ServiceKey, ShipmentPackage, ShippingService, Zone } from './types';

export const DEFAULT_TARGET_PROBABILITY = 0.95;

const NO_HOLIDAYS: HolidayCalendar = { days: new Set() };

export interface RateShoppingContext {
  tables: ShippingTables;
  /** `name`: the warehouse, as the "no zone" sentence names it. */
  origin: { country: string; postalCode: string; name?: string };
  /** Hand-over time in the shop's local time, 'YYYY-MM-DDTHH:MM'. */
  shipAt: string;
  holidays?: HolidayCalendar;
  /** Date promised to the customer, 'YYYY-MM-DD'. Without it every option "meets the promise". */
  promisedBy?: string;
  /** Minimum on-time probability to count as meeting the promise (0–1). */
  targetProbability?: number;
  deliveryStats?: DeliveryStats;
  /** This week's fuel percentage per carrier code, in basis points. */
  fuelPercentBpByCarrier?: Record<string, number>;
}

export interface RateOption {
  serviceKey: ServiceKey;
  carrierCode: string;
  serviceName: string;
  zone: Zone;
  actualWeightG: number;
  dimWeightG: number;
  billableWeightG: number;
  breakdown: PriceLine[];
  totalCents: number;
  currency: string;
  transitBusinessDays: number;
  pickupDate: string;
  expectedDeliveryDate: string;
  /** P(arrives by the promised date) — or by its own expected date when there is no promise. */
  onTimeProbability: number;
  /** Delivered parcels of this (service, zone) in the shop's history behind the probability. */
  historyObservations: number;
  /** The published schedule alone puts delivery on or before the promise. */
  expectedByPromise: boolean;
  /** onTimeProbability ≥ target (always true without a promise). */
  meetsPromise: boolean;
}

export interface IneligibleService {
  serviceKey: ServiceKey;
  serviceName: string;
  code: IneligibleCode;
  reason: string;
}

export interface RateShoppingResult {
  /** Every eligible option, cheapest first (ties as documented above). */
  options: RateOption[];
  ineligible: IneligibleService[];
  recommended: RateOption | null;
  /** False when nothing reaches the target and the recommendation is the best effort. */
  recommendationMeetsPromise: boolean;
  targetProbability: number;
  promisedBy: string | null;
  /** One sentence a packer or owner can read. */
  reason: string;
}

/** In the shop's locale (shared/money's display locale, which main sets from Settings → Shop format). */
export function formatPrice(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}

const percent = (p: number) => `${Math.floor(p * 100)}%`;

/** Plain code-unit order: locale-independent (stations in different locales agree) and fast. ISO dates sort correctly. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byName(a: RateOption, b: RateOption): number {
  return compareText(a.serviceName, b.serviceName) || compareText(a.serviceKey, b.serviceKey);
}

/** Order for "cheapest meeting the promise". */
export function compareCheapestFirst(a: RateOption, b: RateOption): number {
  return (
    a.totalCents - b.totalCents ||
    b.onTimeProbability - a.onTimeProbability ||
    compareText(a.expectedDeliveryDate, b.expectedDeliveryDate) ||
    a.transitBusinessDays - b.transitBusinessDays ||
    byName(a, b)
  );
}

/** Order for "most likely to arrive in time" (the fallback when nothing meets the target). */
export function compareMostLikelyFirst(a: RateOption, b: RateOption): number {
  return (
    b.onTimeProbability - a.onTimeProbability ||
    compareText(a.expectedDeliveryDate, b.expectedDeliveryDate) ||
    a.totalCents - b.totalCents ||
    byName(a, b)
  );
}

/** Cheapest option whose on-time probability reaches the target, or null. */
export function cheapestServiceMeetingPromise(options: RateOption[]): RateOption | null {
  let best: RateOption | null = null;
  for (const option of options) if (option.meetsPromise && (!best || compareCheapestFirst(option, best) < 0)) best = option;
  return best;
}

/**
 * Prices `pkg` on each of `services` (already filtered by automation rules) and recommends
 * one. Pure: everything it needs is in the arguments; compile `context.tables` once.
 */
export function shopRates(pkg: ShipmentPackage, services: ShippingService[], context: RateShoppingContext): RateShoppingResult {
  const target = context.targetProbability ?? DEFAULT_TARGET_PROBABILITY;
  const holidays = context.holidays ?? NO_HOLIDAYS;
  const shipAt = parseLocalDateTime(context.shipAt);
  const promiseDay = context.promisedBy ? parseLocalDate(context.promisedBy) : null;
  const options: RateOption[] = [];
  const ineligible: IneligibleService[] = [];
  // Many services share cut-off, weekend rules and transit days: compute each calendar walk once per call.
  const calendarMemo = new Map<string, { pickup: number; delivery: number; allowedDays: number }>();

  for (const service of services) {
    const compiled = compiledServiceFor(context.tables, service);
    const reject = (code: IneligibleCode, reason: string) => ineligible.push({ serviceKey: compiled.key, serviceName: service.name, code, reason });
    const zone = zoneForParcel(compiled, context.origin.country, context.origin.postalCode, pkg);
    if (zone === null) {
      reject('no-zone', `${service.name} has no zone from ${context.origin.postalCode} to ${pkg.destination.country} ${pkg.destination.postalCode}`);
      continue;
    }
    const transitDays = service.transitDaysByZone[zone];
    if (transitDays === undefined) {
      reject('no-transit-time', `${service.name} has no published transit time for zone ${zone}`);
      continue;
    }
    const priced = priceParcel(pkg, service, zone, compiled.rateCard, {
      fuelPercentBp: context.fuelPercentBpByCarrier?.[service.carrierCode],
      prefixLists: compiled.prefixLists,
    });
    if (!priced.ok) {
      reject(priced.ineligible.code, priced.ineligible.message);
      continue;
    }
    const { weekend } = service;
    const memoKey = `${compiled.cutoffMinutes}|${+weekend.saturdayPickup}${+weekend.saturdayDelivery}${+weekend.sundayDelivery}|${transitDays}`;
    let calendar = calendarMemo.get(memoKey);
    if (!calendar) {
      const pickup = pickupDay(shipAt, compiled.cutoffMinutes, weekend, holidays);
      calendar = {
        pickup,
        delivery: addDeliveryDays(pickup, transitDays, weekend, holidays),
        allowedDays: promiseDay === null ? transitDays : deliveryDaysUntil(pickup, promiseDay, weekend, holidays),
      };
      calendarMemo.set(memoKey, calendar);
    }
    const { pickup, delivery, allowedDays } = calendar;
    const estimate = onTimeProbability(context.deliveryStats, compiled.key, zone, transitDays, service.publishedOnTimeRate, allowedDays);
    const { quote } = priced;
    options.push({
      serviceKey: compiled.key,
      carrierCode: service.carrierCode,
      serviceName: service.name,
      zone,
      actualWeightG: quote.weight.actualWeightG,
      dimWeightG: quote.weight.dimWeightG,
      billableWeightG: quote.weight.billableWeightG,
      breakdown: quote.lines,
      totalCents: quote.totalCents,
      currency: quote.currency,
      transitBusinessDays: transitDays,
      pickupDate: formatLocalDate(pickup),
      expectedDeliveryDate: formatLocalDate(delivery),
      onTimeProbability: estimate.probability,
      historyObservations: estimate.observations,
      expectedByPromise: promiseDay === null || delivery <= promiseDay,
      meetsPromise: promiseDay === null || estimate.probability >= target,
    });
  }

  options.sort(compareCheapestFirst);
  const base = { options, ineligible, targetProbability: target, promisedBy: context.promisedBy ?? null };
  if (options.length === 0 && ineligible.length > 1 && ineligible.every((i) => i.code === 'no-zone')) {
    // One sentence, not one per service: the destination is outside every zone chart.
    const from = context.origin.name ? `${context.origin.name} (${context.origin.postalCode})` : `${context.origin.country} ${context.origin.postalCode}`;
    const reason = `No service ships from ${from} to ${pkg.destination.country} ${pkg.destination.postalCode}: none of the ${ineligible.length} services has a zone for that destination (check the address, or add a carrier that serves it).`;
    return { ...base, recommended: null, recommendationMeetsPromise: false, reason };
  }
  if (options.length === 0) {
    const why = ineligible.length > 0 ? `: ${ineligible.map((i) => i.reason).join('; ')}` : '';
    return { ...base, recommended: null, recommendationMeetsPromise: false, reason: `No service can ship this parcel${why}.` };
  }

  const cheapest = cheapestServiceMeetingPromise(options);
  if (cheapest) {
    const price = formatPrice(cheapest.totalCents, cheapest.currency);
    if (promiseDay === null) {
      return { ...base, recommended: cheapest, recommendationMeetsPromise: true, reason: `${cheapest.serviceName} is the cheapest option (${price}), expected ${cheapest.expectedDeliveryDate}.` };
    }
    const skipped = options.filter((o) => o.totalCents < cheapest.totalCents && !o.meetsPromise).length;
    const skippedNote = skipped > 0 ? `; ${skipped} cheaper option${skipped === 1 ? '' : 's'} fell short of the target` : '';
    return {
      ...base,
      recommended: cheapest,
      recommendationMeetsPromise: true,
      reason: `${cheapest.serviceName} (${price}) is the cheapest option with at least ${percent(target)} chance of arriving by ${context.promisedBy} (${percent(cheapest.onTimeProbability)})${skippedNote}.`,
    };
  }

  const mostLikely = [...options].sort(compareMostLikelyFirst)[0];
  return {
    ...base,
    recommended: mostLikely,
    recommendationMeetsPromise: false,
    reason: `No option reaches ${percent(target)} for ${context.promisedBy}; ${mostLikely.serviceName} (${formatPrice(mostLikely.totalCents, mostLikely.currency)}) is the most likely to arrive in time (${percent(mostLikely.onTimeProbability)}).`,
  };
}
