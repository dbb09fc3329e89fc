import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

/**
 * The story that started Shipshape: a flash sale. 50 concurrent clients post 5,000 signed orders
 * for one SKU with 300 units. Exactly 300 are reserved, the rest backordered, and the ledger and
 * reservations stay consistent. (Correctness only; timing lives in bench/orders.ts.)
 * Both ways the station server can commit webhook orders: on the order intake thread (the desktop
 * app and `shipshape serve`, which start background workers) and on the HTTP thread itself.
 */
describe.each([
  { where: 'on the order intake thread', workers: true },
  { where: 'on the HTTP thread', workers: false },
])('flash sale, orders committed $where', ({ workers }) => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let server: StationServer;
  beforeAll(async () => {
    app = await tempApp({ workers });
    server = await startStationServer(app, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await app.cleanup();
  });

  it('never oversells: 5,000 orders from 50 clients for 300 units', async () => {
    expect(app.services.orders.intakeOnThread).toBe(workers);
    await app.invoke('catalog.upsert', { sku: 'HYPE-1', name: 'Limited sneaker' });
    await app.invoke('stock.receive', { sku: 'HYPE-1', quantity: 300 });
    const channel = await app.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'flash_secret_1' });
    // Live screens hear of every order (from the intake thread, its events are re-published here).
    const announced = new Set<number>();
    const unsubscribe = app.events.subscribe((e) => {
      if (e.topic === 'orders.changed') announced.add((e.data as { id: number }).id);
    });
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
    unsubscribe();
    expect(statuses).toHaveLength(5000);
    expect(statuses.filter((s) => s === 'allocated')).toHaveLength(300);
    expect(statuses.filter((s) => s === 'backordered')).toHaveLength(4700);
    expect(announced.size).toBe(5000);
    const [level] = (await app.invoke('stock.list', { query: 'HYPE-1' })).rows;
    expect(level).toMatchObject({ onHand: 300, reserved: 300, available: 0 });
    expect(await app.services.system.check()).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});
