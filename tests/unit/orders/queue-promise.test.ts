import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { comparePromise } from '../../../main/domain/orders/order-queries';
import type { MethodInput } from '../../../shared/api';
import type { PromiseCursor } from '../../../shared/api/orders';
import { seedQueueOrders } from '../../helpers/queue-seed';
import { tempApp } from '../../helpers/temp-app';

type App = Awaited<ReturnType<typeof tempApp>>;
type ListInput = Omit<MethodInput<'orders.list'>, 'limit' | 'sort' | 'after' | 'before'>;

/** Follows `nextAfter` to the end (pages may be short where a bounded scan stopped); fails on a repeat. */
async function walk(app: App, filter: ListInput, limit: number) {
  const seen: { id: number; promised: string | null }[] = [];
  let after: PromiseCursor | undefined;
  for (let requests = 0; requests < 2000; requests++) {
    const page = await app.invoke('orders.list', { ...filter, sort: 'promise', limit, after });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    expect(page.nextBefore).toBeNull();
    seen.push(...page.rows.map((r) => ({ id: r.id, promised: r.promisedDate })));
    if (!page.nextAfter) {
      expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
      return seen;
    }
    after = page.nextAfter;
  }
  throw new Error('paging did not end');
}
const byPromise = (rows: { id: number; promised: string | null }[]) => [...rows].sort(comparePromise).map((r) => r.id);

/** The queue's promise order: earliest promised date first, no date last, ties by id; cursor paging through filters. */
describe('order queue sorted by promise', () => {
  const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
  let app: App;
  const id: Record<string, number> = {};
  const promised: Record<number, string | null> = {};
  const ship = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'Town', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: null };

  async function order(key: string, sku: string, date: string | null, tags: string[] = [], name = `Customer ${key}`) {
    const o = await app.invoke('orders.create', { externalId: key, customer: { name, email: null, phone: null }, shipTo: ship, lines: [{ sku, quantity: 1 }], tags });
    await app.store.raw('update sales_order set promised_date = ? where id = ?', date, o.id);
    id[key] = o.id;
    promised[o.id] = date;
  }
  const list = async (input: ListInput & { limit?: number }) => (await app.invoke('orders.list', { sort: 'promise', ...input })).rows.map((r) => r.id);
  const expected = (keys: string[]) => byPromise(keys.map((k) => ({ id: id[k], promised: promised[id[k]] })));

  beforeAll(async () => {
    app = await tempApp({ clock });
    await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East', postalCode: '10001', country: 'US' });
    await app.invoke('catalog.upsert', { sku: 'X', name: 'Item X', priceCents: 1000 });
    await app.invoke('catalog.upsert', { sku: 'Z', name: 'Item Z', priceCents: 1000 });
    await app.invoke('stock.receive', { sku: 'X', quantity: 100, warehouse: 'EAST' });
    // Allocated (X in stock) and backordered (Z never in stock), promise dates out of id order, ties and no dates.
    await order('A1', 'X', '2026-11-09', ['vip']);
    await order('A2', 'X', null);
    await order('A3', 'X', '2026-11-04');
    await order('A4', 'X', '2026-11-09', ['vip'], 'Zed Zimmer');
    await order('A5', 'X', null, ['vip']);
    await order('A6', 'X', '2026-11-03');
    await order('A7', 'X', '2026-11-04', [], 'Zed Zane');
    await order('B1', 'Z', '2026-11-05', ['vip']);
    await order('B2', 'Z', null);
    await order('B3', 'Z', '2026-11-02');
  });
  afterAll(() => app.cleanup());

  it('orders a state tab by earliest promise, ties by id, orders without a promise last', async () => {
    expect(await list({ status: 'allocated' })).toEqual([id.A6, id.A3, id.A7, id.A1, id.A4, id.A2, id.A5]);
    expect(await list({ status: 'backordered' })).toEqual([id.B3, id.B1, id.B2]);
    // The newest order is still there, and is the default.
    expect((await app.invoke('orders.list', { status: 'allocated' })).rows.map((r) => r.id)).toEqual([id.A7, id.A6, id.A5, id.A4, id.A3, id.A2, id.A1]);
  });

  it('orders the All tab by promise across states', async () => {
    expect(await list({})).toEqual([id.B3, id.A6, id.A3, id.A7, id.B1, id.A1, id.A4, id.A2, id.A5, id.B2]);
  });

  it('pages with the (promised, id) cursor: each order exactly once, across ties and into the undated orders', async () => {
    for (const limit of [1, 2, 3]) {
      expect((await walk(app, { status: 'allocated' }, limit)).map((r) => r.id)).toEqual(await list({ status: 'allocated' }));
      expect((await walk(app, {}, limit)).map((r) => r.id)).toEqual(await list({}));
    }
    const first = await app.invoke('orders.list', { status: 'allocated', sort: 'promise', limit: 4 });
    expect(first.nextAfter).toEqual({ promised: '2026-11-09', id: id.A1 });
    const undated = await app.invoke('orders.list', { status: 'allocated', sort: 'promise', limit: 2, after: { promised: null, id: id.A2 } });
    expect(undated.rows.map((r) => r.id)).toEqual([id.A5]);
    expect(undated.nextAfter).toBeNull();
    expect((await app.invoke('orders.list', { status: 'allocated', sort: 'promise', promisedTo: '2026-12-31', after: { promised: null, id: 1 } })).rows).toEqual([]);
  });

  it('keeps every filter under the promise order', async () => {
    expect(await list({ tag: 'VIP' })).toEqual(expected(['A1', 'A4', 'A5', 'B1']));
    expect(await list({ tag: 'vip', status: 'allocated' })).toEqual(expected(['A1', 'A4', 'A5']));
    expect(await list({ warehouse: 'EAST', status: 'allocated' })).toEqual(expected(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']));
    expect(await list({ warehouse: null })).toEqual(expected(['B1', 'B2', 'B3']));
    // A promise range leaves out orders without a date.
    expect(await list({ promisedTo: '2026-11-04' })).toEqual([id.B3, id.A6, id.A3, id.A7]);
    expect(await list({ promisedFrom: '2026-11-05', status: 'allocated' })).toEqual([id.A1, id.A4]);
    expect(await list({ query: 'Zed' })).toEqual([id.A7, id.A4]);
    expect(await list({ query: 'Zed', status: 'allocated', promisedTo: '2026-11-05' })).toEqual([id.A7]);
    const number = (await app.invoke('orders.get', { id: id.B2 })).number;
    expect(await list({ query: number })).toEqual([id.B2]);
    for (const filter of [{ tag: 'vip' }, { warehouse: null }, { query: 'Customer' }, { promisedTo: '2026-11-09', status: 'allocated' as const }]) {
      expect((await walk(app, filter, 1)).map((r) => r.id)).toEqual(await list(filter));
    }
  });

  it('refuses a cursor of the other order', async () => {
    await expect(app.invoke('orders.list', { sort: 'promise', before: 5 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(app.invoke('orders.list', { after: { promised: null, id: 5 } })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('order queue sorted by promise at scale', () => {
  let app: App;
  const N = 30_000;
  const STATES = ['delivered', 'allocated', 'backordered', 'new', 'on_hold'] as const;
  // Dates with many ties (40 days), 1 in 17 without a date; a rare warehouse and tag, and a rare state.
  const state = (i: number) => (i % 997 === 0 ? 'on_hold' : STATES[i % 4]);
  const date = (i: number) => (i % 17 === 0 ? null : `2026-12-${String(1 + ((i * 7919) % 28)).padStart(2, '0')}`);
  const rare = (i: number) => i % 1009 === 0;
  let rows: { id: number; status: string; promised: string | null; rare: boolean }[] = [];

  beforeAll(async () => {
    app = await tempApp();
    await seedQueueOrders(app, N, (i) => ({
      status: state(i),
      promised: date(i),
      east: rare(i),
      tags: rare(i) ? 'rare' : '',
      tagRows: [...(rare(i) ? ['rare'] : []), ...(i % 3 === 0 ? ['gift'] : [])],
    }));
    rows = Array.from({ length: N }, (_, k) => ({ id: k + 1, status: state(k + 1), promised: date(k + 1), rare: rare(k + 1) }));
  });
  afterAll(() => app.cleanup());

  it('walks a state and the All tab in promise order, each order exactly once', async () => {
    const allocated = byPromise(rows.filter((r) => r.status === 'allocated'));
    expect((await walk(app, { status: 'allocated' }, 500)).map((r) => r.id)).toEqual(allocated);
    expect((await walk(app, {}, 500)).map((r) => r.id)).toEqual(byPromise(rows));
    // A page of the All tab is full (the merge bound never cuts it short without a filter).
    const page = await app.invoke('orders.list', { sort: 'promise', limit: 50, after: { promised: '2026-12-14', id: 12_345 } });
    expect(page.rows).toHaveLength(50);
  });

  it('finds rare matches through bounded, possibly short pages, each exactly once and in order', async () => {
    const want = (f: (r: (typeof rows)[number]) => boolean) => byPromise(rows.filter(f));
    expect((await walk(app, { warehouse: 'EAST', status: 'allocated' }, 3)).map((r) => r.id)).toEqual(want((r) => r.rare && r.status === 'allocated'));
    expect((await walk(app, { warehouse: 'EAST' }, 3)).map((r) => r.id)).toEqual(want((r) => r.rare));
    expect((await walk(app, { tag: 'rare' }, 2)).map((r) => r.id)).toEqual(want((r) => r.rare));
    expect((await walk(app, { tag: 'gift', status: 'backordered' }, 500)).map((r) => r.id)).toEqual(want((r) => r.id % 3 === 0 && r.status === 'backordered'));
    expect((await walk(app, { tag: 'gift', warehouse: null, promisedTo: '2026-12-03' }, 50)).map((r) => r.id)).toEqual(
      want((r) => r.id % 3 === 0 && !r.rare && r.promised !== null && r.promised <= '2026-12-03'),
    );
    // A bounded scan may end a page short, with a cursor to continue from.
    const first = await app.invoke('orders.list', { sort: 'promise', warehouse: 'EAST', status: 'delivered', limit: 50 });
    expect(first.rows.length).toBeLessThan(50);
    expect(first.nextAfter).not.toBeNull();
  });
});
