import { afterEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../../main/api/registry';
import { openApp, type App } from '../../../main/app';
import { tempDbPath } from '../../helpers/temp-app';

/**
 * Two station servers on one database (two apps on one PostgreSQL database, or on one SQLite file)
 * doing the same first thing at the same moment: the first movement of a product in a bin (a new
 * stock balance row), the first receipt of a lot number (a new lot row), the first save of a SKU
 * (a new product row). Each row has a unique key; whichever request comes second must find the
 * row the first one made and carry on, not fail on the key. (On SQLite writers take turns, so the
 * race cannot happen there; on PostgreSQL both transactions see "no row yet" and both insert.)
 * Several products race at once so that at least one pair really overlaps.
 */
const RACES = 6;

describe('two apps doing the same first thing at once', () => {
  let tmp: ReturnType<typeof tempDbPath>;
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    tmp.cleanup();
  });

  async function twoApps(): Promise<[App, App]> {
    tmp = tempDbPath();
    const first = await openApp({ dbPath: tmp.dbPath });
    apps.push(first);
    const second = await openApp({ dbPath: tmp.dbPath });
    apps.push(second);
    return [first, second];
  }
  const skus = Array.from({ length: RACES }, (_, i) => `RACE-${i + 1}`);
  const onHandOf = async (app: App, sku: string) => (await app.invoke('stock.list', { query: sku })).rows.find((r) => r.sku === sku)?.onHand;

  it('both add to a bin that had no stock of the product: one balance with both quantities', async () => {
    const [first, second] = await twoApps();
    for (const sku of skus) await first.invoke('catalog.upsert', { sku, name: `Race ${sku}` });

    const results = await Promise.all(
      skus.flatMap((sku) => [first.invoke('stock.adjust', { sku, delta: 3, reason: 'found' }), second.invoke('stock.adjust', { sku, delta: 4, reason: 'found' })]),
    );

    // Whichever came second saw both quantities.
    for (const [i] of skus.entries()) expect([[3, 7], [4, 7]]).toContainEqual([results[2 * i].onHand, results[2 * i + 1].onHand].sort());
    for (const sku of skus) expect(await onHandOf(first, sku)).toBe(7);
    const balances = await first.store.raw<{ n: number }>('select count(*) as n from stock_balance');
    expect(balances[0].n).toBe(RACES);
    expect(await first.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 60_000);

  it('both receive the same new lot number: one lot, holding both receipts', async () => {
    const [first, second] = await twoApps();
    for (const sku of skus) await first.invoke('catalog.upsert', { sku, name: `Race ${sku}`, lotTracked: true });

    await Promise.all(
      skus.flatMap((sku) => [
        first.invoke('stock.receive', { sku, lot: 'L-2026-11', expiresOn: '2027-05-01', quantity: 10 }),
        second.invoke('stock.receive', { sku, lot: 'L-2026-11', expiresOn: '2027-05-01', quantity: 5 }),
      ]),
    );

    for (const sku of skus) {
      const detail = await first.invoke('stock.detail', { productId: (await first.invoke('catalog.get', { sku })).id });
      expect(detail.balances).toEqual([expect.objectContaining({ lot: 'L-2026-11', expiresOn: '2027-05-01', onHand: 15 })]);
    }
    const lots = await first.store.raw<{ n: number }>('select count(*) as n from lot');
    expect(lots[0].n).toBe(RACES);
    expect(await first.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 60_000);

  it('a lot received at the same moment with two different expiry dates: one receipt stands, the other is refused naming the lot', async () => {
    const [first, second] = await twoApps();
    for (const sku of skus) await first.invoke('catalog.upsert', { sku, name: `Race ${sku}`, lotTracked: true });

    const results = await Promise.allSettled(
      skus.flatMap((sku) => [
        first.invoke('stock.receive', { sku, lot: 'L-7', expiresOn: '2027-05-01', quantity: 10 }),
        second.invoke('stock.receive', { sku, lot: 'L-7', expiresOn: '2027-06-01', quantity: 5 }),
      ]),
    );

    for (const [i, sku] of skus.entries()) {
      const pair = results.slice(2 * i, 2 * i + 2);
      expect(pair.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = pair.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(new RegExp(`^Lot L-7 of ${sku} expires on 2027-0[56]-01`)) });
    }
    expect(await first.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 60_000);

  it('both save the same new SKU: one product, the later save applied as an update', async () => {
    const [first, second] = await twoApps();

    const saved = await Promise.all(
      skus.flatMap((sku) => [
        first.invoke('catalog.upsert', { sku, name: `First ${sku}`, barcodes: [{ code: `B-${sku}`, kind: 'supplier' }] }),
        second.invoke('catalog.upsert', { sku: sku.toLowerCase(), name: `Second ${sku}`, barcodes: [{ code: `B-${sku}`, kind: 'supplier' }] }),
      ]),
    );

    for (const [i, sku] of skus.entries()) {
      expect(saved[2 * i].id).toBe(saved[2 * i + 1].id);
      const product = await first.invoke('catalog.get', { sku });
      expect(product.sku.toUpperCase()).toBe(sku); // as the first insert spelled it
      expect([`First ${sku}`, `Second ${sku}`]).toContain(product.name);
      expect(product.barcodes).toEqual([expect.objectContaining({ code: `B-${sku}` })]);
    }
    const products = await first.store.raw<{ sku: string }>('select sku from product');
    expect(products.filter((p) => p.sku.toUpperCase().startsWith('RACE-'))).toHaveLength(RACES);
    expect(await first.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 60_000);

  it('a unique key no service handles answers CONFLICT on either engine, never INTERNAL', async () => {
    const [first] = await twoApps();
    const product = await first.invoke('catalog.upsert', { sku: 'RACE-1', name: 'Race', lotTracked: true });
    await first.store.raw('insert into lot (product_id, code) values (?, ?)', product.id, 'L-1');
    const refused = await first.store.raw('insert into lot (product_id, code) values (?, ?)', product.id, 'L-1').catch((error: unknown) => error);
    expect(toAppError(refused).toJSON()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^The change conflicts with existing data \(.*unique/) });
  });
});
