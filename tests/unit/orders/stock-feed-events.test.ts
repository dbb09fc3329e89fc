import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../shared/api/contract';
import type { StockFeedChange } from '../../../main/domain/orders/stock-feed';
import { startStationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

/**
 * The channel stock feed as events (`stockFeed.changed`): every reservation, release or stock
 * movement publishes what each channel should now show, so whatever pushes stock to the
 * storefronts needs no polling.
 */
let app: Awaited<ReturnType<typeof tempApp>>;
afterEach(() => app.cleanup());

const SHIP_TO = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true };

/** Collects the feed events published from now on; `next()` waits for the turn after the current unit of work. */
function feedEvents() {
  const seen: StockFeedChange[] = [];
  const stop = app.events.subscribe((e: AppEvent) => {
    if (e.topic === 'stockFeed.changed') seen.push(e.data as StockFeedChange);
  });
  return {
    /**
     * The events published since the last take, once they are what `expected` says (the feed is
     * recomputed after the commit; on PostgreSQL the events of a unit of work arrive through the
     * database after it commits), or the last one is `until`'s.
     */
    async take(expected?: unknown[], until?: (c: StockFeedChange) => boolean): Promise<StockFeedChange[]> {
      await vi.waitFor(
        async () => {
          await app.services.orders.stockFeedPublished();
          await app.services.orders.backordersReleased();
          await app.services.orders.stockFeedPublished();
          if (expected) expect(figures(seen)).toEqual(expected);
          if (until) expect(seen.some(until)).toBe(true);
        },
        { timeout: 10_000, interval: 20 },
      );
      return seen.splice(0);
    },
    stop,
  };
}
const figures = (changes: StockFeedChange[]) => changes.map((c) => [c.sku, c.available, ...c.channels.map((ch) => `${ch.channel}=${ch.exportQuantity}`)]);

describe('stock feed events', () => {
  it('a reservation, a release and a receipt each publish what every channel should now show, kits included', async () => {
    app = await tempApp();
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    await app.invoke('catalog.upsert', { sku: 'LID', name: 'Lid' });
    await app.invoke('catalog.upsert', { sku: 'SET', name: 'Mug and lid', components: [{ sku: 'MUG', quantity: 1 }, { sku: 'LID', quantity: 1 }] });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 10 });
    await app.invoke('stock.receive', { sku: 'LID', quantity: 4 });
    await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_feed_secret', safetyBuffer: 2, maxExportQty: 5 });
    await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: 'wc_feed_secret' });
    const feed = feedEvents();
    await feed.take(); // the receipts' own figures, if any are still to come

    const order = await app.invoke('orders.create', { customer: { name: 'Ada Lovelace', email: null, phone: null }, shipTo: SHIP_TO, lines: [{ sku: 'MUG', quantity: 3 }] });
    expect(order.status).toBe('allocated');
    // MUG: 10 − 3 reserved = 7; Shopify shows 7 − 2, capped at 5; the set is limited by its 4 lids.
    // (Creating an order by hand made the "Manual orders" channel; it has a feed like any other.)
    const reserved = [
      ['MUG', 7, 'Shopify=5', 'Woo=7', 'Manual orders=7'],
      ['SET', 4, 'Shopify=2', 'Woo=4', 'Manual orders=4'],
    ];
    expect(figures(await feed.take(reserved))).toEqual(reserved);

    await app.invoke('orders.cancel', { id: order.id, reason: 'customer changed their mind' });
    // Shopify's figure is unchanged (capped at 5), Woo's moved: one event for the SKU.
    const released = [['MUG', 10, 'Shopify=5', 'Woo=10', 'Manual orders=10']];
    expect(figures(await feed.take(released))).toEqual(released);

    await app.invoke('stock.receive', { sku: 'LID', quantity: 6 });
    const received = [
      ['LID', 10, 'Shopify=5', 'Woo=10', 'Manual orders=10'],
      ['SET', 10, 'Shopify=5', 'Woo=10', 'Manual orders=10'],
    ];
    expect(figures(await feed.take(received))).toEqual(received);
    // The same figures published by `stockFeed.list`.
    const listed = await app.invoke('stockFeed.list', { channel: 2 });
    expect(listed.map((r) => [r.sku, r.exportQuantity])).toEqual([
      ['LID', 10],
      ['MUG', 10],
      ['SET', 10],
    ]);
    feed.stop();
  });

  it('orders committed on the intake thread publish the feed on the app, once each order is in', async () => {
    app = await tempApp({ workers: true });
    const server = await startStationServer(app, { port: 0 });
    try {
      await app.invoke('catalog.upsert', { sku: 'HYPE-1', name: 'Limited sneaker' });
      const channel = await app.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'shpss_drop', safetyBuffer: 1 });
      // Listening from before the receipt: an audited call answers only after its audit row is on
      // disk, by which time the receipt's figure may already have been published.
      const feed = feedEvents();
      await app.invoke('stock.receive', { sku: 'HYPE-1', quantity: 5 });
      const receipt = [['HYPE-1', 5, 'Drop store=4']];
      expect(figures(await feed.take(receipt))).toEqual(receipt);
      const res = await postShopifyWebhook(server.url, channel.webhookPath, shopifyOrderBody({ id: 7001, lines: [{ sku: 'HYPE-1', quantity: 2 }] }), 'shpss_drop');
      expect(res.body).toMatchObject({ outcome: 'created', status: 'allocated' });
      expect(app.services.orders.intakeOnThread).toBe(true);
      const reserved = [['HYPE-1', 3, 'Drop store=2']];
      expect(figures(await feed.take(reserved))).toEqual(reserved);
      feed.stop();
    } finally {
      await server.close();
    }
  });
});
