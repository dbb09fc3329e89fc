import type HolidaysClass from 'date-holidays';
import type { Core } from '../../core';
import { AppError } from '../../../shared/errors';
import type { ShopCalendarDto, ShopCalendarUpdate, ShopClosedDayDto } from '../../../shared/api/system';
import { lazyRequire } from '../../util/lazy-require';
import { formatLocalDate, isLocalDate, localDateAndMinutes, parseLocalDate } from './local-days';
import type { DeliveryPromiseRule } from '../orders/logic/delivery-promise';
import type { DayCalendar } from './business-days';

/**
 * The shop's calendar: its time zone, the time after which an order counts as the next day's, and
 * the days it does not work — its country's public holidays (from date-holidays, which knows the
 * rules: observed-on-Friday substitutes, Easter-based dates, regional days), plus days the owner
 * closes, minus public holidays the shop works anyway.
 *
 * One place for "what day is it at the shop" and "is this a business day": delivery promises at
 * intake, the queue's "due today", lot expiry and the carriers' pickup and delivery days all read it.
 * Settings live in the `setting` table (`calendar.*`) and are cached per store until changed.
 */
export class ShopCalendar implements DayCalendar {
  private cached: ShopCalendarDto['settings'] | null = null;
  /** Set when the settings changed (here or on another connection): the next `shopCalendar()` reads them again. */
  private stale = false;
  /** Closed dates per year ("2026" -> {"2026-11-26", ...}), built on first use. */
  private closedByYear = new Map<string, Set<string>>();
  private publicByYear = new Map<string, ShopClosedDayDto[]>();
  private publicDatesByYear = new Map<string, Set<string>>();

  constructor(private readonly core: Core) {}

  /**
   * The settings as last loaded. Every use goes through `await shopCalendar(core)`, which loads
   * them first, so the date arithmetic below stays synchronous (business-day counting calls
   * `has()` in tight loops).
   */
  settings(): ShopCalendarDto['settings'] {
    if (!this.cached) throw new Error('The shop calendar is used before its settings were loaded: get it with `await shopCalendar(core)`');
    return this.cached;
  }

  /** Reads the settings when none are loaded or they were invalidated. */
  async load(): Promise<this> {
    if (this.cached && !this.stale) return this;
    const { store } = this.core;
    const rows = await store.all(store.kysely.selectFrom('setting').select(['key', 'value']).where('key', 'like', 'calendar.%'));
    const value = (key: string) => rows.find((r) => r.key === `calendar.${key}`)?.value ?? null;
    const list = (key: string) => (JSON.parse(value(key) ?? '[]') as string[]).sort();
    this.cached = {
      timeZone: value('time_zone') ?? systemTimeZone(),
      orderCutoff: value('order_cutoff'),
      holidayCountry: value('holiday_country'),
      holidayRegion: value('holiday_region'),
      closedDays: list('closed_days'),
      openDays: list('open_days'),
    };
    this.stale = false;
    return this;
  }

  /** Validates and stores a change; everything not named stays as it was. */
  async update(input: ShopCalendarUpdate): Promise<ShopCalendarDto> {
    const current = this.settings();
    const next = { ...current, ...input };
    // Another country: its regions are not the old country's.
    if (input.holidayCountry !== undefined && input.holidayRegion === undefined && input.holidayCountry !== current.holidayCountry) next.holidayRegion = null;
    if (!isTimeZone(next.timeZone)) throw invalid('timeZone', `"${next.timeZone}" is not a time zone (IANA name such as America/New_York)`);
    if (next.orderCutoff !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(next.orderCutoff)) throw invalid('orderCutoff', `"${next.orderCutoff}" is not a time HH:MM`);
    if (next.holidayCountry === null) next.holidayRegion = null;
    else {
      next.holidayCountry = next.holidayCountry.toUpperCase();
      if (!(next.holidayCountry in holidayRules().getCountries())) throw invalid('holidayCountry', `no public holidays are known for country "${next.holidayCountry}"`);
      if (next.holidayRegion !== null) {
        next.holidayRegion = next.holidayRegion.toUpperCase();
        if (!(next.holidayRegion in (holidayRules().getStates(next.holidayCountry) ?? {}))) {
          throw invalid('holidayRegion', `"${next.holidayRegion}" is not a region of ${next.holidayCountry} with its own holidays`);
        }
      }
    }
    for (const field of ['closedDays', 'openDays'] as const) {
      next[field] = [...new Set(next[field])].sort();
      const bad = next[field].find((d) => !isLocalDate(d));
      if (bad) throw invalid(field, `"${bad}" is not a date YYYY-MM-DD`);
    }
    const both = next.closedDays.find((d) => next.openDays.includes(d));
    if (both) throw invalid('openDays', `${both} cannot be both closed and open`);
    const values: [string, string | null][] = [
      ['time_zone', next.timeZone],
      ['order_cutoff', next.orderCutoff],
      ['holiday_country', next.holidayCountry],
      ['holiday_region', next.holidayRegion],
      ['closed_days', JSON.stringify(next.closedDays)],
      ['open_days', JSON.stringify(next.openDays)],
    ];
    const { store } = this.core;
    await store.tx(async () => {
      for (const [key, value] of values) {
        await store.run(
          value === null
            ? store.kysely.deleteFrom('setting').where('key', '=', `calendar.${key}`)
            : store.kysely.insertInto('setting').values({ key: `calendar.${key}`, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') })),
        );
      }
    });
    this.invalidate();
    await this.load();
    this.core.events.publish('calendar.changed', {});
    return this.dto();
  }

  /** Settings, today's date at the shop and the closed days of the next twelve months. */
  dto(): ShopCalendarDto {
    const today = this.today();
    const until = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    return { settings: this.settings(), today, closedDays: this.closedDaysBetween(today, until) };
  }

  /** The shop's calendar date now. */
  today(): string {
    return this.localDate(this.core.clock.now());
  }

  /** The shop's calendar date at `instant`. */
  localDate(instant: Date): string {
    return formatLocalDate(localDateAndMinutes(instant, this.settings().timeZone).day);
  }

  /** The instant the shop's day containing `instant` began (its local midnight). */
  startOfDay(instant: Date): Date {
    const { minutes } = localDateAndMinutes(instant, this.settings().timeZone);
    return new Date(Math.floor(instant.getTime() / 60_000 - minutes) * 60_000);
  }

  /** The instant the shop's date `date` (YYYY-MM-DD) began: its local midnight, wherever DST moves it. */
  startOfDate(date: string): Date {
    const target = parseLocalDate(date);
    const timeZone = this.settings().timeZone;
    // Start at UTC midnight of that date and step back by the shop's offset; the second pass
    // settles the rare case where a DST change lies between the guess and the answer.
    let minutes = target * 1440;
    for (let pass = 0; pass < 2; pass++) {
      const local = localDateAndMinutes(new Date(minutes * 60_000), timeZone);
      minutes -= (local.day - target) * 1440 + local.minutes;
    }
    return new Date(minutes * 60_000);
  }

  /**
   * Where "the last N days" begins: the start of the shop's day N days before today, so the window is
   * N whole shop days plus today so far (never fewer hours than N × 24, and aligned to the shop's
   * midnight rather than to UTC or to the minute the report was asked for).
   */
  startOfDaysAgo(days: number): Date {
    return this.startOfDate(formatLocalDate(parseLocalDate(this.today()) - days));
  }

  /** The shop's wall-clock time at `instant` as YYYY-MM-DDTHH:MM (what carriers' cut-offs compare with). */
  localDateTime(instant: Date): string {
    const { day, minutes } = localDateAndMinutes(instant, this.settings().timeZone);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${formatLocalDate(day)}T${hh}:${mm}`;
  }

  /** Whether the country (region) keeps this date as a public holiday: carriers neither pick up nor deliver. */
  isPublicHoliday(date: string): boolean {
    const year = date.slice(0, 4);
    let dates = this.publicDatesByYear.get(year);
    if (!dates) this.publicDatesByYear.set(year, (dates = new Set(this.publicHolidays(year).map((h) => h.date))));
    return dates.has(date);
  }

  /** Whether the shop is closed on this date (YYYY-MM-DD) beyond its weekend. */
  has(date: string): boolean {
    const year = date.slice(0, 4);
    let closed = this.closedByYear.get(year);
    if (!closed) {
      const { closedDays, openDays } = this.settings();
      closed = new Set([...this.publicHolidays(year).map((h) => h.date), ...closedDays.filter((d) => d.startsWith(year))]);
      for (const d of openDays) closed.delete(d);
      this.closedByYear.set(year, closed);
    }
    return closed.has(date);
  }

  /** The promise rule for a shipping method: its business days counted on this calendar. */
  promiseRule(businessDays: number): DeliveryPromiseRule {
    const { timeZone, orderCutoff } = this.settings();
    return { businessDays, timeZone, cutoffHHMM: orderCutoff ?? undefined };
  }

  /** Closed days from `from` to `to` (inclusive), with why: public holiday or closed by the owner; open days are listed as worked. */
  closedDaysBetween(from: string, to: string): ShopClosedDayDto[] {
    const { closedDays, openDays } = this.settings();
    const out: ShopClosedDayDto[] = [];
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
      for (const h of this.publicHolidays(String(year))) out.push(openDays.includes(h.date) ? { ...h, kind: 'worked' } : h);
    }
    const listed = new Set(out.map((d) => d.date));
    for (const d of closedDays) if (!listed.has(d)) out.push({ date: d, name: 'Closed', kind: 'closed' });
    return out.filter((d) => d.date >= from && d.date <= to).sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
  }

  private publicHolidays(year: string): ShopClosedDayDto[] {
    let list = this.publicByYear.get(year);
    if (!list) {
      const { holidayCountry, holidayRegion } = this.settings();
      list = [];
      if (holidayCountry) {
        const source = holidayRules(holidayCountry, holidayRegion);
        for (const h of source.getHolidays(Number(year), 'en')) {
          // Public holidays close offices and carriers; bank days, observances (Mother's Day) and optional days do not.
          if (h.type === 'public') list.push({ date: h.date.slice(0, 10), name: h.name, kind: 'public' });
        }
      }
      this.publicByYear.set(year, list);
    }
    return list;
  }

  /** Drops what is cached, so the next use reads the settings again (another connection changed them). */
  invalidate(): void {
    this.stale = true;
    this.closedByYear.clear();
    this.publicByYear.clear();
    this.publicDatesByYear.clear();
  }
}

/** The rules of every country's holidays (~2 MB of code): loaded when a calendar first needs them. */
const holidaysClass = lazyRequire<typeof HolidaysClass>('date-holidays');

/** A country's (and region's) holiday rules, names in English where date-holidays has them; none given: the list of countries. */
function holidayRules(country?: string, region?: string | null): HolidaysClass {
  const Holidays = holidaysClass();
  if (!country) return new Holidays();
  return region ? new Holidays(country, region, { languages: ['en'] }) : new Holidays(country, { languages: ['en'] });
}

const calendars = new WeakMap<Core['store'], ShopCalendar>();

/** The calendar of this store (one per open database, shared by every service). */
export async function shopCalendar(core: Core): Promise<ShopCalendar> {
  let calendar = calendars.get(core.store);
  if (!calendar) calendars.set(core.store, (calendar = new ShopCalendar(core)));
  return await calendar.load();
}

/** Every public holiday country date-holidays knows, for the settings screen. */
export function holidayCountries(): { code: string; name: string; regions: { code: string; name: string }[] }[] {
  const h = holidayRules();
  return Object.entries(h.getCountries('en')).map(([code, name]) => ({
    code,
    name,
    regions: Object.entries(h.getStates(code, 'en') ?? {}).map(([region, regionName]) => ({ code: region, name: regionName })),
  }));
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', `Shop calendar: ${message}`, { field });
}
