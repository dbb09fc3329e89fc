import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeThread } from '../../../main/domain/orders/intake-thread';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

/**
 * The story that started Shipshape: a flash sale. 50 concurrent clients post 5,000 signed orders
 * for one SKU with 300 units. Exactly 300 are reserved, the rest backordered, and the ledger and
 * reservations stay consistent. (Correctness only; timing lives in bench/orders.ts.)
 */
describe('flash sale', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let server: StationServer;
  beforeAll(async () => {
    app = await tempApp();
    server = await startStationServer(app, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await app.cleanup();
  });

  it('never oversells: 5,000 orders from 50 clients for 300 units', async () => {
    await app.invoke('catalog.upsert', { sku: 'HYPE-1', name: 'Limited sneaker' });
    await app.invoke('stock.receive', { sku: 'HYPE-1', quantity: 300 });
    const channel = await app.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'flash_secret_1' });
    let next = 0;
    const statuses: string[] = [];
    const client = async () => {
      while (next < 5000) {
        const n = next++;
        const res = await postShopifyWebhook(server.url, channel.webhookPath, shopifyOrderBody({ id: 900000 + n, lines: [{ sku: 'HYPE-1', quantity: 1 }] }), 'flash_secret_1');
        expect(res.status).toBe(200);
        statuses.push(res.body.status);
      }
    };
    await Promise.all(Array.from({ length: 50 }, client));
    expect(statuses).toHaveLength(5000);
    expect(statuses.filter((s) => s === 'allocated')).toHaveLength(300);
    expect(statuses.filter((s) => s === 'backordered')).toHaveLength(4700);
    const [level] = (await app.invoke('stock.list', { query: 'HYPE-1' })).rows;
    expect(level).toMatchObject({ onHand: 300, reserved: 300, available: 0 });
    expect(app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});

/**
 * The same sale with webhook intake on its own thread and connection (how `shipshape serve` runs
 * it): still exactly the stock on hand is sold, answers arrive after the commit, and the thread's
 * events reach this thread's event bus (the live queue listens there).
 */
describe('flash sale through the intake thread', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let server: StationServer;
  let thread: IntakeThread | null;
  beforeAll(async () => {
    app = await tempApp();
    thread = await IntakeThread.start(app);
    app.services.orders.useIntakeThread(thread);
    server = await startStationServer(app, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    app.services.orders.useIntakeThread(null);
    await thread?.stop();
    await app.cleanup();
  });

  it('sells exactly the 120 units on hand to 1,000 orders from 50 clients', async () => {
    expect(thread).not.toBeNull();
    await app.invoke('catalog.upsert', { sku: 'DROP-2', name: 'Limited hoodie' });
    await app.invoke('stock.receive', { sku: 'DROP-2', quantity: 120 });
    const channel = await app.invoke('channels.upsert', { name: 'Drop store 2', kind: 'shopify', secret: 'flash_secret_2' });
    const changed = new Set<number>();
    const unsubscribe = app.events.subscribe((e) => e.topic === 'orders.changed' && changed.add((e.data as { id: number }).id));
    let next = 0;
    const statuses: string[] = [];
    const client = async () => {
      while (next < 1000) {
        const n = next++;
        const res = await postShopifyWebhook(server.url, channel.webhookPath, shopifyOrderBody({ id: 700000 + n, lines: [{ sku: 'DROP-2', quantity: 1 }] }), 'flash_secret_2');
        expect(res.status).toBe(200);
        statuses.push(res.body.status);
      }
    };
    await Promise.all(Array.from({ length: 50 }, client));
    unsubscribe();
    expect(statuses.filter((s) => s === 'allocated')).toHaveLength(120);
    expect(statuses.filter((s) => s === 'backordered')).toHaveLength(880);
    // Written by the other connection, visible here: every answered order is committed.
    const [level] = (await app.invoke('stock.list', { query: 'DROP-2' })).rows;
    expect(level).toMatchObject({ onHand: 120, reserved: 120, available: 0 });
    expect(changed.size).toBe(1000);
    // A redelivery through the thread is recognised as the same order.
    const again = await postShopifyWebhook(server.url, channel.webhookPath, shopifyOrderBody({ id: 700000, lines: [{ sku: 'DROP-2', quantity: 1 }] }), 'flash_secret_2');
    expect(again.body.outcome).toBe('duplicate');
    expect(app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});
