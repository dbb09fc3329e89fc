import { afterEach, describe, expect, it } from 'vitest';
import { forecastsFromHistory } from '../../../main/domain/replenishment/demand-forecasts';
import { forecastsOnThreads } from '../../../main/domain/replenishment/forecast-threads';
import { shopWithHistory } from './setup';

let shop: Awaited<ReturnType<typeof shopWithHistory>> | null = null;
afterEach(async () => {
  await shop?.cleanup();
  shop = null;
});

describe('forecasts on worker threads', () => {
  it('give the same forecasts as the event loop, product by product', async () => {
    shop = await shopWithHistory([
      { sku: 'A', priceCents: 1000, perDay: 7, stock: 50 },
      { sku: 'B', priceCents: 1000, perDay: 2, stock: 50 },
      { sku: 'C', priceCents: 1000, perDay: 0, stock: 50 },
      { sku: 'D', priceCents: 1000, perDay: 1, stock: 0 },
    ]);
    const core = shop.services.core;
    const ids = (await shop.store.raw<{ id: number }>('select id from product order by id')).map((r) => r.id);
    const opts = { warehouseId: 1, historyDays: 120, recentDays: 90 };
    const here = await forecastsFromHistory(core, ids, opts);
    const threaded = await forecastsOnThreads(core, ids, { ...opts, minForThreads: 1, taskSize: 1, threads: 2 });
    expect(threaded.size).toBe(ids.length);
    for (const id of ids) expect(threaded.get(id)).toEqual(here.get(id));
    expect(here.get(ids[0])!.recentUnits).toBe(7 * 56);
  });
});
