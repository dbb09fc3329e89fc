import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import type { IncomingOrder } from '../../../main/domain/orders/intake/index';
import { tempDbPath } from '../../helpers/temp-app';

/**
 * Several processes on one database (two station servers on one PostgreSQL, or a second app on
 * the same SQLite file): orders for the same SKU taken by both at once never reserve more than
 * the stock. Each app takes half the orders through its webhook group commit, concurrently.
 */
const order = (n: number): IncomingOrder => ({
  channel: 'shopify',
  externalId: `O-${n}`,
  orderNumber: `#O${n}`,
  event: 'created',
  customer: { name: 'Ada Lovelace', email: null, phone: null },
  shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
  lines: [{ externalLineId: `O-${n}:1`, sku: 'DROP-1', name: 'Drop', quantity: 1 + (n % 3), unitPriceCents: 1000, discountCents: 0, taxCents: 0 }],
  shippingChargedCents: 0,
  currency: 'USD',
  paymentStatus: 'paid',
  shippingMethod: 'Standard',
  tags: [],
  note: null,
  placedAt: '2025-07-16T14:03:00.000Z',
  rawIdentifiers: { id: `O-${n}` },
});

describe('two apps on one database', () => {
  let tmp: ReturnType<typeof tempDbPath>;
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    tmp.cleanup();
  });

  it('never reserve more than the stock of a SKU both take orders for at once', async () => {
    tmp = tempDbPath();
    const first = await openApp({ dbPath: tmp.dbPath });
    apps.push(first);
    await first.invoke('catalog.upsert', { sku: 'DROP-1', name: 'Drop' });
    await first.invoke('stock.receive', { sku: 'DROP-1', quantity: 100 });
    await first.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'two_apps_secret' });
    const second = await openApp({ dbPath: tmp.dbPath });
    apps.push(second);
    const channelOf = async (app: App) => await app.services.orders.channels.row((await app.invoke('channels.list', {})).find((c) => c.name === 'Drop store')!.id);
    const [c1, c2] = [await channelOf(first), await channelOf(second)];

    // 120 orders of 1-3 units (240 units wanted) for 100 in stock, alternating between the apps.
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, n) => (n % 2 ? second.services.orders.ingestGrouped(c2, order(n), 'test') : first.services.orders.ingestGrouped(c1, order(n), 'test'))),
    );
    const wanted = (n: number) => 1 + (n % 3);
    const allocatedUnits = results.reduce((sum, r, n) => sum + (r.status === 'allocated' ? wanted(n) : 0), 0);
    expect(results.every((r) => r.status === 'allocated' || r.status === 'backordered')).toBe(true);
    expect(allocatedUnits).toBeLessThanOrEqual(100);
    // Stock left over only when no backordered order would have fitted in it.
    const smallestBackordered = Math.min(...results.flatMap((r, n) => (r.status === 'backordered' ? [wanted(n)] : [])));
    expect(100 - allocatedUnits).toBeLessThan(smallestBackordered);
    const [level] = (await first.invoke('stock.list', { query: 'DROP-1' })).rows;
    expect(level).toMatchObject({ onHand: 100, reserved: allocatedUnits, available: 100 - allocatedUnits });
    const reserved = await first.store.raw<{ n: number }>("select coalesce(sum(quantity), 0) as n from reservation where holder_type = 'order_line'");
    expect(reserved[0].n).toBe(allocatedUnits);
    expect(await first.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});
