import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { demandHistorySeeder } from '../../../main/demo/demand-history';
import { inventorySeeder } from '../../../main/demo/inventory';
import { Random } from '../../../main/demo/random';
import { demandHistory, forecastSeries } from '../../../main/domain/forecasting/index';
import { tempApp } from '../../helpers/temp-app';

const today = new Date('2026-11-02T12:00:00Z');
let app: Awaited<ReturnType<typeof tempApp>>;

/** The demo's year of demand history: believable patterns, a true ledger, and forecasts that read them right. */
describe('demo demand history', () => {
  beforeAll(async () => {
    app = await tempApp({ clock: new ManualClock(today) });
    await app.invoke('calendar.update', { timeZone: 'UTC' });
    await inventorySeeder.seed({ app, random: new Random(1), seed: 1, today });
    await demandHistorySeeder.seed({ app, random: new Random(1), seed: 1, today });
  }, 60_000);
  afterAll(() => app.cleanup());

  it('writes a year of counter sales (in-store pickup, nothing shipped) with a ledger that still balances', async () => {
    const [{ days, orders }] = await app.store.raw<{ days: number; orders: number }>(
      "select count(distinct substr(placed_at, 1, 10)) as days, count(*) as orders from sales_order where number like 'C-%'",
    );
    expect(days).toBeGreaterThan(330);
    expect(orders).toBeGreaterThan(3000);
    expect((await app.services.system.check()).problems).toEqual([]);
  });

  it('stores forecasts that read the patterns: Holt–Winters for the weekly coffee, an intermittent method for the lantern', async () => {
    const coffee = await app.invoke('forecasting.get', { sku: 'BREW-HOUSE-1KG' });
    expect(coffee.stored).toBe(true);
    expect(coffee.method).toBe('holt_winters');
    expect(coffee.perDay).toBeGreaterThan(5.5);
    expect(coffee.perDay).toBeLessThan(8.5);
    const lantern = await app.invoke('forecasting.get', { sku: 'LANTERN-BRASS' });
    expect(['intermittent', 'lumpy']).toContain(lantern.demandClass);
    expect(lantern.perDay).toBeLessThan(0.7);
  });

  it('shows the candle stockout as censored days, and the forecast is not dragged down by it', async () => {
    const candle = await app.invoke('forecasting.get', { sku: 'CANDLE-CEDAR', historyDays: 120 });
    const censored = candle.history.filter((d) => d.censored);
    expect(censored.length).toBeGreaterThanOrEqual(10);
    expect(censored.every((d) => d.units === 0)).toBe(true);
    // The same history with the empty shelf read as "nobody wanted one" forecasts much less.
    const [series] = await demandHistory(app.services.core, { productIds: [candle.productId], days: 420 });
    const asZeros = forecastSeries({ ...series, censored: new Uint8Array(series.units.length) });
    expect(candle.perDay).toBeGreaterThan(2.5);
    expect(candle.perDay).toBeGreaterThan(asZeros.perDay * 1.3);
  });
});
