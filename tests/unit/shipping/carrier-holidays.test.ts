/**
 * Carrier days on the shop calendar: carriers keep the public holidays (no pickup, no delivery,
 * even when the shop works that day); the shop's own closed days only stop pickups from it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippingShop, type TestApp } from './service-setup';

let app: TestApp & { clock: { set(d: Date): void } };
beforeEach(async () => {
  app = await shippingShop();
  // Wednesday 25 November 2026, 10:00 (the process's zone, which the calendar defaults to): before every cut-off.
  app.clock.set(new Date(2026, 10, 25, 10, 0));
});
afterEach(() => app.cleanup());

/** USPS Priority to zone 5 (100 → 200) is two delivery days; USPS delivers on Saturdays. */
async function priority(): Promise<{ pickupDate: string; deliveryDate: string }> {
  const quote = await app.invoke('shipping.quote', { postalCode: '20001', weightG: 500 });
  const option = quote.options.find((o) => o.serviceKey === 'usps:priority');
  if (!option) throw new Error(`no Priority quote: ${JSON.stringify(quote.ineligible)}`);
  return { pickupDate: option.pickupDate, deliveryDate: option.deliveryDate };
}

describe('carrier days on the shop calendar', () => {
  it('skips public holidays for delivery, even when the shop works them; the shop’s closed days delay the pickup', async () => {
    expect(await priority()).toEqual({ pickupDate: '2026-11-25', deliveryDate: '2026-11-27' });

    await app.invoke('calendar.update', { holidayCountry: 'US' });
    // Thanksgiving (Thursday) is no delivery day: Friday, then Saturday.
    expect(await priority()).toEqual({ pickupDate: '2026-11-25', deliveryDate: '2026-11-28' });

    await app.invoke('calendar.update', { openDays: ['2026-11-26'] });
    expect((await priority()).deliveryDate).toBe('2026-11-28');

    // Closed today: nothing is handed over before Friday (Thursday is still a carrier holiday).
    await app.invoke('calendar.update', { openDays: [], closedDays: ['2026-11-25'] });
    expect(await priority()).toEqual({ pickupDate: '2026-11-27', deliveryDate: '2026-11-30' });
  });
});
