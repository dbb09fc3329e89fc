import { sqliteOnly } from '../main/store/store';
// orders: allocation throughput, the flash sale, and the order queue at 1,000,000 orders.
//   allocation_orders_per_s      — orders through the real OrderService.ingest (idempotency check,
//                                   insert, unknown-SKU check, allocation decision, FEFO reservation,
//                                   state transition with history), one transaction per order.
//   allocation_raw_baseline_per_s — the same minimal work on raw better-sqlite3 prepared statements:
//                                   one conditional stock update + inserts for order, line and
//                                   reservation, one transaction per order, same schema and pragmas
//                                   (synchronous=FULL: one fsync per order on both sides; WAL
//                                   checkpoints on a background thread on both, as the app runs them).
//   allocation_ratio_vs_raw       — the two above, measured interleaved in the same run.
//   allocation_*_no_fsync         — informational: the same pair with synchronous=NORMAL on both.
//   flash_http_floor_*            — informational: the same clients against a bare HTTP server that
//                                   only verifies and parses each webhook (bench/_webhook-floor-server.ts).
//   flash_sale_*                  — 50 concurrent HTTP clients posting signed Shopify webhooks for one
//                                   scarce SKU at a station server in a child process (HMAC and parsing
//                                   on its HTTP thread; the orders' SQL and group commit on its order
//                                   intake thread; answered after their WAL fsync).
//                                   oversold = units allocated beyond on-hand (must be 0).
//   flash_sale_machine_busy_pct,  — informational: during the sale, the share of the machine's cores
//   flash_sale_cpu_us_per_order,    that was busy (os.cpus(): user+nice+sys+irq), the CPU every
//   flash_sale_cpu_ceiling_ratio_vs_raw  process spent per order, and the ratio the sale would reach
//                                   at that CPU cost if every core were busy all the time.
//   order_queue_page_p95_ms       — `orders.list` over HTTP with 1,000,000 orders in the database:
//                                   first pages, status tabs, channel filter, deep keyset pages,
//                                   number and customer search, warehouse / promised-date / tag
//                                   filters alone, on tabs and combined, and the promise order (sort
//                                   'promise': state tabs, the All tab's merge, deep cursors, undated
//                                   orders, with filters and search), column sorts (total, placed,
//                                   promised, number; each way; tabs, All, deep cursors, filtered)
//                                   (each request, including a short page of a bounded scan, is one sample).
// Env: BENCH_ORDERS_N (allocation orders, default 4000), BENCH_FLASH_N (default 3000), BENCH_FLASH_WARM (warm-up orders, default 20,000),
//      BENCH_QUEUE_ORDERS (default 1,000,000), BENCH_FLASH_INPROCESS=1 (server in this process, for --cpu-prof),
//      BENCH_ORDERS_ONLY=queue (only the order queue part) or sale (allocation and the flash sale, no queue) or allocation (allocation alone), BENCH_QUEUE_DB=FILE (keep the seeded queue database there and reuse it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../main/app';
import type { IncomingOrder } from '../main/domain/orders/intake/index';
import { startStationServer } from '../main/server/server';
import { shopifyOrderBody, signShopify } from '../tests/helpers/shopify';
import { machineCpuDuring, percentile, report, spawnServe } from './_harness';
import { LoadClients, serialiseRequests } from './_http-load';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-orders-'));
const ALLOC_N = Number(process.env.BENCH_ORDERS_N ?? 4000);
const FLASH_N = Number(process.env.BENCH_FLASH_N ?? 3000);
const FLASH_WARM = Number(process.env.BENCH_FLASH_WARM ?? 20_000);
const QUEUE_N = Number(process.env.BENCH_QUEUE_ORDERS ?? 1_000_000);
const ONLY = process.env.BENCH_ORDERS_ONLY;
if (ONLY && ONLY !== 'queue' && ONLY !== 'sale' && ONLY !== 'allocation') throw new Error('BENCH_ORDERS_ONLY can only be "queue", "sale" or "allocation"');
const SKUS = ['BEN-A', 'BEN-B', 'BEN-C', 'BEN-D', 'BEN-E', 'BEN-F', 'BEN-G', 'BEN-H'];
const ADDRESS = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true };

async function shopWithStock(app: App, skus: string[], quantity: number) {
  for (const sku of skus) {
    await app.invoke('catalog.upsert', { sku, name: `Bench ${sku}`, priceCents: 1000 });
    await app.invoke('stock.receive', { sku, quantity });
  }
}

// ---------------------------------------------------------------- allocation vs raw
if (ONLY !== 'queue') {
  const app = await openApp({ dbPath: path.join(dir, 'alloc.sqlite') });
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

  // The raw baseline: its own database with the same schema, stock and pragmas.
  const rawApp = await openApp({ dbPath: path.join(dir, 'raw.sqlite') });
  await shopWithStock(rawApp, SKUS, 10_000_000);
  await rawApp.invoke('channels.upsert', { name: 'Bench', kind: 'csv' });
  const db = sqliteOnly(rawApp.store, "This bench").sqlite;
  const balances = db.prepare('select b.id, b.product_id, b.warehouse_id from stock_balance b join product p on p.id = b.product_id where p.sku = ?');
  const balanceOf = SKUS.map((s) => balances.get(s) as { id: number; product_id: number; warehouse_id: number });
  const reserve = db.prepare('update stock_balance set reserved = reserved + ? where id = ? and on_hand - reserved >= ?');
  const insertOrder = db.prepare(
    "insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, ?, ?, 'allocated', ?, 'USD', ?, ?, ?, ?, ?)",
  );
  const insertLine = db.prepare('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, warehouse_id) values (?, 1, ?, ?, ?, ?, ?, ?)');
  const insertReservation = db.prepare("insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) values (?, ?, ?, ?, 'order_line', ?, ?)");
  const rawOrder = db.transaction((n: number) => {
    const b = balanceOf[n % SKUS.length];
    const qty = 1 + (n % 3);
    if (reserve.run(qty, b.id, qty).changes !== 1) throw new Error('out of stock');
    const now = new Date().toISOString();
    const orderId = insertOrder.run(`R-${n}`, `R-${n}`, 'Ada Lovelace', 1000 * qty, 1000 * qty + 500, now, now, now).lastInsertRowid;
    const lineId = insertLine.run(orderId, SKUS[n % SKUS.length], b.product_id, 'Bench item', qty, 1000, b.warehouse_id).lastInsertRowid;
    insertReservation.run(b.id, b.product_id, b.warehouse_id, qty, lineId, now);
  });

  // Both stores checkpoint as the desktop app and station server do: on a background thread
  // (main/store/checkpointer.ts), not inside whichever commit crosses 1,000 WAL pages.
  app.store.startBackgroundCheckpoints();
  rawApp.store.startBackgroundCheckpoints();
  const service = app.services.orders.service;
  let next = 0;
  let rawNext = 0;
  const runService = async (count: number) => {
    const t = performance.now();
    for (let i = 0; i < count; i++) {
      const r = await service.ingest(channel, incoming(next++), 'bench');
      if (r.status !== 'allocated') throw new Error(`order ${next} ${r.status}`);
    }
    return performance.now() - t;
  };
  const runRaw = (count: number) => {
    const t = performance.now();
    for (let i = 0; i < count; i++) rawOrder.immediate(rawNext++);
    return performance.now() - t;
  };
  await runService(1000); // warm-up: statement cache, JIT
  runRaw(1000);
  // Interleaved rounds, so both sides see the same (noisy, shared) machine.
  const measure = async (total: number) => {
    const rounds = 8;
    let serviceMs = 0;
    let rawMs = 0;
    for (let r = 0; r < rounds; r++) {
      serviceMs += await runService(total / rounds);
      rawMs += runRaw(total / rounds);
    }
    return { servicePerS: (total / serviceMs) * 1000, rawPerS: (total / rawMs) * 1000 };
  };
  // Both stores commit as the app does: synchronous=FULL, one fsync per transaction (an accepted
  // order survives a power cut). The raw baseline has the same schema and pragmas.
  const durable = await measure(ALLOC_N);
  report('allocation_orders_per_s', durable.servicePerS, 'orders/s');
  report('allocation_raw_baseline_per_s', durable.rawPerS, 'orders/s');
  report('allocation_ratio_vs_raw', durable.servicePerS / durable.rawPerS, 'ratio', { min: 0.7 });
  // Informational: both sides without the fsync (synchronous=NORMAL, durable across a crash but not
  // a power cut), where the comparison is mostly CPU and the service's extra statements show.
  for (const conn of [sqliteOnly(app.store, "This bench").sqlite, db]) conn.pragma('synchronous = NORMAL');
  const noFsync = await measure(ALLOC_N);
  for (const conn of [sqliteOnly(app.store, "This bench").sqlite, db]) conn.pragma('synchronous = FULL');
  report('allocation_orders_no_fsync_per_s', noFsync.servicePerS, 'orders/s');
  report('allocation_raw_baseline_no_fsync_per_s', noFsync.rawPerS, 'orders/s');
  report('allocation_ratio_vs_raw_no_fsync', noFsync.servicePerS / noFsync.rawPerS, 'ratio');
  await app.store.stopBackgroundCheckpoints();
  await rawApp.store.stopBackgroundCheckpoints();
  const check = await app.services.system.check();
  if (!check.ok) throw new Error(`allocation left the store inconsistent: ${JSON.stringify(check.problems.slice(0, 3))}`);
  await app.close();
  await rawApp.close();
  (globalThis as { rawPerS?: number; noFsyncRawPerS?: number }).rawPerS = durable.rawPerS;
  (globalThis as { rawPerS?: number; noFsyncRawPerS?: number }).noFsyncRawPerS = noFsync.rawPerS;
}
const { rawPerS, noFsyncRawPerS } = globalThis as unknown as { rawPerS: number; noFsyncRawPerS: number };

// ---------------------------------------------------------------- station server helpers
interface Server {
  url: string;
  stop(): Promise<void>;
}

/** The real `shipshape serve` in a child process (its own core), or in-process for profiling. */
async function startServer(dbPath: string): Promise<Server> {
  if (process.env.BENCH_FLASH_INPROCESS === '1') {
    const app = await openApp({ dbPath });
    const server = await startStationServer(app, { port: 0 });
    return { url: server.url, stop: async () => (await server.close(), await app.close()) };
  }
  return spawnServe(dbPath);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- flash sale
if (ONLY !== 'queue' && ONLY !== 'allocation') {
  const dbPath = path.join(dir, 'flash.sqlite');
  const setup = await openApp({ dbPath });
  await shopWithStock(setup, ['HYPE-1'], 300);
  await shopWithStock(setup, ['WARM-1'], 1_000_000);
  await shopWithStock(setup, ['GONE-1'], 1);
  const channel = await setup.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: 'flash_secret_1' });
  await setup.close();

  const server = await startServer(dbPath);
  const target = `${server.url}${channel.webhookPath}`;
  const delivery = (id: number, sku: string) => {
    const body = shopifyOrderBody({ id, lines: [{ sku, quantity: 1 }] });
    return { body, headers: { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, 'flash_secret_1') } };
  };
  // Requests are built, signed and serialised before the clock starts: the client's work is not
  // the server's. The lean client (bench/_http-load.ts) keeps the generator's share of the two
  // cores small.
  // Warm-up: a station server that has been taking orders, some of them for a sold-out SKU (most of
  // a flash sale is backorders), so that the sale measures it in its steady state. V8 optimises
  // some 200 functions of the webhook path on its helper threads (measured with --trace-opt: ~2 s of
  // compiler CPU), and on two cores that competes with the sale. After 5,000 orders it was still
  // re-optimising the allocation path (`plan`, `chooseFulfilmentLocation`: 50–110 ms a compile)
  // and, on the sale's fresh connections, Node's connection code: ~440 ms of compiling during a
  // 5,000-order sale, ~90 µs of CPU per order. After 20,000 orders over connections the sale then
  // keeps using, it is ~5 ms.
  const warm = serialiseRequests(target, Array.from({ length: FLASH_WARM }, (_, i) => delivery(800_000 + i, i % 2 ? 'GONE-1' : 'WARM-1')));
  const sale = serialiseRequests(target, Array.from({ length: FLASH_N }, (_, i) => delivery(900_000 + i, 'HYPE-1')));
  // The sale goes over the warm-up's connections, as a channel's sender keeps them open.
  const clients = new LoadClients(target, 50);
  await clients.run(warm);
  const { result, busyMs, busyShare, cores } = await machineCpuDuring(() => clients.run(sale));
  await clients.close();
  await server.stop();
  const statuses = new Map<string, number>();
  for (const body of result.bodies) {
    const status = (JSON.parse(body) as { status: string }).status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }

  // The floor (informational): the same clients and bodies against a bare HTTP server that only
  // verifies and parses each webhook (no database) — what this machine allows before any order work.
  const floor = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', '_webhook-floor-server.ts'), 'flash_secret_1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const floorUrl = await new Promise<string>((resolve) => floor.stdout!.on('data', (d) => resolve(String(d).trim())));
  const floorTarget = `${floorUrl}${channel.webhookPath}`;
  const floorClients = new LoadClients(floorTarget, 50);
  await floorClients.run(serialiseRequests(floorTarget, Array.from({ length: FLASH_WARM }, (_, i) => delivery(800_000 + i, i % 2 ? 'GONE-1' : 'WARM-1'))));
  const floorRun = await floorClients.run(serialiseRequests(floorTarget, Array.from({ length: FLASH_N }, (_, i) => delivery(900_000 + i, 'HYPE-1'))));
  await floorClients.close();
  const floorPerS = (FLASH_N / floorRun.ms) * 1000;
  floor.kill();

  const perS = (FLASH_N / result.ms) * 1000;
  report('flash_sale_orders_per_s', perS, 'orders/s');
  report('flash_sale_p99_ms', percentile(result.latencies, 99), 'ms', { max: 50 });
  report('flash_sale_p50_ms', percentile(result.latencies, 50), 'ms');

  const after = await openApp({ dbPath });
  const level = (await after.store.raw<{ on_hand: number; reserved: number }>("select l.on_hand, l.reserved from stock_level l join product p on p.id = l.product_id where p.sku = 'HYPE-1'"))[0];
  const allocatedUnits =
    (await after.store.raw<{ n: number | null }>(
      "select sum(l.quantity) as n from order_line l join sales_order o on o.id = l.order_id where l.sku = 'HYPE-1' and o.status = 'allocated'",
    ))[0].n ?? 0;
  const check = await after.services.system.check();
  await after.close();
  const oversold = Math.max(0, level.reserved - level.on_hand, allocatedUnits - level.on_hand) + (check.ok ? 0 : 1_000_000);
  report('flash_sale_oversold', oversold, 'units', { max: 0 });
  report('flash_sale_allocated', allocatedUnits, 'units');
  report('flash_sale_ratio_vs_raw', perS / rawPerS, 'ratio', { min: 1.5 });
  report('flash_sale_ratio_vs_raw_no_fsync', perS / noFsyncRawPerS, 'ratio');
  report('flash_http_floor_orders_per_s', floorPerS, 'orders/s');
  report('flash_http_floor_ratio_vs_raw', floorPerS / rawPerS, 'ratio');
  // Where the sale's ceiling is on this machine (informational): the CPU all processes spent per
  // order during it (server, load generator, kernel), how busy the cores were, and the ratio the
  // sale would reach at that cost per order if every core were busy all the time.
  const cpuPerOrderUs = (busyMs * 1000) / FLASH_N;
  report('flash_sale_machine_busy_pct', busyShare * 100, '%');
  report('flash_sale_cpu_us_per_order', cpuPerOrderUs, 'us');
  report('flash_sale_cpu_ceiling_ratio_vs_raw', (cores * 1e6) / cpuPerOrderUs / rawPerS, 'ratio');
  if (statuses.get('allocated') !== Math.min(300, FLASH_N)) throw new Error(`expected ${Math.min(300, FLASH_N)} allocated, got ${JSON.stringify([...statuses])}`);
}

// ---------------------------------------------------------------- order queue at 1,000,000 orders
if (ONLY !== 'sale' && ONLY !== 'allocation') {
  // BENCH_QUEUE_DB=FILE keeps the seeded database there and reuses it on the next run (seeding takes minutes).
  const reuse = !!process.env.BENCH_QUEUE_DB && existsSync(process.env.BENCH_QUEUE_DB);
  const dbPath = process.env.BENCH_QUEUE_DB ?? path.join(dir, 'queue.sqlite');
  const app = await openApp({ dbPath });
  if (!reuse) {
    await shopWithStock(app, SKUS, 10);
    await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: 'queue_secret_1' });
    await app.invoke('channels.upsert', { name: 'Wholesale', kind: 'woocommerce', secret: 'queue_secret_2' });
    await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    // Four warehouses, unevenly busy (NORTH ships 1 order in 200), so a warehouse filter meets both common and rare matches.
    for (const code of ['EAST', 'WEST', 'NORTH']) await app.invoke('warehouses.upsert', { code, name: code });
  }
  const channels = await app.store.raw<{ id: number }>('select id from channel order by id');
  const warehouseIds = await app.store.raw<{ id: number; code: string }>('select id, code from warehouse order by id');
  const whId = (code: string) => warehouseIds.find((w) => w.code === code)!.id;
  const WAREHOUSE = (i: number, status: string) => {
    if (['new', 'backordered', 'on_hold', 'cancelled'].includes(status)) return null;
    const r = (i * 40503) % 200;
    return r === 0 ? whId('NORTH') : r < 110 ? warehouseIds[0].id : r < 170 ? whId('EAST') : whId('WEST');
  };
  // Tags as shops use them: a few common ones, a rare one, mixed case; "vipx" must not match "vip".
  const TAGS = (i: number) => {
    const r = (i * 2246822519) % 10_000;
    const tags: string[] = [];
    if (r < 200) tags.push(r % 2 ? 'VIP' : 'vip');
    if (r >= 150 && r < 950) tags.push('gift');
    if (r >= 1000 && r < 1500) tags.push('Wholesale');
    if (r >= 2000 && r < 2100) tags.push('fragile');
    if (r >= 3000 && r < 3020) tags.push('vipx');
    if (r === 5000 || r === 5001) tags.push('b2b-eu');
    return tags;
  };
  const products = await app.store.raw<{ id: number; sku: string }>('select id, sku from product order by id');
  const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Barbara', 'Donald', 'Edsger', 'Frances', 'Ken', 'Radia', 'Niklaus', 'Hedy', 'John', 'Sophie', 'Tim'];
  const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Liskov', 'Knuth', 'Dijkstra', 'Allen', 'Thompson', 'Perlman', 'Wirth', 'Lamarr', 'Backus', 'Wilson', 'Berners-Lee'];
  const STATUS = (i: number) => {
    const r = (i * 2654435761) % 1000;
    return r < 880 ? 'delivered' : r < 920 ? 'shipped' : r < 940 ? 'cancelled' : r < 950 ? 'returned' : ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped'][r % 7];
  };
  // Promised 0–6 days after the order day (so promise order is not id order); 1 order in 50 has no promise.
  const PROMISED = (i: number, placed: string) => (i % 50 === 0 ? null : new Date(Date.parse(placed.slice(0, 10)) + ((i * 7919) % 7) * 86_400_000).toISOString().slice(0, 10));
  const t0 = performance.now();
  if (!reuse) {
    const db = sqliteOnly(app.store, "This bench").sqlite;
    const insertOrder = db.prepare(
      `insert into sales_order (id, channel_id, external_id, number, status, customer_name, customer_email, ship_to, ship_postal_code, ship_country, currency, subtotal_cents, total_cents,
         payment_status, placed_at, promised_date, warehouse_id, tags, raw_identifiers, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'US', 'USD', ?, ?, 'paid', ?, ?, ?, ?, '{}', ?, ?)`,
    );
    const insertTag = db.prepare('insert into order_tag (tag, order_id) values (?, ?)');
    const insertLine = db.prepare('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents) values (?, 1, ?, ?, ?, ?, 1000)');
    const start = Date.parse('2024-01-01T00:00:00Z');
    db.transaction(() => {
      for (let i = 1; i <= QUEUE_N; i++) {
        const name = `${FIRST[i % 16]} ${LAST[(i >> 4) % 16]}`;
        const placed = new Date(start + i * 60_000).toISOString();
        const zip = String(10000 + (i % 89999));
        const p = products[i % products.length];
        const status = STATUS(i);
        const tags = TAGS(i);
        insertOrder.run(
          i, channels[i % 3].id, String(5_000_000_000_000 + i), `#${100000 + i}`, status, name, null,
          `{"name":"${name}","company":null,"line1":"1 Main St","line2":null,"city":"Springfield","regionCode":"IL","postalCode":"${zip}","countryCode":"US","phone":null,"residential":null}`,
          zip, 1000 + (i % 5) * 1000, 1500 + (i % 5) * 1000, placed, PROMISED(i, placed), WAREHOUSE(i, status), tags.join(','), placed, placed,
        );
        for (const tag of tags) insertTag.run(tag.toLowerCase(), i);
        insertLine.run(i, p.sku, p.id, `Bench ${p.sku}`, 1 + (i % 3));
      }
    })();
    db.exec('analyze');
  }
  if (!reuse) report('order_queue_seed_s', (performance.now() - t0) / 1000, 's');
  await app.close();

  const server = await startServer(dbPath);
  const api = async (method: string, input: unknown) => {
    const res = await post(`${server.url}/api/${method}`, JSON.stringify(input), {});
    if (res.status !== 200) throw new Error(`${method}: ${res.status} ${res.body}`);
    return JSON.parse(res.body).data;
  };
  const statuses = ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'];
  const openStatuses = statuses.slice(0, 7);
  const warehouses = warehouseIds.map((w) => w.code);
  const tagNames = ['vip', 'VIP', 'gift', 'wholesale', 'fragile', 'vipx', 'b2b-eu'];
  const FIRST_DAY = Date.parse('2024-01-01T00:00:00Z');
  const LAST_DAY = Math.floor((QUEUE_N * 60_000) / 86_400_000);
  const day = (n: number) => new Date(FIRST_DAY + n * 86_400_000).toISOString().slice(0, 10);
  let seed = 12345;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  // What the queue screen asks for: first pages, tabs, a channel, deeper pages, searches.
  const queries: { kind: string; input: () => Record<string, unknown> }[] = [
    { kind: 'first_page', input: () => ({ limit: 50 }) },
    { kind: 'status_tab', input: () => ({ status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'channel', input: () => ({ channel: channels[rand(3)].id, limit: 50 }) },
    { kind: 'channel_status', input: () => ({ channel: channels[rand(3)].id, status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'deep_page', input: () => ({ before: 1 + rand(QUEUE_N), limit: 50 }) },
    { kind: 'status_deep_page', input: () => ({ status: statuses[rand(statuses.length)], before: 1 + rand(QUEUE_N), limit: 50 }) },
    { kind: 'number_search', input: () => ({ query: `#${100000 + 1 + rand(QUEUE_N)}`, limit: 50 }) },
    { kind: 'customer_search', input: () => ({ query: FIRST[rand(16)].slice(0, 3 + rand(3)), limit: 50 }) },
    { kind: 'customer_full_search', input: () => ({ query: `${FIRST[rand(16)]} ${LAST[rand(16)]}`, limit: 50 }) },
    { kind: 'warehouse', input: () => ({ warehouse: warehouses[rand(warehouses.length)], limit: 50 }) },
    { kind: 'warehouse_status', input: () => ({ warehouse: warehouses[rand(warehouses.length)], status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'unallocated', input: () => ({ warehouse: null, status: openStatuses[rand(openStatuses.length)], limit: 50 }) },
    { kind: 'promise_overdue', input: () => ({ promisedTo: day(LAST_DAY - 1), status: openStatuses[rand(openStatuses.length)], limit: 50 }) },
    { kind: 'promise_due_today_all', input: () => ({ promisedTo: day(LAST_DAY), limit: 50 }) },
    { kind: 'promise_due_by', input: () => ({ promisedTo: day(rand(LAST_DAY + 1)), status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'promise_range', input: () => ((d) => ({ promisedFrom: day(d), promisedTo: day(d + 2), limit: 50 }))(rand(LAST_DAY)) },
    { kind: 'tag', input: () => ({ tag: tagNames[rand(tagNames.length)], limit: 50 }) },
    { kind: 'tag_status', input: () => ({ tag: tagNames[rand(tagNames.length)], status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'tag_deep_page', input: () => ({ tag: tagNames[rand(tagNames.length)], before: 1 + rand(QUEUE_N), limit: 50 }) },
    // The promise order (state tabs' default): earliest promise first, undated last, cursor (promised, id).
    { kind: 'promise_sort_tab', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'promise_sort_open_tab', input: () => ({ sort: 'promise', status: openStatuses[rand(openStatuses.length)], limit: 50 }) },
    { kind: 'promise_sort_deep', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], after: { promised: day(rand(LAST_DAY + 1)), id: 1 + rand(QUEUE_N) }, limit: 50 }) },
    { kind: 'promise_sort_undated', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], after: { promised: null, id: 1 + rand(QUEUE_N) }, limit: 50 }) },
    { kind: 'promise_sort_all', input: () => ({ sort: 'promise', limit: 50 }) },
    { kind: 'promise_sort_all_deep', input: () => ({ sort: 'promise', after: { promised: day(rand(LAST_DAY + 1)), id: 1 + rand(QUEUE_N) }, limit: 50 }) },
    { kind: 'promise_sort_channel', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], channel: channels[rand(3)].id, limit: 50 }) },
    { kind: 'promise_sort_warehouse', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], warehouse: warehouses[rand(warehouses.length)], limit: 50 }) },
    { kind: 'promise_sort_tag', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], tag: tagNames[rand(tagNames.length)], limit: 50 }) },
    { kind: 'promise_sort_due_by', input: () => ({ sort: 'promise', status: openStatuses[rand(openStatuses.length)], promisedTo: day(rand(LAST_DAY + 1)), limit: 50 }) },
    { kind: 'promise_sort_search', input: () => ({ sort: 'promise', status: statuses[rand(statuses.length)], query: FIRST[rand(16)].slice(0, 3 + rand(3)), limit: 50 }) },
    { kind: 'promise_sort_all_filtered', input: () => ({ sort: 'promise', tag: tagNames[rand(tagNames.length)], warehouse: warehouses[rand(warehouses.length)], limit: 50 }) },
    // Column sorts (a header click): (status, value, id) ranges, merged on the All tab, cursor (value, id).
    { kind: 'column_sort_total_tab', input: () => ({ sort: 'total', direction: rand(2) ? 'asc' : 'desc', status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'column_sort_total_all', input: () => ({ sort: 'total', direction: 'desc', limit: 50 }) },
    // Deep inside a tie (a total shared by 200,000 orders): the cursor's tie is sought, not stepped over.
    { kind: 'column_sort_total_deep', input: () => ({ sort: 'total', direction: rand(2) ? 'asc' : 'desc', status: rand(2) ? statuses[rand(statuses.length)] : undefined, from: { value: 1500 + rand(5) * 1000, id: 1 + rand(QUEUE_N) }, limit: 50 }) },
    { kind: 'column_sort_placed_deep', input: () => ((i) => ({ sort: 'placed', direction: 'desc', status: statuses[rand(statuses.length)], from: { value: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60_000).toISOString(), id: i }, limit: 50 }))(1 + rand(QUEUE_N)) },
    { kind: 'column_sort_placed_all_deep', input: () => ((i) => ({ sort: 'placed', from: { value: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60_000).toISOString(), id: i }, limit: 50 }))(1 + rand(QUEUE_N)) },
    { kind: 'column_sort_promised_desc', input: () => ({ sort: 'promised', direction: 'desc', status: openStatuses[rand(openStatuses.length)], limit: 50 }) },
    { kind: 'column_sort_number_asc', input: () => ({ sort: 'number', status: statuses[rand(statuses.length)], limit: 50 }) },
    { kind: 'column_sort_filtered', input: () => ({ sort: 'total', direction: 'desc', status: statuses[rand(statuses.length)], warehouse: warehouses[rand(warehouses.length)], limit: 50 }) },
    {
      kind: 'combined',
      input: () => ({ tag: tagNames[rand(tagNames.length)], warehouse: warehouses[rand(warehouses.length)], channel: channels[rand(3)].id, promisedTo: day(rand(LAST_DAY + 1)), limit: 50 }),
    },
  ];
  for (const q of queries) for (let i = 0; i < 5; i++) await api('orders.list', q.input()); // warm the page cache
  const samples: number[] = [];
  const byKind = new Map<string, number[]>();
  for (let round = 0; round < 40; round++) {
    for (const q of queries) {
      const t = performance.now();
      const page = (await api('orders.list', q.input())) as { rows: unknown[] };
      const ms = performance.now() - t;
      if ((q.kind === 'first_page' || q.kind === 'promise_sort_all') && page.rows.length !== 50) throw new Error(`expected a full first page (${q.kind})`);
      samples.push(ms);
      byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
    }
  }
  const counts: number[] = [];
  const filteredCounts = new Map<string, number[]>();
  const countFilters: [string, () => Record<string, unknown>][] = [
    ['channel', () => ({ channel: channels[rand(3)].id })],
    ['warehouse', () => ({ warehouse: warehouses[rand(warehouses.length)] })],
    ['promise', () => ({ promisedTo: day(rand(LAST_DAY + 1)) })],
    ['tag', () => ({ tag: tagNames[rand(tagNames.length)] })],
  ];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await api('orders.counts', {});
    counts.push(performance.now() - t);
    for (const [kind, input] of countFilters) {
      const t1 = performance.now();
      await api('orders.counts', input());
      filteredCounts.set(kind, [...(filteredCounts.get(kind) ?? []), performance.now() - t1]);
    }
  }
  await server.stop();
  report('order_queue_page_p95_ms', percentile(samples, 95), 'ms', { max: 30 });
  for (const [kind, s] of byKind) report(`order_queue_${kind}_p95_ms`, percentile(s, 95), 'ms');
  report('order_queue_counts_p95_ms', percentile(counts, 95), 'ms');
  for (const [kind, s] of filteredCounts) report(`order_queue_counts_${kind}_p95_ms`, percentile(s, 95), 'ms');
}

agent.destroy();
rmSync(dir, { recursive: true, force: true });
