import { addBusinessDays, firstBusinessDay, MONDAY_TO_FRIDAY, workingWeek, type DayCalendar } from '../../calendar/business-days';
import { formatLocalDate, localDateAndMinutes } from '../../calendar/local-days';

/**
 * The date we promise the customer. Calendar math is done on plain local dates (YYYY-MM-DD) in the
 * shop's timezone: an order placed at 23:30 in New York is a next-day order even though it is
 * already tomorrow in UTC.
 */

export interface DeliveryPromiseRule {
  /** Business days from the (cutoff-adjusted) order day to delivery; 0 = same business day. */
  businessDays: number;
  /** Orders at or after this local time ("14:00") count as received the next business day. */
  cutoffHHMM?: string;
  /** IANA zone of the shop ("America/New_York"); default UTC. */
  timeZone?: string;
  /** Days of the week that are business days, 0 = Sunday; default Monday–Friday. */
  businessWeekdays?: readonly number[];
}

/**
 * The order day is the local date of placedAt, moved to the next day when at/after the cutoff, then
 * to the first business day (weekends and holidays skipped). The promise is that day plus
 * `businessDays` business days (the order day itself is not counted). Returns local "YYYY-MM-DD".
 *
 * Example: placed Friday 2025-07-18 15:30 New York, cutoff 14:00, Monday 21st a holiday,
 * businessDays 2 -> order day Tuesday 22nd -> promised Thursday "2025-07-24".
 */
export function promisedDate(placedAt: string, rule: DeliveryPromiseRule, holidays: readonly string[] | DayCalendar = []): string {
  if (!Number.isInteger(rule.businessDays) || rule.businessDays < 0) {
    throw new Error(`businessDays must be a whole number >= 0, got ${rule.businessDays}`);
  }
  const placed = new Date(placedAt);
  if (Number.isNaN(placed.getTime())) throw new Error(`placedAt "${placedAt}" is not a timestamp`);
  const weekdays = rule.businessWeekdays ?? MONDAY_TO_FRIDAY;
  if (weekdays.length === 0) throw new Error('businessWeekdays is empty: no day could ever be promised');
  // Calendar days as whole days since 1970-01-01: intake runs this for every order.
  const holidaySet = Array.isArray(holidays) ? (holidays.length > 0 ? new Set(holidays) : null) : (holidays as DayCalendar);
  const isBusinessDay = workingWeek(weekdays, holidaySet);

  const local = localDateAndMinutes(placed, rule.timeZone ?? 'UTC');
  let orderDay = local.day;
  if (rule.cutoffHHMM !== undefined && local.minutes >= parseHHMM(rule.cutoffHHMM)) orderDay += 1;
  orderDay = firstBusinessDay(orderDay, isBusinessDay);
  return formatLocalDate(addBusinessDays(orderDay, rule.businessDays, isBusinessDay));
}

function parseHHMM(text: string): number {
  const match = /^([01]\d|2[0-3]):?([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`cutoff "${text}" is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}
