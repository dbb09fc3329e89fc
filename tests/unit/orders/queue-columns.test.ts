import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareColumn } from '../../../main/domain/orders/order-queries';
import type { MethodInput } from '../../../shared/api';
import type { ColumnCursor, OrderColumnSort, SortDirection } from '../../../shared/api/orders';
import { seedQueueOrders } from '../../helpers/queue-seed';
import { tempApp } from '../../helpers/temp-app';

type App = Awaited<ReturnType<typeof tempApp>>;
type ListInput = Omit<MethodInput<'orders.list'>, 'limit' | 'sort' | 'after' | 'before' | 'from' | 'direction'>;
interface Seeded {
  id: number;
  status: string;
  promised: string | null;
  total: number;
  placed: string;
  rare: boolean;
  gift: boolean;
}

const N = 8_000;
const STATES = ['delivered', 'allocated', 'backordered', 'new'] as const;
const state = (i: number) => STATES[i % 4];
// Values out of id order with many ties; 1 in 13 without a promised date; a rare warehouse and tag.
const total = (i: number) => ((i * 7919) % 97) * 100;
const placed = (i: number) => `2026-10-${String(1 + ((i * 31) % 28)).padStart(2, '0')}T10:00:00.000Z`;
const promised = (i: number) => (i % 13 === 0 ? null : `2026-12-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`);
const rare = (i: number) => i % 401 === 0;

const valueOf = (sort: OrderColumnSort, r: Seeded) => (sort === 'number' ? r.id : sort === 'total' ? r.total : sort === 'placed' ? r.placed : r.promised);
const expected = (rows: Seeded[], sort: OrderColumnSort, direction: SortDirection) =>
  rows
    .map((r) => ({ value: valueOf(sort, r), id: r.id }))
    .sort((a, b) => compareColumn(a, b, direction))
    .map((r) => r.id);

/** Follows `nextFrom` to the end (pages may be short where a bounded scan stopped); fails on a repeat. */
async function walk(app: App, filter: ListInput, sort: OrderColumnSort, direction: SortDirection, limit: number) {
  const seen: number[] = [];
  let from: ColumnCursor | undefined;
  for (let requests = 0; requests < 5000; requests++) {
    const page = await app.invoke('orders.list', { ...filter, sort, direction, limit, from });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...page.rows.map((r) => r.id));
    if (!page.nextFrom) {
      expect(new Set(seen).size).toBe(seen.length);
      return seen;
    }
    from = page.nextFrom;
  }
  throw new Error('paging did not end');
}

/** Sorting the queue by a column (a header click): Order, Total, Placed, Promised, each way, keyset-paged through every filter. */
describe('order queue sorted by a column', () => {
  let app: App;
  let rows: Seeded[] = [];

  beforeAll(async () => {
    app = await tempApp();
    await seedQueueOrders(app, N, (i) => ({ status: state(i), promised: promised(i), east: rare(i), tags: '', tagRows: [...(rare(i) ? ['rare'] : []), ...(i % 3 === 0 ? ['gift'] : [])], totalCents: total(i), placedAt: placed(i) }));
    rows = Array.from({ length: N }, (_, k) => {
      const i = k + 1;
      return { id: i, status: state(i), promised: promised(i), total: total(i), placed: placed(i), rare: rare(i), gift: i % 3 === 0 };
    });
  });
  afterAll(() => app.cleanup());

  it('orders the All tab and a state tab by each column, both ways, each order exactly once across pages', async () => {
    for (const sort of ['number', 'total', 'placed', 'promised'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        expect(await walk(app, {}, sort, direction, 500)).toEqual(expected(rows, sort, direction));
        expect(await walk(app, { status: 'backordered' }, sort, direction, 500)).toEqual(expected(rows.filter((r) => r.status === 'backordered'), sort, direction));
      }
    }
    // The first page is the top of the order: highest totals first when descending.
    const top = await app.invoke('orders.list', { sort: 'total', direction: 'desc', limit: 3 });
    expect(top.rows.map((r) => r.totalCents)).toEqual([9600, 9600, 9600]);
    expect(top.nextFrom).toEqual({ value: 9600, id: top.rows[2].id });
  });

  it('puts orders without a promised date last in both directions', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const ids = await walk(app, { status: 'new' }, 'promised', direction, 200);
      const dates = ids.map((id) => rows[id - 1].promised);
      const firstUndated = dates.indexOf(null);
      expect(firstUndated).toBeGreaterThan(0);
      expect(dates.slice(firstUndated).every((d) => d === null)).toBe(true);
    }
  });

  it('keeps every filter, through bounded and possibly short pages', async () => {
    const cases: [ListInput, (r: Seeded) => boolean][] = [
      [{ warehouse: 'EAST' }, (r) => r.rare],
      [{ warehouse: 'EAST', status: 'new' }, (r) => r.rare && r.status === 'new'],
      [{ tag: 'rare' }, (r) => r.rare],
      [{ tag: 'gift', status: 'allocated' }, (r) => r.gift && r.status === 'allocated'],
      [{ promisedTo: '2026-12-03' }, (r) => r.promised !== null && r.promised <= '2026-12-03'],
      [{ promisedFrom: '2026-12-27', status: 'delivered' }, (r) => r.promised !== null && r.promised >= '2026-12-27' && r.status === 'delivered'],
    ];
    for (const [filter, match] of cases) {
      for (const sort of ['total', 'promised'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          expect(await walk(app, filter, sort, direction, 50)).toEqual(expected(rows.filter(match), sort, direction));
        }
      }
    }
    // A rare filter ends a page short where the bounded scan stopped, with a cursor to go on.
    const first = await app.invoke('orders.list', { sort: 'total', warehouse: 'EAST', limit: 50 });
    expect(first.rows.length).toBeLessThan(50);
    expect(first.nextFrom).not.toBeNull();
  });

  it('searches in the column order: an exact order number and a customer-name prefix', async () => {
    expect((await app.invoke('orders.list', { sort: 'total', direction: 'desc', query: '#77' })).rows.map((r) => r.id)).toEqual([77]);
    expect((await app.invoke('orders.list', { sort: 'total', query: '77' })).rows.map((r) => r.id)).toEqual([77]);
    // Every seeded order is "Someone": a common prefix walks the column index with the name checked per row.
    expect(await walk(app, { query: 'some', status: 'new' }, 'placed', 'desc', 500)).toEqual(expected(rows.filter((r) => r.status === 'new'), 'placed', 'desc'));
  });

  it('refuses a cursor or direction that does not belong to the sort', async () => {
    await expect(app.invoke('orders.list', { sort: 'total', before: 5 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(app.invoke('orders.list', { sort: 'total', after: { promised: null, id: 5 } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(app.invoke('orders.list', { sort: 'newest', direction: 'asc' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(app.invoke('orders.list', { sort: 'promise', from: { value: null, id: 5 } })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
