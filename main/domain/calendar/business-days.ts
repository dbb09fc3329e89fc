/**
 * Business-day arithmetic, once for the whole app: the delivery promise at intake (shop's working
 * week and closed days) and the carriers' pickup and delivery days (their own weekend and
 * holidays) differ only in which days count, so they pass that in as `isBusinessDay`.
 * Days are epoch days (see local-days.ts), so a DST change in the shop's zone cannot shift a date.
 */
import { formatLocalDate, weekdayOf, type EpochDay } from './local-days';

export type IsBusinessDay = (day: EpochDay) => boolean;

/** Monday–Friday, 0 = Sunday. */
export const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];

/** Closed dates beyond the weekend (holidays): a list, or a calendar that answers per date (the shop's). */
export interface DayCalendar {
  has(date: string): boolean;
}

/** Business days of a working week (weekdays, 0 = Sunday) minus closed dates (YYYY-MM-DD). */
export function workingWeek(weekdays: readonly number[] = MONDAY_TO_FRIDAY, closed: DayCalendar | null = null): IsBusinessDay {
  return (day) => weekdays.includes(weekdayOf(day)) && !closed?.has(formatLocalDate(day));
}

/**
 * `from` itself when it is a business day, else the next one. `maxScanDays` bounds the search for
 * callers whose calendars come from data (a carrier with no working day for a year is a data
 * error, answered with the day the scan stopped at rather than a hang).
 */
export function firstBusinessDay(from: EpochDay, isBusinessDay: IsBusinessDay, maxScanDays = Infinity): EpochDay {
  let day = from;
  for (let i = 0; i < maxScanDays && !isBusinessDay(day); i++) day++;
  return day;
}

/** The date `count` business days after `from` (`from` itself is not counted; 0 = `from`). */
export function addBusinessDays(from: EpochDay, count: number, isBusinessDay: IsBusinessDay, maxScanDays = Infinity): EpochDay {
  let day = from;
  let remaining = count;
  for (let i = 0; remaining > 0 && i < maxScanDays; i++) {
    day++;
    if (isBusinessDay(day)) remaining--;
  }
  return day;
}

/** Business days after `from` up to `to` inclusive; -1 when `to` is before `from`. */
export function businessDaysAfter(from: EpochDay, to: EpochDay, isBusinessDay: IsBusinessDay, maxScanDays = Infinity): number {
  if (to < from) return -1;
  let count = 0;
  for (let day = from + 1; day <= to && day - from <= maxScanDays; day++) if (isBusinessDay(day)) count++;
  return count;
}
