/**
 * On-time probability of a service for a promised date, learned from this shop's own
 * delivered parcels per (service, zone).
 *
 * Model (Dirichlet–multinomial over transit time in business days):
 * - Outcome T = business days from pickup to delivery, counted on the service's own
 *   delivery calendar (so a Friday pickup delivered Monday by a no-Saturday service is 1).
 * - Prior: the carrier's published transit days P for the zone, with the service's
 *   published on-time rate r at T = P and the late remainder (1 − r) spread 60/25/15 over
 *   P+1, P+2, P+3. The prior is worth PRIOR_WEIGHT = 10 pseudo-shipments, i.e. Dirichlet
 *   α_k = 10 × prior_k.
 * - Posterior predictive after n delivered parcels with counts n_k:
 *     P(T = k) = (α_k + n_k) / (10 + n)
 *   and the probability of meeting a promise that leaves A business days of transit is
 *     P(T ≤ A) = (Σ_{k≤A} α_k + Σ_{k≤A} n_k) / (10 + n).
 * With no history this is the published on-time rate (for A = P); after 10 parcels the
 * shop's record weighs as much as the carrier's claim, after 100 it dominates. Early
 * deliveries count as on time because they fall into k ≤ A.
 * Not modelled: pooling across zones of one service (a sparse zone leans on the prior
 * rather than on its neighbours) and seasonality; both are natural next steps.
 */
import { deliveryDaysUntil, type HolidayCalendar } from './delivery-dates';
import { parseLocalDate } from '../calendar/local-days';
import type { ServiceKey, ShippingService, Zone } from './types';

export const PRIOR_WEIGHT = 10;
/** How the prior spreads the late share over 1, 2 and 3 days late. */
const LATE_SHARES = [0.6, 0.25, 0.15];
/** Transit times beyond this are counted here (a parcel a month late is simply "very late"). */
const MAX_TRACKED_DAYS = 30;

/** One delivered parcel from the shop's history. */
export interface DeliveredShipment {
  serviceKey: ServiceKey;
  zone: Zone;
  /** Local date the carrier picked it up, 'YYYY-MM-DD'. */
  pickupDate: string;
  /** Local date it was delivered, 'YYYY-MM-DD'. */
  deliveredDate: string;
}

/** Counts of observed transit days per `${serviceKey}|${zone}`; index = business days. */
export interface DeliveryStats {
  counts: Map<string, { byDays: number[]; total: number }>;
}

export const statsKey = (serviceKey: ServiceKey, zone: Zone) => `${serviceKey}|${zone}`;

/**
 * Summarises delivered history once (e.g. nightly or at startup), so rate shopping only
 * does a short sum per option. Parcels for unknown services are skipped.
 */
export function summarizeDeliveryHistory(
  deliveries: DeliveredShipment[],
  servicesByKey: Map<ServiceKey, ShippingService>,
  holidays: HolidayCalendar,
): DeliveryStats {
  const counts: DeliveryStats['counts'] = new Map();
  for (const d of deliveries) {
    const service = servicesByKey.get(d.serviceKey);
    if (!service) continue;
    const days = deliveryDaysUntil(parseLocalDate(d.pickupDate), parseLocalDate(d.deliveredDate), service.weekend, holidays);
    if (days < 0) continue; // delivered "before pickup": bad data, not evidence
    addObservation(counts, statsKey(d.serviceKey, d.zone), days);
  }
  return { counts };
}

function addObservation(counts: DeliveryStats['counts'], key: string, days: number): void {
  let entry = counts.get(key);
  if (!entry) {
    entry = { byDays: new Array(MAX_TRACKED_DAYS + 1).fill(0), total: 0 };
    counts.set(key, entry);
  }
  entry.byDays[Math.min(days, MAX_TRACKED_DAYS)]++;
  entry.total++;
}

/** Records one more delivered parcel (e.g. when a tracker reports delivery) without rescanning history. */
export function recordDelivery(stats: DeliveryStats, serviceKey: ServiceKey, zone: Zone, transitBusinessDays: number): void {
  if (transitBusinessDays >= 0) addObservation(stats.counts, statsKey(serviceKey, zone), transitBusinessDays);
}

/** Prior probability that T ≤ allowedDays, for published transit days P and on-time rate r. */
export function priorOnTimeShare(publishedDays: number, onTimeRate: number, allowedDays: number): number {
  if (allowedDays < publishedDays) return 0;
  let share = onTimeRate;
  for (let late = 1; late <= LATE_SHARES.length && publishedDays + late <= allowedDays; late++) share += (1 - onTimeRate) * LATE_SHARES[late - 1];
  return Math.min(1, share);
}

export interface OnTimeEstimate {
  probability: number;
  /** Delivered parcels of this (service, zone) behind the estimate. */
  observations: number;
}

/**
 * P(delivered within `allowedDays` business days of pickup) for this service and zone.
 * `allowedDays` < 0 (promise before pickup) is always 0.
 */
export function onTimeProbability(
  stats: DeliveryStats | undefined,
  serviceKey: ServiceKey,
  zone: Zone,
  publishedDays: number,
  publishedOnTimeRate: number,
  allowedDays: number,
): OnTimeEstimate {
  const entry = stats?.counts.get(statsKey(serviceKey, zone));
  const n = entry?.total ?? 0;
  if (allowedDays < 0) return { probability: 0, observations: n };
  let onTime = 0;
  if (entry) for (let k = 0; k <= Math.min(allowedDays, MAX_TRACKED_DAYS); k++) onTime += entry.byDays[k];
  const prior = priorOnTimeShare(publishedDays, publishedOnTimeRate, allowedDays);
  return { probability: (PRIOR_WEIGHT * prior + onTime) / (PRIOR_WEIGHT + n), observations: n };
}
