// postgres: Shipshape on PostgreSQL (issue #20), on a throwaway local server this bench starts
// (tests/helpers/postgres.ts, with PostgreSQL's durable defaults: fsync on, synchronous_commit=on).
//   pg_allocation_orders_per_s       — orders through the real OrderService.ingest on PostgreSQL, one
//                                      transaction per order (the path bench/orders.ts measures on SQLite).
//   pg_allocation_raw_baseline_per_s — the same minimal work on raw `pg` prepared statements: one
//                                      conditional stock update + inserts for order, line and
//                                      reservation, one transaction (one commit, one WAL flush) per order.
//   pg_allocation_ratio_vs_raw       — the two above, measured interleaved in the same run (min 0.7).
//   pg_flash_sale_*                  — three station servers (`shipshape serve`, one process each, as
//                                      three sites run them) on ONE database; 50 concurrent clients
//                                      spread over them post signed Shopify webhooks for one SKU with
//                                      300 units. oversold = units allocated beyond on-hand, plus a
//                                      failed `check` (must be 0); p99 ≤ 100 ms.
//   pg_order_queue_page_p95_ms       — `orders.list` over HTTP with 1,000,000 orders (seeded in SQL
//                                      with generate_series): first pages, tabs, channel, deep keyset
//                                      pages, searches, warehouse / promise / tag filters, sorts (≤ 30).
// Env: BENCH_PG_ONLY=allocation|sale|queue (one part alone), BENCH_PG_ORDERS_N (allocation orders,
//      default 2000), BENCH_PG_FLASH_N (default 3000), BENCH_PG_FLASH_WARM (warm-up orders, default 3000),
//      BENCH_PG_QUEUE_ORDERS (default 1,000,000), BENCH_PG_SERVERS_INPROCESS=1 (the three servers in
//      this process, for --cpu-prof).
import http from 'node:http';
import pg from 'pg';
import { openApp, type App } from '../main/app';
import type { IncomingOrder } from '../main/domain/orders/intake/index';
import { startStationServer } from '../main/server/server';
import { startPostgres } from '../tests/helpers/postgres';
import { shopifyOrderBody, signShopify } from '../tests/helpers/shopify';
import { percentile, report, spawnServe } from './_harness';
import { LoadClients, serialiseRequests, type LoadResult } from './_http-load';
import { seedPostgresQueue, queueQueries } from './_postgres-queue';

const ALLOC_N = Number(process.env.BENCH_PG_ORDERS_N ?? 2000);
const FLASH_N = Number(process.env.BENCH_PG_FLASH_N ?? 3000);
const FLASH_WARM = Number(process.env.BENCH_PG_FLASH_WARM ?? 3000);
const QUEUE_N = Number(process.env.BENCH_PG_QUEUE_ORDERS ?? 1_000_000);
const ONLY = process.env.BENCH_PG_ONLY;
if (ONLY && !['allocation', 'sale', 'queue'].includes(ONLY)) throw new Error('BENCH_PG_ONLY can only be "allocation", "sale" or "queue"');
const SKUS = ['BEN-A', 'BEN-B', 'BEN-C', 'BEN-D', 'BEN-E', 'BEN-F', 'BEN-G', 'BEN-H'];
const ADDRESS = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true };

const server = await startPostgres('bench', { durable: true });
process.on('uncaughtException', (err) => {
  console.error(err);
  void server.stop().then(() => process.exit(1));
});

async function shopWithStock(app: App, skus: string[], quantity: number) {
  for (const sku of skus) {
    await app.invoke('catalog.upsert', { sku, name: `Bench ${sku}`, priceCents: 1000 });
    await app.invoke('stock.receive', { sku, quantity });
  }
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** The real `shipshape serve` in a child process, or in this process for profiling. */
async function startServer(dbPath: string): Promise<Server> {
  if (process.env.BENCH_PG_SERVERS_INPROCESS === '1') {
    const app = await openApp({ dbPath });
    const station = await startStationServer(app, { port: 0 });
    return { url: station.url, stop: async () => (await station.close(), await app.close()) };
  }
  return spawnServe(dbPath);
}

try {
  // -------------------------------------------------------------- allocation vs raw pg
  if (!ONLY || ONLY === 'allocation') {
    const app = await openApp({ dbPath: server.createDatabase('alloc') });
    await shopWithStock(app, SKUS, 10_000_000);
    const channelDto = await app.invoke('channels.upsert', { name: 'Bench', kind: 'csv' });
    const channel = await app.services.orders.channels.row(channelDto.id);
    const incoming = (n: number): IncomingOrder => ({
      channel: 'csv',
      externalId: `B-${n}`,
      orderNumber: `B-${n}`,
      event: 'created',
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
      shipTo: ADDRESS,
      lines: [{ externalLineId: `B-${n}:1`, sku: SKUS[n % SKUS.length], name: 'Bench item', quantity: 1 + (n % 3), unitPriceCents: 1000, discountCents: 0, taxCents: 0 }],
      shippingChargedCents: 500,
      currency: 'USD',
      paymentStatus: 'paid',
      shippingMethod: 'Standard',
      tags: [],
      note: null,
      placedAt: '2026-11-02T10:00:00.000Z',
      rawIdentifiers: { id: `B-${n}` },
    });

    // The raw baseline: its own database, migrated and stocked the same way, then plain `pg`
    // named (server-side prepared) statements on one connection.
    const rawUrl = server.createDatabase('raw');
    const rawApp = await openApp({ dbPath: rawUrl });
    await shopWithStock(rawApp, SKUS, 10_000_000);
    await rawApp.invoke('channels.upsert', { name: 'Bench', kind: 'csv' });
    await rawApp.close();
    const client = new pg.Client({ connectionString: rawUrl });
    await client.connect();
    const balanceOf: { id: number; product_id: number; warehouse_id: number }[] = [];
    for (const sku of SKUS) {
      const r = await client.query('select b.id, b.product_id, b.warehouse_id from stock_balance b join product p on p.id = b.product_id where p.sku = $1', [sku]);
      balanceOf.push(r.rows[0]);
    }
    const rawOrder = async (n: number) => {
      const b = balanceOf[n % SKUS.length];
      const qty = 1 + (n % 3);
      const now = new Date().toISOString();
      await client.query('begin');
      try {
        const reserved = await client.query({ name: 'reserve', text: 'update stock_balance set reserved = reserved + $1 where id = $2 and on_hand - reserved >= $1', values: [qty, b.id] });
        if (reserved.rowCount !== 1) throw new Error('out of stock');
        const order = await client.query({
          name: 'order',
          text: "insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, $1, $1, 'allocated', $2, 'USD', $3, $4, $5, $5, $5) returning id",
          values: [`R-${n}`, 'Ada Lovelace', 1000 * qty, 1000 * qty + 500, now],
        });
        const line = await client.query({
          name: 'line',
          text: 'insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, warehouse_id) values ($1, 1, $2, $3, $4, $5, $6, $7) returning id',
          values: [order.rows[0].id, SKUS[n % SKUS.length], b.product_id, 'Bench item', qty, 1000, b.warehouse_id],
        });
        await client.query({
          name: 'reservation',
          text: "insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) values ($1, $2, $3, $4, 'order_line', $5, $6)",
          values: [b.id, b.product_id, b.warehouse_id, qty, line.rows[0].id, now],
        });
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw err;
      }
    };

    const service = app.services.orders.service;
    let next = 0;
    let rawNext = 0;
    const runService = async (count: number) => {
      const t = performance.now();
      for (let i = 0; i < count; i++) {
        const r = await service.ingest(channel, incoming(next++), 'bench');
        if (r.status !== 'allocated') throw new Error(`order ${next} ${r.status}`);
      }
      // The background work the orders started (stock-feed recompute, backorder pass) is part of
      // their cost: counted here, not left running into the raw baseline's round.
      await app.services.orders.stockFeedPublished();
      await app.services.orders.backordersReleased();
      return performance.now() - t;
    };
    const runRaw = async (count: number) => {
      const t = performance.now();
      for (let i = 0; i < count; i++) await rawOrder(rawNext++);
      return performance.now() - t;
    };
    await runService(Math.min(500, ALLOC_N)); // warm-up: JIT, the pool's connections, statement plans
    await runRaw(Math.min(500, ALLOC_N));
    const rounds = 8;
    let serviceMs = 0;
    let rawMs = 0;
    // Interleaved rounds, so both sides see the same (noisy, shared) machine and disk.
    for (let r = 0; r < rounds; r++) {
      serviceMs += await runService(Math.ceil(ALLOC_N / rounds));
      rawMs += await runRaw(Math.ceil(ALLOC_N / rounds));
    }
    const measured = Math.ceil(ALLOC_N / rounds) * rounds;
    const servicePerS = (measured / serviceMs) * 1000;
    const rawPerS = (measured / rawMs) * 1000;
    report('pg_allocation_orders_per_s', servicePerS, 'orders/s');
    report('pg_allocation_raw_baseline_per_s', rawPerS, 'orders/s');
    report('pg_allocation_ratio_vs_raw', servicePerS / rawPerS, 'ratio', { min: 0.7 });
    const check = await app.services.system.check();
    if (!check.ok) throw new Error(`allocation left the store inconsistent: ${JSON.stringify(check.problems.slice(0, 3))}`);
    await client.end();
    await app.close();
  }

  // -------------------------------------------------------------- flash sale, three station servers
  if (!ONLY || ONLY === 'sale') {
    const dbPath = server.createDatabase('flash');
    const setup = await openApp({ dbPath });
    await shopWithStock(setup, ['HYPE-1'], 300);
    await shopWithStock(setup, ['WARM-1'], 1_000_000);
    const channel = await setup.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'flash_secret_1' });
    await setup.close();

    const servers = [await startServer(dbPath), await startServer(dbPath), await startServer(dbPath)];
    const delivery = (id: number, sku: string) => {
      const body = shopifyOrderBody({ id, lines: [{ sku, quantity: 1 }] });
      return { body, headers: { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, 'flash_secret_1') } };
    };
    // Each server gets a third of the clients and a third of the orders, all at once; requests are
    // built, signed and serialised before the clock starts. A warm-up on a plentiful SKU first, over
    // the same connections, so that the sale meets warm servers.
    const perServer = servers.map((s, k) => {
      const target = `${s.url}${channel.webhookPath}`;
      const share = (n: number) => Array.from({ length: Math.ceil((n - k) / 3) }, (_, j) => j * 3 + k);
      return {
        clients: new LoadClients(target, k === 0 ? 18 : 16),
        warm: serialiseRequests(target, share(FLASH_WARM).map((i) => delivery(800_000 + i, 'WARM-1'))),
        sale: serialiseRequests(target, share(FLASH_N).map((i) => delivery(900_000 + i, 'HYPE-1'))),
      };
    });
    await Promise.all(perServer.map((p) => p.clients.run(p.warm)));
    const t = performance.now();
    const results: LoadResult[] = await Promise.all(perServer.map((p) => p.clients.run(p.sale)));
    const saleMs = performance.now() - t;
    for (const p of perServer) await p.clients.close();
    for (const s of servers) await s.stop();

    const latencies = results.flatMap((r) => r.latencies);
    const statuses = new Map<string, number>();
    for (const body of results.flatMap((r) => r.bodies)) {
      const status = (JSON.parse(body) as { status: string }).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const after = await openApp({ dbPath });
    const [level] = await after.store.raw<{ on_hand: number; reserved: number }>(
      "select sum(b.on_hand) as on_hand, sum(b.reserved) as reserved from stock_balance b join product p on p.id = b.product_id where p.sku = 'HYPE-1'",
    );
    const [allocated] = await after.store.raw<{ n: number | null }>(
      "select sum(l.quantity) as n from order_line l join sales_order o on o.id = l.order_id where l.sku = 'HYPE-1' and o.status = 'allocated'",
    );
    const check = await after.services.system.check();
    await after.close();
    const allocatedUnits = allocated.n ?? 0;
    const oversold = Math.max(0, level.reserved - level.on_hand, allocatedUnits - level.on_hand) + (check.ok ? 0 : 1_000_000);
    report('pg_flash_sale_oversold', oversold, 'units', { max: 0 });
    report('pg_flash_sale_allocated', allocatedUnits, 'units');
    report('pg_flash_sale_orders_per_s', (FLASH_N / saleMs) * 1000, 'orders/s');
    report('pg_flash_sale_p99_ms', percentile(latencies, 99), 'ms', { max: 100 });
    report('pg_flash_sale_p50_ms', percentile(latencies, 50), 'ms');
    if (!check.ok) console.error(`check failed after the sale: ${JSON.stringify(check.problems.slice(0, 3))}`);
    if (statuses.get('allocated') !== Math.min(300, FLASH_N)) throw new Error(`expected ${Math.min(300, FLASH_N)} allocated, got ${JSON.stringify([...statuses])}`);
  }

  // -------------------------------------------------------------- order queue at 1,000,000 orders
  if (!ONLY || ONLY === 'queue') {
    const dbPath = server.createDatabase('queue');
    const app = await openApp({ dbPath });
    // Products only: the queue reads orders, not stock.
    for (const sku of SKUS) await app.invoke('catalog.upsert', { sku, name: `Bench ${sku}`, priceCents: 1000 });
    await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'queue_secret_1' });
    await app.invoke('channels.upsert', { name: 'Wholesale', kind: 'woocommerce', secret: 'queue_secret_2' });
    await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    for (const code of ['EAST', 'WEST', 'NORTH']) await app.invoke('warehouses.upsert', { code, name: code });
    await app.close();
    const t0 = performance.now();
    const facts = await seedPostgresQueue(dbPath, QUEUE_N);
    report('pg_order_queue_seed_s', (performance.now() - t0) / 1000, 's');

    const station = await startServer(dbPath);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const api = (method: string, input: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        const body = JSON.stringify(input);
        const req = http.request(`${station.url}/api/${method}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) reject(new Error(`${method} ${body}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text).data);
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    const queries = queueQueries(QUEUE_N, facts);
    for (const q of queries) for (let i = 0; i < 3; i++) await api('orders.list', q.input()); // warm the caches
    const samples: number[] = [];
    const byKind = new Map<string, number[]>();
    for (let round = 0; round < 20; round++) {
      for (const q of queries) {
        const t = performance.now();
        const page = (await api('orders.list', q.input())) as { rows: unknown[] };
        const ms = performance.now() - t;
        if (q.kind === 'first_page' && page.rows.length !== 50) throw new Error(`expected a full first page, got ${JSON.stringify(page).slice(0, 300)}`);
        samples.push(ms);
        byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
      }
    }
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await api('orders.counts', {});
      counts.push(performance.now() - t);
    }
    agent.destroy();
    await station.stop();
    report('pg_order_queue_page_p95_ms', percentile(samples, 95), 'ms', { max: 30 });
    for (const [kind, s] of byKind) report(`pg_order_queue_${kind}_p95_ms`, percentile(s, 95), 'ms');
    report('pg_order_queue_counts_p95_ms', percentile(counts, 95), 'ms');
  }
} finally {
  await server.stop();
}
