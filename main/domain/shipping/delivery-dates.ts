/**
 * Delivery dates on the shop's local calendar. Dates are epoch days (calendar/local-days) and the
 * day counting is the shared business-day arithmetic (calendar/business-days); this file adds the
 * carriers' rules for which days count. The caller passes the ship time already in the shop's
 * local time ('YYYY-MM-DDTHH:MM').
 *
 * Model: a parcel leaves on its pickup day (the ship day, or the next day if handed over
 * at/after the service's cut-off), skipping days without pickup (Sunday, holidays, Saturday
 * unless the service picks up on Saturday). Transit of N business days then counts N
 * delivery days after the pickup day (weekdays that are not holidays, plus Saturday/Sunday
 * if the service delivers then). N = 0 means same-day delivery on the pickup day.
 */
import { addBusinessDays, businessDaysAfter, firstBusinessDay } from '../calendar/business-days';
import { formatLocalDate, parseLocalDate, weekdayOf, type EpochDay } from '../calendar/local-days';
import type { WeekendRules } from './types';

/** Non-working dates: carrier holidays (no pickup, no delivery), and days the shop hands nothing over. */
export interface HolidayCalendar {
  days: { has(day: EpochDay): boolean };
  /** Days the shop is closed (no pickup from it; carriers still deliver). */
  noPickup?: { has(day: EpochDay): boolean };
}

export function makeHolidayCalendar(dates: string[]): HolidayCalendar {
  return { days: new Set(dates.map(parseLocalDate)) };
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
  const handedOver = shipAt.minutes >= cutoffMinutes ? shipAt.day + 1 : shipAt.day;
  return firstBusinessDay(handedOver, (day) => isPickupDay(day, weekend, holidays), MAX_SCAN_DAYS);
}

/** The date `transitDays` delivery days after `pickup`. */
export function addDeliveryDays(pickup: EpochDay, transitDays: number, weekend: WeekendRules, holidays: HolidayCalendar): EpochDay {
  return addBusinessDays(pickup, transitDays, (day) => isDeliveryDay(day, weekend, holidays), MAX_SCAN_DAYS);
}

/**
 * Delivery days from pickup to `deadline` inclusive: how many business days of transit still
 * arrive by the deadline. Negative when the deadline is before the pickup day.
 */
export function deliveryDaysUntil(pickup: EpochDay, deadline: EpochDay, weekend: WeekendRules, holidays: HolidayCalendar): number {
  return businessDaysAfter(pickup, deadline, (day) => isDeliveryDay(day, weekend, holidays), MAX_SCAN_DAYS);
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
