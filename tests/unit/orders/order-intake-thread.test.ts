import { detached } from '../../../main/util/detached';
import { mapInOrder } from '../../../main/util/in-order';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncomingOrder } from '../../../main/domain/orders/intake/index';
import { OrderIntakeThread } from '../../../main/domain/orders/order-intake-thread';
import { startStationServer, type StationServer } from '../../../main/server/server';
import type { ChannelRow } from '../../../main/store/schema';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';
import { closeLogging, configureLogging } from '../../../main/logging/logger';

function logLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * The order intake thread (main/domain/orders/order-intake-thread.ts): in the desktop app and the
 * station server, webhook orders are committed by a worker thread with its own connection. What a
 * shop would notice if the hand-over were wrong: a lost or doubled order, a screen announcing an
 * order that is not there, a settings change the intake does not see, a shutdown that drops orders.
 */
const SECRET = 'shpss_thread_secret';
let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let channel: ChannelRow;

const order = (n: number, sku = 'TEE-1'): IncomingOrder => ({
  channel: 'shopify',
  externalId: `T-${n}`,
  orderNumber: `#T${n}`,
  event: 'created',
  customer: { name: 'Ada Lovelace', email: null, phone: null },
  shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
  lines: [{ externalLineId: `T-${n}:1`, sku, name: 'Tee', quantity: 1, unitPriceCents: 1000, discountCents: 0, taxCents: 0 }],
  shippingChargedCents: 0,
  currency: 'USD',
  paymentStatus: 'paid',
  shippingMethod: 'Standard',
  tags: [],
  note: null,
  placedAt: '2025-07-16T14:03:00.000Z',
  rawIdentifiers: { id: `T-${n}` },
});

beforeEach(async () => {
  app = await tempApp({ workers: true });
  server = await startStationServer(app, { port: 0 });
  await app.invoke('catalog.upsert', { sku: 'TEE-1', name: 'Tee' });
  await app.invoke('stock.receive', { sku: 'TEE-1', quantity: 1000 });
  const dto = await app.invoke('channels.upsert', { name: 'Thread Shopify', kind: 'shopify', secret: SECRET, promiseRules: { '*': 2 } });
  channel = await app.services.orders.channels.row(dto.id);
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

describe('order intake thread', () => {
  it('runs in an app with background workers, and an order it announces is already in the database', async () => {
    expect(app.services.orders.intakeOnThread).toBe(true);
    const seen: { id: number; found: boolean }[] = [];
    app.events.subscribe(detached('order-intake-thread.test event handler', async (e) => {
      if (e.topic !== 'orders.changed') return;
      const id = (e.data as { id: number }).id;
      // Read on this thread's own connection: only a committed order is visible here.
      seen.push({ id, found: (await app.store.raw('select id from sales_order where id = ?', id)).length === 1 });
    }));
    const res = await postShopifyWebhook(server.url, `/webhooks/shopify/${channel.webhook_key}`, shopifyOrderBody({ id: 4401, lines: [{ sku: 'TEE-1', quantity: 2 }] }), SECRET);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'created', status: 'allocated' });
    // The check runs when the event arrives (on PostgreSQL through the database, after the commit).
    await vi.waitFor(() => expect(seen).toEqual([{ id: res.body.orderId, found: true }]), { timeout: 10_000, interval: 20 });
    const stored = await app.invoke('orders.get', { id: res.body.orderId });
    expect(stored.lines).toMatchObject([{ sku: 'TEE-1', qty: 2 }]);
  });

  it('sees a shop calendar change made on the app thread for the next order', async () => {
    await app.invoke('calendar.update', { timeZone: 'America/New_York', orderCutoff: '10:00', closedDays: ['2025-07-18'] });
    // Placed Wednesday 16 July 2025 10:03 in New York: after the cut-off, Thursday is the order
    // day, Friday 18th is closed, two business days on is Tuesday 22nd.
    const first = await app.services.orders.ingestGrouped(channel, order(1), 'test');
    expect((await app.invoke('orders.get', { id: first.orderId })).promisedDate).toBe('2025-07-22');
    await app.invoke('calendar.update', { closedDays: [] });
    const second = await app.services.orders.ingestGrouped(channel, order(2), 'test');
    expect((await app.invoke('orders.get', { id: second.orderId })).promisedDate).toBe('2025-07-21');
  });

  it('an order that fails comes back as its error and takes nothing with it; the others of its group are kept', async () => {
    const ghost = { ...channel, id: 9999 }; // a channel that is not in the database: its order breaks a foreign key
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => app.services.orders.ingestGrouped(n === 3 ? ghost : channel, order(n), 'test')));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason.message)).toMatch(/FOREIGN KEY/i);
    expect((await app.store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBe(4);
    expect((await app.store.raw<{ n: number }>("select count(*) as n from sales_order where external_id = 'T-3'"))[0].n).toBe(0);
    expect(await app.services.system.check()).toMatchObject({ ok: true });
  });

  it('orders of two channels handed over in one batch are each filed under their own channel', async () => {
    const other = await app.services.orders.channels.row((await app.invoke('channels.upsert', { name: 'Thread Woo', kind: 'woocommerce', secret: 'wc_secret' })).id);
    const results = await Promise.all([1, 2, 3, 4].map((n) => app.services.orders.ingestGrouped(n % 2 ? channel : other, order(n), 'test')));
    const filed = await mapInOrder(results, async (r) => (await app.store.raw<{ channel_id: number }>('select channel_id from sales_order where id = ?', r.orderId))[0].channel_id);
    expect(filed).toEqual([channel.id, other.id, channel.id, other.id]);
  });

  it('a redelivery handed over twice in one batch makes one order', async () => {
    const results = await Promise.all([app.services.orders.ingestGrouped(channel, order(7), 'test'), app.services.orders.ingestGrouped(channel, order(7), 'test')]);
    // Either hand-over may be first (on PostgreSQL each runs in its own transaction, side by side).
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'duplicate']);
    expect(results[0].orderId).toBe(results[1].orderId);
  });

  it('stopping lets every order already handed over finish, durable and answered', async () => {
    const pending = Array.from({ length: 200 }, (_, n) => app.services.orders.ingestGrouped(channel, order(100 + n), 'test'));
    await app.services.orders.stopIntakeThread();
    expect(app.services.orders.intakeOnThread).toBe(false);
    const results = await Promise.all(pending);
    expect(new Set(results.map((r) => r.orderId)).size).toBe(200);
    expect((await app.store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBe(200);
    // Without the thread, webhook orders are committed on the app's own thread.
    const after = await app.services.orders.ingestGrouped(channel, order(999), 'test');
    expect(after.outcome).toBe('created');
  });

  it('a thread that cannot open the database does not start, and says why (in the log)', async () => {
    const log = configureLogging({ dir: path.join(app.dir, 'logs') });
    try {
      const thread = await OrderIntakeThread.start({ dbPath: `${app.dir}/missing/folder/shop.sqlite`, nativeBinding: null, checkpointsElsewhere: false }, app.events);
      expect(thread).toBeNull();
    } finally {
      closeLogging();
    }
    const line = logLines(log).find((l) => /no worker thread/.test(String(l.msg)));
    expect(line).toMatchObject({ level: 40, module: 'order-intake' });
    expect(String((line?.err as { message?: string })?.message)).toMatch(/unable to open database|directory does not exist/i);
  });

  it('a thread that dies with orders in hand fails those orders (the channel redelivers them), says so, and is restarted', async () => {
    const log = configureLogging({ dir: path.join(app.dir, 'logs') });
    const messages = () => logLines(log).map((l) => String(l.msg));
    try {
      const thread = (await OrderIntakeThread.start({ dbPath: app.store.engine === 'postgres' ? app.store.url : app.store.path, nativeBinding: null, checkpointsElsewhere: false }, app.events))!;
      const pending = Array.from({ length: 20 }, (_, n) => thread.ingest(channel, order(500 + n), 'test'));
      // What an out-of-memory crash or a native fault would do: the thread is gone.
      await (thread as unknown as { worker: import('node:worker_threads').Worker }).worker.terminate();
      const results = await Promise.allSettled(pending);
      expect(thread.running).toBe(false);
      // Every order is either answered (it was durable before the thread went) or failed, never lost in between.
      const answered = results.filter((r) => r.status === 'fulfilled').length;
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(answered + failed.length).toBe(20);
      expect(failed.every((r) => /order intake worker stopped/.test(String(r.reason)))).toBe(true);
      expect((await app.store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n).toBeGreaterThanOrEqual(answered);
      expect(messages().some((m) => /order intake thread stopped/.test(m))).toBe(true);
      await expect(thread.ingest(channel, order(999), 'test')).rejects.toThrow(/stopped/);
      // A second later a new worker takes the orders again.
      for (let waited = 0; !thread.running && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(thread.running).toBe(true);
      expect(logLines(log).find((l) => /order intake thread was restarted/.test(String(l.msg)))).toMatchObject({ restarts: 1 });
      await expect(thread.ingest(channel, order(999), 'test')).resolves.toMatchObject({ outcome: 'created', status: 'allocated' });
      await thread.close();
    } finally {
      closeLogging();
    }
  });
});
