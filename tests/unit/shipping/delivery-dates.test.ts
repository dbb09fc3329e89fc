import { describe, expect, it } from 'vitest';
import {
  deliveryDaysUntil,
  expectedDelivery,
  makeHolidayCalendar,
  onTimeProbability,
  parseLocalDate,
  parseLocalDateTime,
  priorOnTimeShare,
  recordDelivery,
  summarizeDeliveryHistory,
  weekdayOf,
  type WeekendRules,
} from '../../../main/domain/shipping';
import { craftedService } from './helpers';

const weekdays: WeekendRules = { saturdayPickup: false, saturdayDelivery: false, sundayDelivery: false };
const saturdayDelivery: WeekendRules = { ...weekdays, saturdayDelivery: true };
const postalWeek: WeekendRules = { saturdayPickup: true, saturdayDelivery: true, sundayDelivery: false };
const noHolidays = makeHolidayCalendar([]);
const at = (s: string) => parseLocalDateTime(s);
const expected = (shipAt: string, weekend: WeekendRules, days: number, cutoff = '16:00', holidays = noHolidays) =>
  expectedDelivery(at(shipAt), { cutoffLocal: cutoff, weekend }, days, holidays);

describe('calendar basics', () => {
  it('knows weekdays (2025-03-14 is a Friday) and rejects impossible dates', () => {
    expect(weekdayOf(parseLocalDate('2025-03-14'))).toBe(5);
    expect(weekdayOf(parseLocalDate('1970-01-01'))).toBe(4);
    expect(() => parseLocalDate('2025-02-30')).toThrow(/calendar date/);
    expect(() => parseLocalDateTime('2025-03-14T25:00')).toThrow(/HH:MM/);
  });
});

describe('expected delivery date', () => {
  it('before the cut-off ships today; weekends are skipped in transit', () => {
    expect(expected('2025-03-14T10:00', weekdays, 2)).toMatchObject({ pickupDate: '2025-03-14', expectedDeliveryDate: '2025-03-18' });
  });

  it('at or after the cut-off ships on the next pickup day', () => {
    expect(expected('2025-03-14T16:00', weekdays, 2)).toMatchObject({ pickupDate: '2025-03-17', expectedDeliveryDate: '2025-03-19' });
    expect(expected('2025-03-14T15:59', weekdays, 2).pickupDate).toBe('2025-03-14');
  });

  it('Saturday delivery counts Saturday as a transit day', () => {
    expect(expected('2025-03-14T10:00', saturdayDelivery, 1).expectedDeliveryDate).toBe('2025-03-15');
    expect(expected('2025-03-14T10:00', weekdays, 1).expectedDeliveryDate).toBe('2025-03-17');
  });

  it('Saturday pickup: a late Friday parcel leaves Saturday; Sunday is never a delivery day here', () => {
    expect(expected('2025-03-14T17:30', postalWeek, 1, '17:00')).toMatchObject({ pickupDate: '2025-03-15', expectedDeliveryDate: '2025-03-17' });
    expect(expected('2025-03-14T17:30', weekdays, 1, '17:00')).toMatchObject({ pickupDate: '2025-03-17', expectedDeliveryDate: '2025-03-18' });
  });

  it('a Sunday hand-over is picked up Monday', () => {
    expect(expected('2025-03-16T09:00', weekdays, 1).pickupDate).toBe('2025-03-17');
  });

  it('holidays are neither pickup nor delivery days (Memorial Day 2025-05-26)', () => {
    const holidays = makeHolidayCalendar(['2025-05-26']);
    expect(expected('2025-05-23T10:00', weekdays, 1, '16:00', holidays).expectedDeliveryDate).toBe('2025-05-27');
    expect(expected('2025-05-23T18:00', weekdays, 1, '16:00', holidays)).toMatchObject({ pickupDate: '2025-05-27', expectedDeliveryDate: '2025-05-28' });
  });

  it('same-day service (0 days) delivers on the pickup day', () => {
    expect(expected('2025-03-13T11:00', weekdays, 0, '12:00').expectedDeliveryDate).toBe('2025-03-13');
    expect(expected('2025-03-13T12:30', weekdays, 0, '12:00').expectedDeliveryDate).toBe('2025-03-14');
  });

  it('counts delivery days up to a deadline', () => {
    const fri = parseLocalDate('2025-03-14');
    expect(deliveryDaysUntil(fri, parseLocalDate('2025-03-18'), weekdays, noHolidays)).toBe(2);
    expect(deliveryDaysUntil(fri, parseLocalDate('2025-03-18'), saturdayDelivery, noHolidays)).toBe(3);
    expect(deliveryDaysUntil(fri, fri, weekdays, noHolidays)).toBe(0);
    expect(deliveryDaysUntil(fri, fri - 1, weekdays, noHolidays)).toBe(-1);
  });
});

describe('on-time probability (Dirichlet prior of 10 pseudo-shipments + history)', () => {
  it('without history it is the published on-time rate, spread over late days', () => {
    expect(priorOnTimeShare(3, 0.9, 3)).toBeCloseTo(0.9, 10);
    expect(priorOnTimeShare(3, 0.9, 4)).toBeCloseTo(0.96, 10);
    expect(priorOnTimeShare(3, 0.9, 2)).toBe(0);
    expect(priorOnTimeShare(3, 0.9, 6)).toBeCloseTo(1, 10);
    expect(onTimeProbability(undefined, 'a:b', '5', 3, 0.9, 3)).toEqual({ probability: 0.9, observations: 0 });
  });

  it('moves toward the shop’s own record as deliveries come in', () => {
    const service = craftedService({ carrierCode: 'a', code: 'b' });
    const services = new Map([['a:b', service]]);
    // Ten parcels picked up Friday and delivered Tuesday = 2 business days (weekends don't count).
    const fast = Array.from({ length: 10 }, () => ({ serviceKey: 'a:b', zone: '5', pickupDate: '2025-03-14', deliveredDate: '2025-03-18' }));
    const stats = summarizeDeliveryHistory(fast, services, noHolidays);
    expect(stats.counts.get('a:b|5')?.byDays[2]).toBe(10);
    const afterTen = onTimeProbability(stats, 'a:b', '5', 3, 0.9, 3);
    expect(afterTen).toEqual({ probability: (10 * 0.9 + 10) / 20, observations: 10 });
    expect(afterTen.probability).toBeGreaterThan(0.9);

    // A run of late parcels (5 business days) drags it down again.
    for (let i = 0; i < 30; i++) recordDelivery(stats, 'a:b', '5', 5);
    const afterLate = onTimeProbability(stats, 'a:b', '5', 3, 0.9, 3);
    expect(afterLate.observations).toBe(40);
    expect(afterLate.probability).toBeCloseTo((9 + 10) / 50, 10);
    // A promise with more slack is still likely.
    expect(onTimeProbability(stats, 'a:b', '5', 3, 0.9, 5).probability).toBeCloseTo((10 * 0.985 + 40) / 50, 10); // prior: 0.9 + 0.1 × (0.6 + 0.25)
  });

  it('history is per zone and ignores unknown services and impossible records', () => {
    const services = new Map([['a:b', craftedService({ carrierCode: 'a', code: 'b' })]]);
    const stats = summarizeDeliveryHistory(
      [
        { serviceKey: 'a:b', zone: '7', pickupDate: '2025-03-14', deliveredDate: '2025-03-21' },
        { serviceKey: 'x:y', zone: '5', pickupDate: '2025-03-14', deliveredDate: '2025-03-17' },
        { serviceKey: 'a:b', zone: '5', pickupDate: '2025-03-14', deliveredDate: '2025-03-10' },
      ],
      services,
      noHolidays,
    );
    expect(onTimeProbability(stats, 'a:b', '5', 3, 0.9, 3).observations).toBe(0);
    expect(onTimeProbability(stats, 'a:b', '7', 3, 0.9, 3).observations).toBe(1);
  });

  it('a promise before pickup can never be met', () => {
    expect(onTimeProbability(undefined, 'a:b', '5', 0, 0.99, -1).probability).toBe(0);
  });
});
