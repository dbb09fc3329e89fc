import { describe, expect, it } from 'vitest';
import {
  compileShippingTables,
  recordDelivery,
  shopRates,
  summarizeDeliveryHistory,
  makeHolidayCalendar,
  type RateShoppingContext,
  type ShippingService,
} from '../../../main/domain/shipping';
import { craftedService, flatCard, parcel, singleZoneChart } from './helpers';

// Monday 2025-03-10, 10:00 local; every crafted service ships 100xx → 200xx in zone 5.
const slow = craftedService({ carrierCode: 'slow', code: 'ground', name: 'Slow Ground', transitDaysByZone: { '5': 4 }, publishedOnTimeRate: 0.9 });
const mid = craftedService({ carrierCode: 'mid', code: 'two', name: 'Mid Two Day', transitDaysByZone: { '5': 2 }, publishedOnTimeRate: 0.97 });
const fast = craftedService({ carrierCode: 'fast', code: 'one', name: 'Fast Overnight', transitDaysByZone: { '5': 1 }, publishedOnTimeRate: 0.98 });
const heavyOnly = craftedService({ carrierCode: 'tiny', code: 'env', name: 'Tiny Envelope', maxWeightG: 500 });
const PRICES: Record<string, number> = { slow: 800, mid: 1_200, fast: 2_500, tiny: 300 };

function contextFor(services: ShippingService[], extra: Partial<RateShoppingContext> = {}, prices = PRICES): RateShoppingContext {
  const tables = compileShippingTables({
    services,
    zoneCharts: services.map((s) => singleZoneChart(s.carrierCode)),
    rateCards: services.map((s) => flatCard(s, prices[s.carrierCode])),
  });
  return { tables, origin: { country: 'US', postalCode: '10001' }, shipAt: '2025-03-10T10:00', ...extra };
}

describe('cheapest service meeting the promise', () => {
  it('skips the cheapest when it would miss the promise', () => {
    const services = [slow, mid, fast];
    const r = shopRates(parcel(), services, contextFor(services, { promisedBy: '2025-03-12' }));
    expect(r.options.map((o) => [o.serviceKey, o.expectedDeliveryDate, o.meetsPromise])).toEqual([
      ['slow:ground', '2025-03-14', false],
      ['mid:two', '2025-03-12', true],
      ['fast:one', '2025-03-11', true],
    ]);
    expect(r.options[0].onTimeProbability).toBe(0);
    expect(r.options[1].onTimeProbability).toBeCloseTo(0.97, 10);
    expect(r.recommended?.serviceKey).toBe('mid:two');
    expect(r.recommendationMeetsPromise).toBe(true);
    expect(r.reason).toBe('Mid Two Day ($12.00) is the cheapest option with at least 95% chance of arriving by 2025-03-12 (97%); 1 cheaper option fell short of the target.');
  });

  it('reports each option fully: breakdown, weights, dates', () => {
    const r = shopRates(parcel(), [mid], contextFor([mid], { promisedBy: '2025-03-12' }));
    expect(r.options[0]).toMatchObject({
      serviceKey: 'mid:two',
      carrierCode: 'mid',
      zone: '5',
      actualWeightG: 1_000,
      billableWeightG: 1_000,
      totalCents: 1_200,
      currency: 'USD',
      transitBusinessDays: 2,
      pickupDate: '2025-03-10',
      expectedDeliveryDate: '2025-03-12',
      expectedByPromise: true,
      historyObservations: 0,
    });
    expect(r.options[0].breakdown).toEqual([{ code: 'base', label: 'Mid Two Day zone 5', amountCents: 1_200 }]);
  });

  it('two services at the same price: higher on-time probability wins', () => {
    const a = craftedService({ carrierCode: 'a', code: 'x', name: 'Alpha', transitDaysByZone: { '5': 2 }, publishedOnTimeRate: 0.96 });
    const b = craftedService({ carrierCode: 'b', code: 'x', name: 'Beta', transitDaysByZone: { '5': 2 }, publishedOnTimeRate: 0.99 });
    const r = shopRates(parcel(), [a, b], contextFor([a, b], { promisedBy: '2025-03-12' }, { a: 1_000, b: 1_000 }));
    expect(r.recommended?.serviceKey).toBe('b:x');
  });

  it('same price and probability: the faster one wins, then the name', () => {
    const a = craftedService({ carrierCode: 'a', code: 'x', name: 'Alpha', transitDaysByZone: { '5': 2 } });
    const b = craftedService({ carrierCode: 'b', code: 'x', name: 'Beta', transitDaysByZone: { '5': 1 } });
    const c = craftedService({ carrierCode: 'c', code: 'x', name: 'Alpha', transitDaysByZone: { '5': 1 } });
    // A promise a week out gives every option probability 1.
    const ctx = { promisedBy: '2025-03-21' };
    const prices = { a: 1_000, b: 1_000, c: 1_000 };
    expect(shopRates(parcel(), [a, b], contextFor([a, b], ctx, prices)).recommended?.serviceKey).toBe('b:x');
    const r = shopRates(parcel(), [a, b, c], contextFor([a, b, c], ctx, prices));
    expect(r.options.map((o) => o.serviceKey)).toEqual(['c:x', 'b:x', 'a:x']);
    // Input order does not matter.
    expect(shopRates(parcel(), [c, b, a], contextFor([c, b, a], ctx, prices)).options.map((o) => o.serviceKey)).toEqual(['c:x', 'b:x', 'a:x']);
  });

  it('when nothing meets the target it says so and picks the most likely to arrive first', () => {
    const services = [slow, mid, fast];
    const r = shopRates(parcel(), services, contextFor(services, { promisedBy: '2025-03-11', targetProbability: 0.99 }));
    expect(r.options.every((o) => !o.meetsPromise)).toBe(true);
    expect(r.recommended?.serviceKey).toBe('fast:one');
    expect(r.recommendationMeetsPromise).toBe(false);
    expect(r.reason).toBe('No option reaches 99% for 2025-03-11; Fast Overnight ($25.00) is the most likely to arrive in time (98%).');
  });

  it('the recommendation follows delivered history', () => {
    const services = [slow, mid];
    const ctx = contextFor(services, { promisedBy: '2025-03-14' });
    expect(shopRates(parcel(), services, ctx).recommended?.serviceKey).toBe('mid:two'); // slow: 0.90 < 0.95
    // 50 slow parcels picked up Monday and delivered Thursday: 3 business days, earlier than published.
    const history = Array.from({ length: 50 }, () => ({ serviceKey: 'slow:ground', zone: '5', pickupDate: '2025-02-03', deliveredDate: '2025-02-06' }));
    const stats = summarizeDeliveryHistory(history, new Map([['slow:ground', slow]]), makeHolidayCalendar([]));
    const withHistory = shopRates(parcel(), services, { ...ctx, deliveryStats: stats });
    expect(withHistory.options[0].onTimeProbability).toBeCloseTo((9 + 50) / 60, 10);
    expect(withHistory.recommended?.serviceKey).toBe('slow:ground');
    // …and a bad month swings it back.
    for (let i = 0; i < 60; i++) recordDelivery(stats, 'slow:ground', '5', 6);
    expect(shopRates(parcel(), services, { ...ctx, deliveryStats: stats }).recommended?.serviceKey).toBe('mid:two');
  });

  it('without a promise it recommends the cheapest', () => {
    const services = [slow, mid, fast];
    const r = shopRates(parcel(), services, contextFor(services));
    expect(r.recommended?.serviceKey).toBe('slow:ground');
    expect(r.options.every((o) => o.meetsPromise)).toBe(true);
    expect(r.reason).toBe('Slow Ground is the cheapest option ($8.00), expected 2025-03-14.');
  });

  it('lists ineligible services with reasons, and says when nothing can ship', () => {
    const noChart = craftedService({ carrierCode: 'nochart', code: 'x', name: 'Nowhere Express' });
    const services = [heavyOnly, mid];
    const ctx = contextFor(services);
    const r = shopRates(parcel(), [...services, noChart], ctx);
    expect(r.ineligible).toEqual([
      { serviceKey: 'tiny:env', serviceName: 'Tiny Envelope', code: 'over-max-weight', reason: "1000 g is over Tiny Envelope's 500 g limit" },
      { serviceKey: 'nochart:x', serviceName: 'Nowhere Express', code: 'no-zone', reason: 'Nowhere Express has no zone from 10001 to US 20001' },
    ]);
    const none = shopRates(parcel(), [heavyOnly], contextFor([heavyOnly]));
    expect(none.recommended).toBeNull();
    expect(none.reason).toBe("No service can ship this parcel: 1000 g is over Tiny Envelope's 500 g limit.");
  });
});
