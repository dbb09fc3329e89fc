/**
 * "The last N days" counted in the shop's days (its time zone, across a DST change), not as
 * N × 86 400 000 ms back from UTC: the stock history of a product in a New York shop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { shopCalendar } from '../../../main/domain/calendar/shop-calendar';
import { tempApp } from '../../helpers/temp-app';

// New York falls back on Sunday 2026-11-01.
const SATURDAY_00_30_EDT = new Date('2026-10-31T04:30:00Z');
const TUESDAY_22_30_EST = new Date('2026-11-04T03:30:00Z');
const clock = new ManualClock(SATURDAY_00_30_EDT);
let app: Awaited<ReturnType<typeof tempApp>>;

beforeEach(async () => {
  clock.set(SATURDAY_00_30_EDT);
  app = await tempApp({ clock });
  await app.invoke('calendar.update', { timeZone: 'America/New_York', orderCutoff: null, holidayCountry: null });
});
afterEach(() => app.cleanup());

describe('stock history in shop days', () => {
  it('puts each movement on the shop’s date and ends on the shop’s today, across the DST change', async () => {
    const product = await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1000 });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 5 }); // Saturday 00:30 in New York, Saturday 04:30 UTC
    clock.set(TUESDAY_22_30_EST);
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 }); // Tuesday 22:30 in New York, already Wednesday in UTC

    const { history } = await app.invoke('stock.detail', { productId: product.id });
    expect(history).toHaveLength(91);
    expect(history.slice(-5)).toEqual([
      { date: '2026-10-30', onHand: 0 },
      { date: '2026-10-31', onHand: 5 },
      { date: '2026-11-01', onHand: 5 },
      { date: '2026-11-02', onHand: 5 },
      { date: '2026-11-03', onHand: 15 },
    ]);
    expect(history[0].date).toBe('2026-08-05');
  });
});

describe('where "the last N days" begins', () => {
  it('is the shop’s midnight N days ago, with the offset of that day (EDT before the change, EST after)', async () => {
    clock.set(TUESDAY_22_30_EST);
    const calendar = await shopCalendar({ store: app.store, clock: app.clock, events: app.events, lanMode: false });
    expect((calendar.startOfDaysAgo(0)).toISOString()).toBe('2026-11-03T05:00:00.000Z');
    expect((calendar.startOfDaysAgo(1)).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect((calendar.startOfDaysAgo(3)).toISOString()).toBe('2026-10-31T04:00:00.000Z');
    // The day of the change itself began at midnight EDT; it lasts 25 hours.
    expect((calendar.startOfDate('2026-11-01')).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    // Spring forward: Sunday 2026-03-08 began at midnight EST, the Monday after at midnight EDT.
    expect((calendar.startOfDate('2026-03-08')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect((calendar.startOfDate('2026-03-09')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
});
