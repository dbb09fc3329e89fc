import { formatLocalDate } from '../../shipping/delivery-dates';

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

const DEFAULT_BUSINESS_WEEKDAYS = [1, 2, 3, 4, 5];

/** Closed dates beyond the weekend (holidays): a list, or a calendar that answers per date (the shop's). */
export interface DayCalendar {
  has(date: string): boolean;
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
  const weekdays = rule.businessWeekdays ?? DEFAULT_BUSINESS_WEEKDAYS;
  if (weekdays.length === 0) throw new Error('businessWeekdays is empty: no day could ever be promised');
  // Calendar days as whole days since 1970-01-01: intake runs this for every order.
  const holidaySet = Array.isArray(holidays) ? (holidays.length > 0 ? new Set(holidays) : null) : (holidays as DayCalendar);

  const local = localDateAndMinutes(placed, rule.timeZone ?? 'UTC');
  let orderDay = local.day;
  if (rule.cutoffHHMM !== undefined && local.minutes >= parseHHMM(rule.cutoffHHMM)) orderDay += 1;
  while (!isBusinessDay(orderDay, weekdays, holidaySet)) orderDay += 1;

  let promised = orderDay;
  for (let counted = 0; counted < rule.businessDays; ) {
    promised += 1;
    if (isBusinessDay(promised, weekdays, holidaySet)) counted++;
  }
  return formatLocalDate(promised);
}

function isBusinessDay(day: number, weekdays: readonly number[], holidays: DayCalendar | null): boolean {
  // 1970-01-01 was a Thursday (weekday 4).
  return weekdays.includes((day + 4) % 7) && !holidays?.has(formatLocalDate(day));
}

function parseHHMM(text: string): number {
  const match = /^([01]\d|2[0-3]):?([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`cutoff "${text}" is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The calendar date (days since 1970-01-01) and minutes since local midnight of `instant` in `timeZone`. */
export function localDateAndMinutes(instant: Date, timeZone: string): { day: number; minutes: number } {
  const localMinutes = Math.floor(instant.getTime() / 60_000) + zoneOffsetMinutes(instant, timeZone);
  const day = Math.floor(localMinutes / 1440);
  return { day, minutes: localMinutes - day * 1440 };
}

/** Zone offsets (minutes east of UTC) per zone and quarter hour: offsets only change on quarter hours. */
const offsets = new Map<string, number>();
/** Building an Intl.DateTimeFormat costs ~0.2 ms; one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's UTC offset at `instant`. formatToParts costs ~40 µs and intake runs this for every
 * order, so the answer is kept per quarter hour (every zone's transitions fall on quarter hours).
 */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const key = `${timeZone}|${Math.floor(instant.getTime() / 900_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      formatters.set(timeZone, formatter);
    }
    const parts = formatter.formatToParts(instant);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
    offset = Math.round((wallClock - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}
