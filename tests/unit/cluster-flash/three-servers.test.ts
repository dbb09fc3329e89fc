import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { shopifyOrderBody, signShopify } from '../../helpers/shopify';
import { onPostgres, tempDbPath } from '../../helpers/temp-app';

/**
 * Issue #20's concurrency acceptance: three sites' station servers on ONE PostgreSQL database take
 * a flash sale for the same SKU at once. Each server is its own App (its own pool, its own
 * in-memory state), as three `shipshape serve` processes would be; only the database is shared,
 * so the reservations must be oversell-proof in SQL (conditional updates under row locks), not in
 * any one process's memory. PostgreSQL only: a SQLite file is one machine's, not a cluster's.
 */
const SECRET = 'shpss_cluster_flash';
const UNITS = 300;
const ORDERS = 5_000;
const SKU = 'HYPE-1';

let apps: App[] = [];
let servers: StationServer[] = [];
let cleanupDb: (() => void) | undefined;

afterEach(async () => {
  for (const server of servers) await server.close();
  for (const app of apps) await app.close();
  cleanupDb?.();
  apps = [];
  servers = [];
  cleanupDb = undefined;
});

/** Posts every delivery over `perServer` keep-alive connections to each server, all servers at once. */
async function sale(urls: string[], deliveries: { server: number; path: string; body: string }[], perServer: number): Promise<{ status: number; body: string }[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: perServer * urls.length });
  const answers: { status: number; body: string }[] = [];
  const queues = urls.map((_, s) => deliveries.filter((d) => d.server === s));
  const worker = async (queue: typeof deliveries) => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const { path, body } = d;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          `${urls[d!.server]}${path}`,
          { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, SECRET) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      answers.push(answer);
    }
  };
  await Promise.all(queues.flatMap((queue) => Array.from({ length: perServer }, () => worker(queue))));
  agent.destroy();
  return answers;
}

describe.skipIf(!onPostgres)('three station servers on one PostgreSQL database', () => {
  it(`sell exactly ${UNITS} units of a SKU to ${ORDERS.toLocaleString('en')} concurrent orders, backorder the rest, and pass check`, async () => {
    const db = tempDbPath();
    cleanupDb = db.cleanup;
    for (let i = 0; i < 3; i++) apps.push(await openApp({ dbPath: db.dbPath }));
    const [first] = apps;
    await first.invoke('catalog.upsert', { sku: SKU, name: 'The drop', priceCents: 5000 });
    await first.invoke('stock.receive', { sku: SKU, quantity: UNITS });
    const channel = await first.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: SECRET });
    for (const app of apps) servers.push(await startStationServer(app, { port: 0 }));

    // Order i goes to server i % 3; each server takes its share over 8 connections, all at once.
    const deliveries = Array.from({ length: ORDERS }, (_, i) => ({ server: i % 3, path: channel.webhookPath, body: shopifyOrderBody({ id: 7_000_000 + i, lines: [{ sku: SKU, quantity: 1 }] }) }));
    // A few deliveries twice, to another server (Shopify retries; a retry may land on any site).
    for (let i = 0; i < 50; i++) deliveries.push({ ...deliveries[i * 97], server: (deliveries[i * 97].server + 1) % 3 });
    const answers = await sale(
      servers.map((s) => s.url),
      deliveries,
      8,
    );

    // Every delivery answered 200, a retry that races its first delivery on another server included
    // (soft: the stock and order checks below still say what happened if it fails).
    expect.soft(answers.filter((a) => a.status !== 200)).toEqual([]);
    const stored = await first.store.raw<{ status: string; orders: number; units: number }>(
      `select o.status, count(*) as orders, sum(l.quantity) as units from sales_order o join order_line l on l.order_id = o.id where l.sku = ? group by o.status order by o.status`,
      SKU,
    );
    // Every order stored once: 5,000 orders, the 50 retries recognised as duplicates on whichever server they hit.
    expect(stored.reduce((n, r) => n + r.orders, 0)).toBe(ORDERS);
    const duplicates = await first.store.raw<{ external_id: string }>('select external_id from sales_order group by channel_id, external_id having count(*) > 1');
    expect(duplicates).toEqual([]);
    expect(Object.fromEntries(stored.map((r) => [r.status, r.units]))).toEqual({ allocated: UNITS, backordered: ORDERS - UNITS });

    // The stock side agrees: 300 units reserved by 300 live order lines, none sellable, nothing negative.
    const [level] = await first.store.raw<{ on_hand: number; reserved: number; sellable: number }>(
      'select sum(b.on_hand) as on_hand, sum(b.reserved) as reserved, sum(b.on_hand - b.reserved) as sellable from stock_balance b join product p on p.id = b.product_id where p.sku = ?',
      SKU,
    );
    expect(level).toEqual({ on_hand: UNITS, reserved: UNITS, sellable: 0 });
    const [reservations] = await first.store.raw<{ n: number; units: number }>(
      "select count(distinct r.holder_id) as n, sum(r.quantity) as units from reservation r join product p on p.id = r.product_id where p.sku = ? and r.holder_type = 'order_line'",
      SKU,
    );
    expect(reservations).toEqual({ n: UNITS, units: UNITS });

    // Every server sees the same truth, and the invariant checks (`shipshape check`) pass on it.
    for (const app of apps) {
      const report = await app.services.system.check();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    }
  }, 600_000);
});
