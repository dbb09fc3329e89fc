import { useQuery } from '../hooks';

/**
 * Times on the console are the shop's (Settings → Shop calendar), not the viewing computer's: a
 * station in another zone, or a browser reaching the station server, must show the same clock as
 * the audit log and the order cut-off. Until the calendar loads, the computer's zone stands in.
 */
export function useShopTimeZone(): string | undefined {
  return useQuery('calendar.get', {}, ['calendar.']).data?.settings.timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(iso: string, zone: string | undefined) {
  const key = zone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** "2026-12-07T10:21:33Z" -> "2026-12-07 11:21" in the shop's zone (the audit log's style). */
export function shopDateTime(iso: string, zone: string | undefined): string {
  const p = parts(iso, zone);
  return `${p.date} ${p.time}`;
}

/** Only the clock ("11:21") when the date is today's at the shop, else the date and the clock. */
export function shopTimeOrDateTime(iso: string, zone: string | undefined, now = new Date()): string {
  const p = parts(iso, zone);
  return p.date === parts(now.toISOString(), zone).date ? p.time : `${p.date} ${p.time}`;
}
