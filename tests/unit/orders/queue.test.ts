import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempApp } from '../../helpers/temp-app';

/** The order queue's read side: keyset pages, tabs, channel filter, search by number, channel id or customer. */
describe('order queue', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  const ids: number[] = [];
  beforeAll(async () => {
    app = await tempApp();
    await app.invoke('catalog.upsert', { sku: 'Q-1', name: 'Queue item', priceCents: 500 });
    await app.invoke('stock.receive', { sku: 'Q-1', quantity: 3 });
    const names = ['Ada Lovelace', 'alan Turing', 'Grace Hopper', 'Ada Byron', 'Zed 100%_sure'];
    for (let i = 0; i < 12; i++) {
      const name = names[i % names.length];
      const o = await app.invoke('orders.create', {
        externalId: `EXT-${i}`,
        customer: { name, email: null, phone: null },
        shipTo: { name, company: null, line1: '1 St', line2: null, city: 'Town', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: null },
        lines: [{ sku: 'Q-1', quantity: 1 }],
      });
      ids.push(o.id);
    }
  });
  afterAll(() => app.cleanup());

  it('pages newest first with a keyset cursor, never repeating or skipping', async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await app.invoke('orders.list', { limit: 5, before });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by state, and counts open orders per state', async () => {
    const counts = await app.invoke('orders.counts', {});
    // 3 units in stock: three allocated, the rest backordered.
    expect(counts).toEqual({ allocated: 3, backordered: 9 });
    const allocated = await app.invoke('orders.list', { status: 'allocated' });
    expect(allocated.rows.map((r) => r.id)).toEqual(ids.slice(0, 3).reverse());
    await app.invoke('orders.cancel', { id: ids[0], reason: 'test' });
    // The cancelled order's unit goes to the oldest backordered order (the release runs just after the commit).
    await app.services.orders.backordersReleased();
    expect(await app.invoke('orders.counts', {})).toEqual({ allocated: 3, backordered: 8 });
  });

  it('finds an order by number (with or without #) or by the channel order id', async () => {
    const o = await app.invoke('orders.get', { id: ids[4] });
    expect((await app.invoke('orders.list', { query: o.number })).rows.map((r) => r.id)).toEqual([ids[4]]);
    expect((await app.invoke('orders.list', { query: 'EXT-7' })).rows.map((r) => r.id)).toEqual([ids[7]]);
    expect((await app.invoke('orders.list', { query: 'EXT-7', sort: 'promise' })).rows.map((r) => r.id)).toEqual([ids[7]]);
    expect((await app.invoke('orders.list', { query: 'EXT-7', channel: 999 })).rows).toEqual([]);
  });

  it('finds orders by customer-name prefix, case-insensitively, with wildcards taken literally', async () => {
    const ada = await app.invoke('orders.list', { query: 'ada' });
    expect(ada.rows.map((r) => r.customer)).toEqual(['Ada Lovelace', 'Ada Byron', 'Ada Lovelace', 'Ada Byron', 'Ada Lovelace']);
    expect((await app.invoke('orders.list', { query: 'ALAN' })).rows.map((r) => r.customer)).toEqual(['alan Turing', 'alan Turing', 'alan Turing']);
    expect((await app.invoke('orders.list', { query: 'Zed 100%_' })).rows).toHaveLength(2);
    expect((await app.invoke('orders.list', { query: 'Zed 1000' })).rows).toHaveLength(0);
    expect((await app.invoke('orders.list', { query: '%' })).rows).toHaveLength(0);
    // Search respects the other filters and the cursor.
    const page = await app.invoke('orders.list', { query: 'ada', limit: 2 });
    const next = await app.invoke('orders.list', { query: 'ada', limit: 2, before: page.nextBefore! });
    expect([...page.rows, ...next.rows].map((r) => r.id)).toEqual(ada.rows.slice(0, 4).map((r) => r.id));
    expect((await app.invoke('orders.list', { query: 'alan', status: 'allocated' })).rows.map((r) => r.customer)).toEqual(['alan Turing']);
  });
});
