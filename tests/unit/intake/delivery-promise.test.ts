import { describe, expect, it } from 'vitest';
import { promisedDate } from '../../../main/domain/orders/logic/delivery-promise';

describe('promisedDate', () => {
  it('counts business days after the order day, skipping weekends', () => {
    expect(promisedDate('2025-07-14T10:00:00Z', { businessDays: 2 })).toBe('2025-07-16'); // Mon -> Wed
    expect(promisedDate('2025-07-17T10:00:00Z', { businessDays: 2 })).toBe('2025-07-21'); // Thu -> Mon
    expect(promisedDate('2025-07-19T10:00:00Z', { businessDays: 1 })).toBe('2025-07-22'); // Sat -> order day Mon -> Tue
    expect(promisedDate('2025-07-14T10:00:00Z', { businessDays: 0 })).toBe('2025-07-14');
  });

  it('moves orders at or after the cutoff to the next business day', () => {
    expect(promisedDate('2025-07-14T13:59:00Z', { businessDays: 1, cutoffHHMM: '14:00' })).toBe('2025-07-15');
    expect(promisedDate('2025-07-14T14:00:00Z', { businessDays: 1, cutoffHHMM: '14:00' })).toBe('2025-07-16');
    expect(promisedDate('2025-07-18T14:30:00Z', { businessDays: 1, cutoffHHMM: '1400' })).toBe('2025-07-22'); // Fri late -> Mon -> Tue
  });

  it('skips holidays and uses the shop timezone', () => {
    const rule = { businessDays: 2, cutoffHHMM: '14:00', timeZone: 'America/New_York' };
    // Friday 15:30 in New York, Monday 21st is a holiday: order day Tuesday, promise Thursday.
    expect(promisedDate('2025-07-18T19:30:00Z', rule, ['2025-07-21'])).toBe('2025-07-24');
    // 02:30 UTC Tuesday is still Monday 22:30 in New York (after cutoff) -> order day Tuesday.
    expect(promisedDate('2025-07-15T02:30:00Z', { businessDays: 0, cutoffHHMM: '14:00', timeZone: 'America/New_York' })).toBe('2025-07-15');
    expect(promisedDate('2025-07-15T02:30:00Z', { businessDays: 0, timeZone: 'America/New_York' })).toBe('2025-07-14');
    expect(promisedDate('2025-12-23T09:00:00Z', { businessDays: 2 }, ['2025-12-25', '2025-12-26'])).toBe('2025-12-29');
  });

  it('supports other working weeks and rejects nonsense', () => {
    expect(promisedDate('2025-07-18T10:00:00Z', { businessDays: 1, businessWeekdays: [1, 2, 3, 4, 5, 6] })).toBe('2025-07-19');
    expect(() => promisedDate('2025-07-18T10:00:00Z', { businessDays: -1 })).toThrow(/businessDays/);
    expect(() => promisedDate('not a date', { businessDays: 1 })).toThrow(/placedAt/);
    expect(() => promisedDate('2025-07-18T10:00:00Z', { businessDays: 1, cutoffHHMM: '25:00' })).toThrow(/cutoff/);
  });
});
