/**
 * Delivery dates on the shop's local calendar. Dates are handled as whole days since
 * 1970-01-01 ("epoch days") so arithmetic is integer and timezone-free; the caller passes
 * the ship time already in the shop's local time ('YYYY-MM-DDTHH:MM').
 *
 * Model: a parcel leaves on its pickup day (the ship day, or the next day if handed over
 * at/after the service's cut-off), skipping days without pickup (Sunday, holidays, Saturday
 * unless the service picks up on Saturday). Transit of N business days then counts N
 * delivery days after the pickup day (weekdays that are not holidays, plus Saturday/Sunday
 * if the service delivers then). N = 0 means same-day delivery on the pickup day.
 */
import type { WeekendRules } from './types';

export type EpochDay = number;

/** Non-working dates: carrier holidays (no pickup, no delivery), and days the shop hands nothing over. */
export interface HolidayCalendar {
  days: { has(day: EpochDay): boolean };
  /** Days the shop is closed (no pickup from it; carriers still deliver). */
  noPickup?: { has(day: EpochDay): boolean };
}

export function makeHolidayCalendar(dates: string[]): HolidayCalendar {
  return { days: new Set(dates.map(parseLocalDate)) };
}

const DAY_MS = 86_400_000;

export function parseLocalDate(date: string): EpochDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date (YYYY-MM-DD): "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (formatLocalDate(day) !== date) throw new Error(`not a calendar date: "${date}"`);
  return day;
}

/** Whether `text` is a real calendar date YYYY-MM-DD (the check parseLocalDate makes, as a boolean). */
export function isLocalDate(text: string): boolean {
  try {
    parseLocalDate(text);
    return true;
  } catch {
    return false;
  }
}

/** Formatting via Date is the slowest step of a quote; the set of dates in play is small, so cache it. */
const formattedDates = new Map<EpochDay, string>();

export function formatLocalDate(day: EpochDay): string {
  let text = formattedDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (formattedDates.size > 20_000) formattedDates.clear();
    formattedDates.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Minutes since midnight of 'HH:MM'. */
export function minutesOfDay(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`not a time (HH:MM): "${time}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export interface LocalDateTime {
  day: EpochDay;
  minutes: number;
}

/** 'YYYY-MM-DDTHH:MM' (seconds and a 'Z'/offset are not accepted: this is local shop time). */
export function parseLocalDateTime(value: string): LocalDateTime {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(value);
  if (!m) throw new Error(`not a local date-time (YYYY-MM-DDTHH:MM): "${value}"`);
  return { day: parseLocalDate(m[1]), minutes: minutesOfDay(m[2]) };
}

export function isPickupDay(day: EpochDay, weekend: WeekendRules, holidays: HolidayCalendar): boolean {
  if (holidays.days.has(day) || holidays.noPickup?.has(day)) return false;
  const weekday = weekdayOf(day);
  if (weekday === 0) return false;
  if (weekday === 6) return weekend.saturdayPickup;
  return true;
}

export function isDeliveryDay(day: EpochDay, weekend: WeekendRules, holidays: HolidayCalendar): boolean {
  if (holidays.days.has(day)) return false;
  const weekday = weekdayOf(day);
  if (weekday === 0) return weekend.sundayDelivery;
  if (weekday === 6) return weekend.saturdayDelivery;
  return true;
}

/** Upper bound on calendar days scanned; a calendar with no working day for this long is a data error. */
const MAX_SCAN_DAYS = 366;

/** Day the parcel is actually picked up, given the hand-over time and the service's cut-off. */
export function pickupDay(shipAt: LocalDateTime, cutoffMinutes: number, weekend: WeekendRules, holidays: HolidayCalendar): EpochDay {
  let day = shipAt.minutes >= cutoffMinutes ? shipAt.day + 1 : shipAt.day;
  for (let i = 0; i < MAX_SCAN_DAYS && !isPickupDay(day, weekend, holidays); i++) day++;
  return day;
}

/** The date `transitDays` delivery days after `pickup`. */
export function addDeliveryDays(pickup: EpochDay, transitDays: number, weekend: WeekendRules, holidays: HolidayCalendar): EpochDay {
  let day = pickup;
  let remaining = transitDays;
  for (let i = 0; remaining > 0 && i < MAX_SCAN_DAYS; i++) {
    day++;
    if (isDeliveryDay(day, weekend, holidays)) remaining--;
  }
  return day;
}

/**
 * Delivery days from pickup to `deadline` inclusive: how many business days of transit still
 * arrive by the deadline. Negative when the deadline is before the pickup day.
 */
export function deliveryDaysUntil(pickup: EpochDay, deadline: EpochDay, weekend: WeekendRules, holidays: HolidayCalendar): number {
  if (deadline < pickup) return -1;
  let count = 0;
  for (let day = pickup + 1; day <= deadline && day - pickup <= MAX_SCAN_DAYS; day++) if (isDeliveryDay(day, weekend, holidays)) count++;
  return count;
}

export interface ExpectedDelivery {
  pickupDate: string;
  expectedDeliveryDate: string;
  pickupDay: EpochDay;
  deliveryDay: EpochDay;
}

export function expectedDelivery(
  shipAt: LocalDateTime,
  service: { cutoffLocal: string; weekend: WeekendRules },
  transitDays: number,
  holidays: HolidayCalendar,
): ExpectedDelivery {
  const pickup = pickupDay(shipAt, minutesOfDay(service.cutoffLocal), service.weekend, holidays);
  const delivery = addDeliveryDays(pickup, transitDays, service.weekend, holidays);
  return { pickupDate: formatLocalDate(pickup), expectedDeliveryDate: formatLocalDate(delivery), pickupDay: pickup, deliveryDay: delivery };
}
