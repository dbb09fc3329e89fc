import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { AppError } from '../../../shared/errors';
import { runCli } from '../../helpers/cli';
import { tempApp } from '../../helpers/temp-app';

// Wednesday 25 November 2026, 15:30 in New York: the day before Thanksgiving, after a 14:00 cut-off.
const WEDNESDAY_AFTERNOON_NY = new Date('2026-11-25T20:30:00Z');
const clock = new ManualClock(WEDNESDAY_AFTERNOON_NY);
let app: Awaited<ReturnType<typeof tempApp>>;

beforeEach(async () => {
  clock.set(WEDNESDAY_AFTERNOON_NY);
  app = await tempApp({ clock });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1000 });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 });
});
afterEach(() => app.cleanup());

/** A manual order placed now; manual channels promise 5 business days. */
async function promisedForOrderNow(): Promise<string | null> {
  const order = await app.invoke('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });
  return order.promisedDate;
}

describe('shop calendar', () => {
  it('counts promises in the shop’s time zone, after its cut-off, skipping its public holidays', async () => {
    await app.invoke('calendar.update', { timeZone: 'UTC', orderCutoff: null, holidayCountry: null });
    // Plain calendar: Wednesday + 5 business days.
    expect(await promisedForOrderNow()).toBe('2026-12-02');

    const calendar = await app.invoke('calendar.update', { timeZone: 'America/New_York', orderCutoff: '14:00', holidayCountry: 'US' });
    expect(calendar.closedDays.map((d) => [d.date, d.name])).toContainEqual(['2026-12-25', 'Christmas Day']);
    // 15:30 is after the cut-off, so Thursday; Thursday is Thanksgiving, so Friday is the order
    // day; five business days from Friday is the next Friday.
    expect(await promisedForOrderNow()).toBe('2026-12-04');
  });

  it('lets the owner work a public holiday and close a day of their own', async () => {
    await app.invoke('calendar.update', { timeZone: 'America/New_York', orderCutoff: '14:00', holidayCountry: 'US', openDays: ['2026-11-26'] });
    // Thanksgiving worked: it is the order day, and five business days from it is Thursday 3 December.
    expect(await promisedForOrderNow()).toBe('2026-12-03');

    await app.invoke('calendar.update', { closedDays: ['2026-11-30'] });
    expect(await promisedForOrderNow()).toBe('2026-12-04');
    const { closedDays } = await app.invoke('calendar.get', {});
    expect(closedDays.find((d) => d.date === '2026-11-30')).toMatchObject({ kind: 'closed' });
  });

  it('says what day it is at the shop, which is not the UTC day in the evening in New York', async () => {
    clock.set(new Date('2026-11-28T03:00:00Z')); // Friday 22:00 in New York
    await app.invoke('calendar.update', { timeZone: 'UTC' });
    expect((await app.invoke('calendar.get', {})).today).toBe('2026-11-28');
    await app.invoke('calendar.update', { timeZone: 'America/New_York' });
    expect((await app.invoke('calendar.get', {})).today).toBe('2026-11-27');
  });

  it('knows observed holidays and regional ones', async () => {
    clock.set(new Date('2026-06-01T12:00:00Z'));
    const us = await app.invoke('calendar.update', { holidayCountry: 'US' });
    // Independence Day 2026 is a Saturday: observed on Friday the 3rd.
    expect(us.closedDays.map((d) => d.date)).toEqual(expect.arrayContaining(['2026-07-03', '2026-07-04']));
    const bavaria = await app.invoke('calendar.update', { holidayCountry: 'DE', holidayRegion: 'BY' });
    expect(bavaria.closedDays.map((d) => d.date)).toContain('2026-06-04'); // Corpus Christi: Bavaria, not Berlin
    const berlin = await app.invoke('calendar.update', { holidayCountry: 'DE', holidayRegion: 'BE' });
    expect(berlin.closedDays.map((d) => d.date)).not.toContain('2026-06-04');
    // Another country drops the old country's region.
    expect((await app.invoke('calendar.update', { holidayCountry: 'US' })).settings).toMatchObject({ holidayCountry: 'US', holidayRegion: null });
  });

  it('refuses bad settings by field and changes nothing', async () => {
    await app.invoke('calendar.update', { timeZone: 'Europe/Berlin', holidayCountry: 'DE' });
    const refused = async (change: Parameters<typeof app.invoke<'calendar.update'>>[1], field: string) => {
      const error = await app.invoke('calendar.update', change).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(JSON.stringify(error)).toContain(field);
    };
    await refused({ timeZone: 'Mars/Olympus_Mons' }, 'timeZone');
    await refused({ holidayCountry: 'XX' }, 'holidayCountry');
    await refused({ holidayRegion: 'ZZ' }, 'holidayRegion');
    await refused({ closedDays: ['2026-02-30'] }, 'closedDays');
    await refused({ closedDays: ['2026-12-24'], openDays: ['2026-12-24'] }, 'openDays');
    const { settings } = await app.invoke('calendar.get', {});
    expect(settings).toMatchObject({ timeZone: 'Europe/Berlin', holidayCountry: 'DE', holidayRegion: null, closedDays: [], openDays: [] });
  });

  it('is set from the CLI', async () => {
    const dbPath = app.store.path; // the CLI opens the same file beside the open app (WAL)
    const set = runCli(['calendar', '--db', dbPath, '--time-zone', 'America/Chicago', '--cutoff', '15:00', '--holidays', 'US', '--close', '2026-12-24', '--json']);
    expect(set.status).toBe(0);
    const out = JSON.parse(set.stdout) as { settings: { timeZone: string; orderCutoff: string; holidayCountry: string; closedDays: string[] } };
    expect(out.settings).toMatchObject({ timeZone: 'America/Chicago', orderCutoff: '15:00', holidayCountry: 'US', closedDays: ['2026-12-24'] });
    const bad = runCli(['calendar', '--db', dbPath, '--cutoff', '25:00']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('orderCutoff');
  });
});
