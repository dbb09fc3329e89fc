import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import type { IncomingOrder } from '../../../main/domain/orders/intake/index';
import type { MethodInput } from '../../../shared/api';
import { seedQueueOrders } from '../../helpers/queue-seed';
import { tempApp } from '../../helpers/temp-app';

/**
 * The queue's warehouse, promise-date and tag filters: what each matches, how they combine with
 * the state tabs, channel and search, the tab counts under them, and keyset paging through them
 * (including pages cut short by the bounded scan at scale).
 */
describe('order queue filters', () => {
  const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
  let app: Awaited<ReturnType<typeof tempApp>>;
  const id: Record<string, number> = {};
  let splitChannel: number;

  const ship = (postalCode: string) => ({ name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'Town', regionCode: 'NY', postalCode, countryCode: 'US', phone: null, residential: null });
  async function order(key: string, skus: string[], tags: string[], promised: string | null, extra: Partial<MethodInput<'orders.create'>> = {}) {
    const o = await app.invoke('orders.create', {
      externalId: key,
      customer: { name: `Customer ${key}`, email: null, phone: null },
      shipTo: ship('10001'),
      lines: skus.map((sku) => ({ sku, quantity: 1 })),
      tags,
      ...extra,
    });
    // The promise comes from the channel rule and today's date; pin it so the date filters are exact.
    await app.store.raw('update sales_order set promised_date = ? where id = ?', promised, o.id);
    id[key] = o.id;
    return o;
  }
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  const list = async (input: MethodInput<'orders.list'>) => ids((await app.invoke('orders.list', input)).rows);

  beforeAll(async () => {
    app = await tempApp({ clock });
    await app.invoke('warehouses.upsert', { code: 'EAST', name: 'East', postalCode: '10001', country: 'US', latitude: 40.75, longitude: -73.99 });
    await app.invoke('warehouses.upsert', { code: 'WEST', name: 'West', postalCode: '94107', country: 'US', latitude: 37.77, longitude: -122.39 });
    for (const sku of ['X', 'Y', 'Z']) await app.invoke('catalog.upsert', { sku, name: `Item ${sku}`, priceCents: 1000 });
    await app.invoke('stock.receive', { sku: 'X', quantity: 50, warehouse: 'EAST' });
    await app.invoke('stock.receive', { sku: 'Y', quantity: 50, warehouse: 'WEST' });
    splitChannel = (await app.invoke('channels.upsert', { name: 'Split shop', kind: 'csv', allowSplit: true })).id;

    expect(await order('E1', ['X'], ['VIP', 'gift'], '2026-11-05')).toMatchObject({ status: 'allocated', warehouse: 'EAST' });
    expect(await order('W1', ['Y'], ['vipx'], '2026-11-06')).toMatchObject({ status: 'allocated', warehouse: 'WEST' });
    const split = await order('S1', ['X', 'Y'], [' vip '], '2026-11-09', { channel: splitChannel });
    expect(split).toMatchObject({ status: 'allocated', warehouse: null });
    expect(split.orderLines.map((l) => l.warehouse)).toEqual(['EAST', 'WEST']);
    expect(await order('B1', ['Z'], ['Wholesale', 'Vip'], '2026-11-04')).toMatchObject({ status: 'backordered', warehouse: null });
    await order('E2', ['X'], [], '2026-11-12');
    await order('H1', ['X'], ['vip'], '2026-11-03');
    await app.invoke('orders.hold', { id: id.H1, reason: 'address check' });
  });
  afterAll(() => app.cleanup());

  it('filters by allocated warehouse (split orders under each of theirs) and by "not allocated"', async () => {
    expect(await list({ warehouse: 'EAST' })).toEqual([id.E2, id.S1, id.E1]);
    expect(await list({ warehouse: 'west' })).toEqual([id.S1, id.W1]);
    expect(await list({ warehouse: null })).toEqual([id.H1, id.B1]);
    expect(await list({ warehouse: 'NOWHERE' })).toEqual([]);
    expect(await list({ warehouse: 'EAST', status: 'allocated', channel: splitChannel })).toEqual([id.S1]);
  });

  it('filters by promised date: on or before, on or after, a range', async () => {
    // "Overdue" on 2026-11-05 is promisedTo = the day before.
    expect(await list({ promisedTo: '2026-11-04' })).toEqual([id.H1, id.B1]);
    expect(await list({ promisedTo: '2026-11-05' })).toEqual([id.H1, id.B1, id.E1]);
    expect(await list({ promisedFrom: '2026-11-06', promisedTo: '2026-11-09' })).toEqual([id.S1, id.W1]);
    expect(await list({ promisedFrom: '2026-11-10' })).toEqual([id.E2]);
    expect(await list({ promisedTo: '2026-11-05', status: 'backordered' })).toEqual([id.B1]);
  });

  it('matches whole tags case-insensitively, never a substring', async () => {
    expect(await list({ tag: 'vip' })).toEqual([id.H1, id.B1, id.S1, id.E1]);
    expect(await list({ tag: ' VIP ' })).toEqual([id.H1, id.B1, id.S1, id.E1]);
    expect(await list({ tag: 'vipx' })).toEqual([id.W1]);
    expect(await list({ tag: 'vi' })).toEqual([]);
    expect(await list({ tag: 'wholesale', status: 'backordered' })).toEqual([id.B1]);
    expect(await app.invoke('orders.tags', {})).toEqual(['gift', 'vip', 'vipx', 'wholesale']);
  });

  it('combines filters with each other, the tabs and the search', async () => {
    expect(await list({ tag: 'vip', warehouse: 'EAST', status: 'allocated' })).toEqual([id.S1, id.E1]);
    expect(await list({ tag: 'vip', warehouse: 'EAST', promisedTo: '2026-11-05' })).toEqual([id.E1]);
    expect(await list({ tag: 'vip', query: 'Customer S' })).toEqual([id.S1]);
    expect(await list({ warehouse: 'WEST', query: 'W1' })).toEqual([id.W1]);
    expect(await list({ warehouse: 'EAST', query: 'W1' })).toEqual([]);
  });

  it('pages through a filter with the keyset cursor, never repeating or skipping', async () => {
    for (const filter of [{ tag: 'vip' }, { warehouse: 'EAST' }, { promisedTo: '2026-11-09' }, { warehouse: null }]) {
      const all = await list(filter);
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await app.invoke('orders.list', { ...filter, limit: 1, before });
        seen.push(...ids(page.rows));
        if (!page.nextBefore) break;
        before = page.nextBefore;
      }
      expect(seen).toEqual(all);
    }
  });

  it('counts open orders per state under the same filters', async () => {
    expect(await app.invoke('orders.counts', {})).toEqual({ allocated: 4, backordered: 1, on_hold: 1 });
    expect(await app.invoke('orders.counts', { tag: 'VIP' })).toEqual({ allocated: 2, backordered: 1, on_hold: 1 });
    expect(await app.invoke('orders.counts', { warehouse: 'WEST' })).toEqual({ allocated: 2 });
    expect(await app.invoke('orders.counts', { warehouse: null })).toEqual({ backordered: 1, on_hold: 1 });
    expect(await app.invoke('orders.counts', { promisedTo: '2026-11-05' })).toEqual({ allocated: 1, backordered: 1, on_hold: 1 });
    expect(await app.invoke('orders.counts', { channel: splitChannel })).toEqual({ allocated: 1 });
    expect(await app.invoke('orders.counts', { tag: 'vip', warehouse: 'EAST', promisedFrom: '2026-11-06' })).toEqual({ allocated: 1 });
    expect(await app.invoke('orders.counts', { warehouse: 'NOWHERE' })).toEqual({});
  });

  it('follows tag changes from the channel', async () => {
    const channel = await app.services.orders.channels.row(splitChannel);
    const incoming = (event: 'created' | 'updated', tags: string[]): IncomingOrder => ({
      channel: 'csv',
      externalId: 'T-1',
      orderNumber: 'T-1',
      event,
      customer: { name: 'Tag Changer', email: null, phone: null },
      shipTo: ship('10001'),
      lines: [{ externalLineId: 'T-1:1', sku: 'X', name: 'Item X', quantity: 1, unitPriceCents: 1000, discountCents: 0, taxCents: 0 }],
      shippingChargedCents: 0,
      currency: 'USD',
      paymentStatus: 'paid',
      shippingMethod: null,
      tags,
      note: null,
      placedAt: clock.now().toISOString(),
      rawIdentifiers: {},
    });
    const created = await app.services.orders.service.ingest(channel, incoming('created', ['Gift', 'rush']), 'test');
    expect(await list({ tag: 'rush' })).toEqual([created.orderId]);
    expect((await list({ tag: 'gift' }))[0]).toBe(created.orderId);
    await app.services.orders.service.ingest(channel, incoming('updated', ['GIFT', 'vip']), 'test');
    expect(await list({ tag: 'rush' })).toEqual([]);
    expect((await list({ tag: 'gift' }))[0]).toBe(created.orderId);
    expect((await list({ tag: 'vip' }))[0]).toBe(created.orderId);
    expect((await app.invoke('orders.get', { id: created.orderId })).tags).toEqual(['GIFT', 'vip']);
    expect(await app.store.raw('select tag from order_tag where order_id = ? order by tag', created.orderId)).toEqual([{ tag: 'gift' }, { tag: 'vip' }]);
  });
});

describe('order queue filters at scale', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  const N = 30_000;
  const matching = [7, 8, 15_000, 29_990];
  beforeAll(async () => {
    app = await tempApp();
    await seedQueueOrders(app, N, (i) => {
      const hit = matching.includes(i);
      return { status: i % 2 ? 'delivered' : 'allocated', promised: hit ? '2020-01-01' : '2027-01-01', east: hit, tags: hit ? 'rare' : '', tagRows: hit ? ['rare'] : [] };
    });
  });
  afterAll(() => app.cleanup());

  /** Follows nextBefore to the end; every request is bounded, so some pages may be short or empty. */
  async function all(filter: Omit<MethodInput<'orders.list'>, 'limit'>, limit = 2) {
    const seen: number[] = [];
    let before: number | undefined;
    for (let requests = 0; requests < 100; requests++) {
      const page = await app.invoke('orders.list', { ...filter, limit, before });
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextBefore) return seen;
      before = page.nextBefore;
    }
    throw new Error('paging did not end');
  }

  it('finds rare matches deep in the table through bounded pages, each exactly once', async () => {
    const desc = [...matching].reverse();
    // The newest 10,000 orders hold one match: a short page that says where to go on.
    const first = await app.invoke('orders.list', { warehouse: 'EAST', limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([29_990]);
    expect(first.nextBefore).toBeGreaterThan(15_000);
    expect(await all({ warehouse: 'EAST' })).toEqual(desc);
    expect(await all({ promisedTo: '2020-12-31' })).toEqual(desc);
    expect(await all({ tag: 'rare' })).toEqual(desc);
    expect(await all({ warehouse: 'EAST', status: 'allocated' })).toEqual(desc.filter((i) => i % 2 === 0));
    expect(await all({ tag: 'RARE', status: 'delivered', query: 'Some' })).toEqual(desc.filter((i) => i % 2 === 1));
    const unallocated = await all({ warehouse: null, status: 'allocated' }, 500);
    expect(unallocated).toHaveLength(N / 2 - 3);
    expect(new Set(unallocated).size).toBe(unallocated.length);
  });

  it('counts under a filter at scale', async () => {
    // A warehouse needs each order read: 15,000 allocated orders are counted over the newest 500, and say so.
    expect(await app.invoke('orders.counts', { warehouse: 'EAST' })).toEqual({ allocated: 1, capped: ['allocated'] });
    // A rare tag and a promise range are counted exactly, at any size.
    expect(await app.invoke('orders.counts', { tag: 'rare' })).toEqual({ allocated: 3 });
    expect(await app.invoke('orders.counts', { promisedTo: '2020-01-01' })).toEqual({ allocated: 3 });
  });
});
