import { afterEach, describe, expect, it } from 'vitest';
import { isValidGtin } from '../../../main/util/gs1';
import { inventorySeeder } from '../../../main/demo/inventory';
import { Random } from '../../../main/demo/random';
import { tempApp } from '../../helpers/temp-app';

const today = new Date('2026-11-02T12:00:00Z');
const apps: Awaited<ReturnType<typeof tempApp>>[] = [];
// Seeding ~550 products through the real stock services is tens of thousands of statements: a
// minute or more on PostgreSQL on a busy machine (one round trip each).
const SEEDING_MS = 180_000;
afterEach(async () => {
  for (const app of apps.splice(0)) await app.cleanup();
}, SEEDING_MS);

async function seeded(seed: number) {
  const app = await tempApp();
  apps.push(app);
  await inventorySeeder.seed({ app, random: new Random(seed), seed, today });
  return app;
}

describe('demo inventory seeder', { timeout: SEEDING_MS }, () => {
  it('seeds a believable catalog, two laid-out warehouses and a real ledger, deterministically', async () => {
    const app = await seeded(1);
    const products = await app.store.raw<{ sku: string; lot_tracked: number; is_kit: number }>('select sku, lot_tracked, is_kit from product order by sku');
    expect(products.length).toBeGreaterThanOrEqual(500);
    expect(products.filter((p) => p.is_kit).length).toBeGreaterThanOrEqual(10);
    expect(products.filter((p) => p.lot_tracked).length).toBeGreaterThanOrEqual(30);
    const gtins = (await app.store.raw<{ code: string }>("select code from barcode where kind = 'gtin'")).map((b) => b.code);
    expect(gtins.length).toBeGreaterThanOrEqual(500);
    expect(gtins.filter((c) => c.length !== 13 || !isValidGtin(c))).toEqual([]);

    const warehouses = await app.invoke('warehouses.list', {});
    expect(warehouses.map((w) => w.code)).toEqual(['MAIN', 'EAST']);
    expect(warehouses[0]).toMatchObject({ postalCode: '97217', country: 'US' });
    expect(warehouses[0].name).not.toBe('Main warehouse');
    const bins = await app.invoke('bins.list', { warehouse: 'MAIN' });
    expect(new Set(bins.map((b) => b.kind))).toEqual(new Set(['pick', 'bulk', 'receiving', 'returns', 'quarantine']));

    // Lots past and near expiry, movements over the last 90 days, transfers, and a true ledger.
    const lots = (await app.store.raw<{ expired: number; soon: number }>(
      "select sum(case when expires_on < '2026-11-02' then 1 else 0 end) as expired, sum(case when expires_on between '2026-11-02' and '2026-11-30' then 1 else 0 end) as soon from lot",
    ))[0];
    expect(lots.expired).toBeGreaterThan(0);
    expect(lots.soon).toBeGreaterThan(0);
    const span = (await app.store.raw<{ first: string; last: string }>('select min(at) as first, max(at) as last from stock_movement'))[0];
    expect(span.first >= '2026-08-03').toBe(true);
    expect(span.last < '2026-11-02T12:00').toBe(true);
    expect((await app.invoke('stock.transfers', {})).length).toBeGreaterThan(0);
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });

    const again = await seeded(1);
    expect(await again.store.raw('select sku, name, price_cents from product order by sku')).toEqual(await app.store.raw('select sku, name, price_cents from product order by sku'));
    expect(await again.store.raw('select count(*) as n, sum(quantity) as q from stock_movement')).toEqual(await app.store.raw('select count(*) as n, sum(quantity) as q from stock_movement'));
  });

  it('seeds with other seeds too: a lot received in both warehouses on one day is one lot with one expiry', async () => {
    // Seeds 2 and 7 used to stop with "Lot … expires on …, not …": the two warehouses' receipts drew two expiry dates.
    for (const seed of [2, 7]) {
      const app = await seeded(seed);
      const shared = (await app.store.raw<{ n: number }>(
        'select count(*) as n from lot where exists (select 1 from stock_balance b join warehouse w on w.id = b.warehouse_id where b.lot_id = lot.id group by b.lot_id having count(distinct w.code) = 2)',
      ))[0].n;
      expect(shared).toBeGreaterThan(0);
      expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
    }
  });
});
