/**
 * Plain local calendar dates, the units every shop calendar sum is done in. A date is a whole
 * number of days since 1970-01-01 ("epoch day"), so arithmetic is integer and free of time zones
 * and DST: the time zone is applied once, when an instant is turned into the shop's date.
 */

export type EpochDay = number;

/** Milliseconds in a UTC day: only for turning epoch days into ISO text and back, never for "N days ago" at the shop. */
const UTC_DAY_MS = 86_400_000;

export function parseLocalDate(date: string): EpochDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date (YYYY-MM-DD): "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / UTC_DAY_MS;
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
    text = new Date(day * UTC_DAY_MS).toISOString().slice(0, 10);
    if (formattedDates.size > 20_000) formattedDates.clear();
    formattedDates.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The calendar date (days since 1970-01-01) and minutes since local midnight of `instant` in `timeZone`. */
export function localDateAndMinutes(instant: Date, timeZone: string): { day: EpochDay; minutes: number } {
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
