/**
 * The one business-day arithmetic (main/domain/calendar/business-days.ts) that the delivery
 * promise and the carriers' pickup/delivery days both count with.
 */
import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysAfter, firstBusinessDay, workingWeek } from '../../../main/domain/calendar/business-days';
import { formatLocalDate, localDateAndMinutes, parseLocalDate } from '../../../main/domain/calendar/local-days';

const day = parseLocalDate;
const monToFri = workingWeek();

describe('business days', () => {
  it('skips the weekend', () => {
    // Friday 2026-03-06 + 1 business day = Monday 9th; a Saturday starts on Monday.
    expect(formatLocalDate(addBusinessDays(day('2026-03-06'), 1, monToFri))).toBe('2026-03-09');
    expect(formatLocalDate(firstBusinessDay(day('2026-03-07'), monToFri))).toBe('2026-03-09');
    expect(formatLocalDate(addBusinessDays(day('2026-03-06'), 0, monToFri))).toBe('2026-03-06');
    expect(businessDaysAfter(day('2026-03-06'), day('2026-03-10'), monToFri)).toBe(2);
    expect(businessDaysAfter(day('2026-03-06'), day('2026-03-05'), monToFri)).toBe(-1);
  });

  it('skips closed days and works a six-day week when told to', () => {
    const withHoliday = workingWeek(undefined, new Set(['2025-12-25', '2025-12-26']));
    expect(formatLocalDate(addBusinessDays(day('2025-12-23'), 2, withHoliday))).toBe('2025-12-29');
    expect(formatLocalDate(firstBusinessDay(day('2025-12-25'), withHoliday))).toBe('2025-12-29');
    const sixDays = workingWeek([1, 2, 3, 4, 5, 6]);
    expect(formatLocalDate(addBusinessDays(day('2026-03-06'), 1, sixDays))).toBe('2026-03-07');
  });

  it('stops a scan at the bound when a calendar has no working day', () => {
    expect(addBusinessDays(day('2026-01-01'), 1, () => false, 366)).toBe(day('2026-01-01') + 366);
    expect(firstBusinessDay(day('2026-01-01'), () => false, 366)).toBe(day('2026-01-01') + 366);
  });

  it('counts shop dates across a DST change in the shop time zone', () => {
    // New York springs forward on Sunday 2026-03-08. Friday 23:30 EST is already Saturday in UTC,
    // and Monday 00:30 EDT is 04:30 UTC: both stay on the shop's own date.
    const friday = localDateAndMinutes(new Date('2026-03-07T04:30:00Z'), 'America/New_York');
    expect(formatLocalDate(friday.day)).toBe('2026-03-06');
    expect(formatLocalDate(addBusinessDays(friday.day, 2, monToFri))).toBe('2026-03-10');
    const monday = localDateAndMinutes(new Date('2026-03-09T04:30:00Z'), 'America/New_York');
    expect(formatLocalDate(monday.day)).toBe('2026-03-09');
    expect(monday.minutes).toBe(30);
    // Berlin falls back on Sunday 2026-10-25: 23:30 CET that night is Sunday, the next business day Monday 26th.
    const sunday = localDateAndMinutes(new Date('2026-10-25T22:30:00Z'), 'Europe/Berlin');
    expect(formatLocalDate(sunday.day)).toBe('2026-10-25');
    expect(formatLocalDate(firstBusinessDay(sunday.day, monToFri))).toBe('2026-10-26');
    expect(businessDaysAfter(sunday.day, day('2026-10-30'), monToFri)).toBe(5);
  });
});
