import { afterEach, describe, expect, it } from 'vitest';
import { connectedShopify, connectedWoo, orderOf, syncShop, type SyncApp } from './sync-setup';

let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

/** Lets the stock recompute (after each commit, once per turn of the event loop) run. */
const settle = () => new Promise((r) => setImmediate(r));

async function orderFromStore(channelId: number, store: { sell: (l: { sku: string; quantity: number }[], o?: { skipWebhook?: boolean }) => Promise<{ externalId: string } | null> }, lines: { sku: string; quantity: number }[]) {
  const sold = await store.sell(lines, { skipWebhook: true });
  await app.invoke('sync.run', {});
  return { externalId: sold!.externalId, orderId: (await orderOf(app, channelId, sold!.externalId))!.id };
}

describe('fulfilments out', () => {
  it('a shipment tells Shopify: fulfilled with the carrier and no made-up tracking number (the label was not bought); the order shows "sent"; a void cancels it', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const { externalId, orderId } = await orderFromStore(channelId, store, [{ sku: 'MUG', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId });
    // No postage account: the label carries an internal reference, which is never sent as tracking.
    expect(shipment.labelKind).toBe('reference');
    // Queued in the shipment's own transaction, before anything is sent.
    expect((await app.invoke('sync.fulfilments', { orderId }))[0]).toMatchObject({ state: 'pending', platform: 'shopify' });
    expect(store.fulfilmentsOf(externalId)).toEqual([]);

    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].sent.fulfilments).toBe(1);
    expect(store.fulfilmentsOf(externalId)).toMatchObject([{ status: 'success', trackingNumber: null, carrier: 'USPS', lines: [{ sku: 'MUG', quantity: 1 }] }]);
    expect(store.orderStatus(externalId)).toBe('FULFILLED');
    const sync = (await app.invoke('sync.fulfilments', { orderId }))[0];
    expect(sync.state).toBe('sent');
    expect(sync.sentAt).not.toBeNull();

    await app.invoke('shipping.void', { id: shipment.id, reason: 'wrong box' });
    await app.invoke('sync.run', {});
    expect(store.fulfilmentsOf(externalId)).toMatchObject([{ status: 'cancelled', trackingNumber: null }]);
    expect((await app.invoke('sync.fulfilments', { orderId }))[0].state).toBe('cancelled');
  });

  it('a partial shipment is a partial fulfilment; the rest completes it', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const { externalId, orderId } = await orderFromStore(channelId, store, [
      { sku: 'MUG', quantity: 1 },
      { sku: 'TEE', quantity: 2 },
    ]);
    const lines = await app.store.raw<{ id: number; sku: string }>('select id, sku from order_line where order_id = ? order by id', orderId);
    await app.invoke('shipping.ship', { orderId, packages: [{ lines: [{ lineId: lines[0].id, quantity: 1 }] }] });
    await app.invoke('sync.run', {});
    expect(store.orderStatus(externalId)).toBe('PARTIALLY_FULFILLED');
    expect(store.fulfilmentsOf(externalId)).toMatchObject([{ lines: [{ sku: 'MUG', quantity: 1 }] }]);
    await app.invoke('shipping.ship', { orderId });
    await app.invoke('sync.run', {});
    expect(store.orderStatus(externalId)).toBe('FULFILLED');
    expect(store.fulfilmentsOf(externalId)).toHaveLength(2);
  });

  it('WooCommerce: the shipped order is completed with a note; a label that is not postage sends no tracking number', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    const { externalId, orderId } = await orderFromStore(channelId, store, [{ sku: 'TEE', quantity: 1 }]);
    const shipment = await app.invoke('shipping.ship', { orderId });
    await app.invoke('sync.run', {});
    expect(store.orderStatus(externalId)).toBe('completed');
    expect(shipment.labelKind).toBe('reference');
    expect(store.fulfilmentsOf(externalId)[0].trackingNumber).toBeNull();
    expect(JSON.stringify(store.fulfilmentsOf(externalId))).not.toContain(shipment.packages[0].trackingNumber!);
  });

  it('5xx, a timeout-like outage and throttling are retried with backoff; nothing is sent twice', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const { externalId, orderId } = await orderFromStore(channelId, store, [{ sku: 'MUG', quantity: 1 }]);
    await app.invoke('shipping.ship', { orderId });
    for (const failure of [{ kind: 'http', status: 503 }, { kind: 'outage' }, { kind: 'throttle', times: 1 }] as const) {
      store.fail(failure);
      const run = await app.invoke('sync.run', {});
      expect(run.channels[0].sent.retried).toBeGreaterThan(0);
      const row = (await app.store.raw<{ attempts: number; next_attempt_at: string; last_error: string }>("select attempts, next_attempt_at, last_error from sync_outbox where kind = 'fulfilment'"))[0];
      expect(row.last_error).toBeTruthy();
      // Not due again until its backoff has passed.
      expect(row.next_attempt_at >= app.clock.now().toISOString()).toBe(true);
      expect((await app.invoke('sync.fulfilments', { orderId }))[0]).toMatchObject({ state: 'pending' });
      store.fail(null);
      if (failure.kind === 'throttle') {
        // THROTTLED left the store's cost bucket empty; it refills in real time (50 points/s), and the
        // row waits exactly the time the connector worked out from throttleStatus.
        const waitMs = Date.parse(row.next_attempt_at) - app.clock.now().getTime();
        expect(waitMs).toBeGreaterThan(0);
        await new Promise((r) => setTimeout(r, waitMs + 100));
      }
      app.clock.advance(10 * 60_000);
    }
    const last = await app.invoke('sync.run', {});
    expect(last.channels[0].sent.fulfilments).toBe(1);
    expect(store.fulfilmentsOf(externalId)).toHaveLength(1);
    expect((await app.invoke('sync.fulfilments', { orderId }))[0].state).toBe('sent');
  });

  it('when the store answers again after an outage, what waited out a backoff goes at once, not minutes later', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const first = await orderFromStore(channelId, store, [{ sku: 'MUG', quantity: 1 }]);
    const second = await orderFromStore(channelId, store, [{ sku: 'TEE', quantity: 1 }]);
    await app.invoke('shipping.ship', { orderId: first.orderId });
    store.fail({ kind: 'outage' });
    for (let i = 0; i < 4; i++) await app.invoke('sync.run', {}); // the backoff grows with each failed attempt
    const waiting = (await app.store.raw<{ next_attempt_at: string }>("select next_attempt_at from sync_outbox where kind = 'fulfilment' and state = 'pending'"))[0];
    expect(Date.parse(waiting.next_attempt_at)).toBeGreaterThan(app.clock.now().getTime());
    store.fail(null);
    // Something new gets through (the second order's shipment, due at once)...
    await app.invoke('shipping.ship', { orderId: second.orderId });
    await app.invoke('sync.run', {});
    expect(store.fulfilmentsOf(second.externalId)).toHaveLength(1);
    // ...and the first order's fulfilment, still inside its backoff, is due now: the next pass sends it.
    await app.invoke('sync.run', {});
    expect(store.fulfilmentsOf(first.externalId)).toMatchObject([{ status: 'success' }]);
  });
});

describe('stock out', () => {
  it('a burst of 50 adjustments to one SKU is one pending row and one API call with the final figure', async () => {
    app = await syncShop();
    const { store } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    expect(store.stockOf('MUG')).toBe(100);
    for (let i = 0; i < 50; i++) {
      await app.invoke('stock.adjust', { sku: 'MUG', delta: -1, warehouse: 'MAIN', reason: 'count' });
      await settle();
    }
    expect(await app.store.raw("select count(*) as n from sync_outbox where state = 'pending' and kind = 'stock'")).toEqual([{ n: 1 }]);
    const calls = store.requests.length;
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].sent.stockCalls).toBe(1);
    expect(store.stockOf('MUG')).toBe(50);
    // The pull and the one stock call (plus nothing else).
    expect(store.requests.length - calls).toBeLessThanOrEqual(3);
  });

  it('compare-and-set: a storefront sale made meanwhile is kept, not overwritten', async () => {
    app = await syncShop();
    const { store } = await connectedShopify(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    // Both sides at 100. The storefront sells 4 (its webhook has not arrived), and we adjust −10.
    await store.sell([{ sku: 'MUG', quantity: 4 }], { skipWebhook: true });
    expect(store.stockOf('MUG')).toBe(96);
    await app.invoke('stock.adjust', { sku: 'MUG', delta: -10, warehouse: 'MAIN', reason: 'damaged' });
    await settle();
    // Drain only (no pull yet): our figure 90, last pushed 100, store 96 → 90 − 4 = 86.
    await app.services.channelSync.runner.drain();
    expect(store.stockOf('MUG')).toBe(86);
    // The sale then arrives (the pull): 100 − 10 − 4 reserved = 86, already what the store shows.
    await app.invoke('sync.run', {});
    expect(store.stockOf('MUG')).toBe(86);
    expect(await app.store.raw("select count(*) as n from sync_outbox where state = 'pending'")).toEqual([{ n: 0 }]);
  });

  it('WooCommerce: stock_quantity set through the batch endpoint; 429 with Retry-After is honoured', async () => {
    app = await syncShop();
    const { store } = await connectedWoo(app);
    closers.push(() => store.close());
    await app.invoke('stock.adjust', { sku: 'TEE', delta: -7, warehouse: 'MAIN', reason: 'count' });
    await settle();
    store.fail({ kind: 'http', status: 429, times: 1 });
    // The 429 meets the pull first (reported; the pull runs again next pass); the figure still gets through.
    await app.invoke('sync.run', {});
    const row = await app.store.raw<{ next_attempt_at: string; last_error: string | null }>("select next_attempt_at, last_error from sync_outbox where state = 'pending'");
    if (row.length) {
      app.clock.advance(10 * 60_000);
      await app.invoke('sync.run', {});
    }
    expect(store.stockOf('TEE')).toBe(93);
  });
});
