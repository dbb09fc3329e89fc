import { sqliteOnly } from '../main/store/store';
// backup: an online backup in the middle of the orders bench's flash sale.
//   backup_during_sale_p99_ms   — p99 webhook latency of the whole sale (50 keep-alive clients posting
//                                 signed Shopify webhooks for one scarce SKU at a real `shipshape serve`
//                                 in a child process) with a full backup ("Back up now", `backup.run`
//                                 over HTTP: copy + integrity check + invariant checks of the copy)
//                                 started a fifth of the way in. Target ≤ 60 ms.
//   backup_window_p99_ms        — informational: p99 of the answers that arrived while the backup ran.
//   backup_missing_acked_orders — orders acknowledged (HTTP 200) before the backup request was sent
//                                 that are not in the copy. Must be 0.
//   backup_mb_per_s             — informational: database size ÷ copy time (verification not included).
//   backup_baseline_sale_p*_ms  — informational: the same sale just before on the same server, without a
//                                 backup (the machine is shared: the difference is what the backup costs).
//   backup_ended_before_sale_ms — the backup must end before the sale does (≥ 0), or part of it went unmeasured.
//   backup_copy_ms, backup_verify_ms, backup_db_mb, backup_sale_orders_per_s — informational.
// The database: BENCH_BACKUP_ORDERS (default 100,000) orders of history with lines and tags, ~550
// products with stock, seeded once per run with raw SQL (as bench/orders.ts seeds its order queue).
// Env: BENCH_FLASH_N (sale orders, default 30,000: the sale outlasts the backup, verification included), BENCH_FLASH_WARM (warm-up orders, default 10,000),
//      BENCH_BACKUP_METHOD=backup-api|vacuum-into (the copy method, passed to the server) or none (the same sale without a backup), BENCH_BACKUP_DB=FILE
//      (keep the seeded database there and reuse a copy of it on the next run).
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openApp, type App } from '../main/app';
import { shopifyOrderBody, signShopify } from '../tests/helpers/shopify';
import { percentile, report, spawnServe } from './_harness';
import { LoadClients, serialiseRequests } from './_http-load';

const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-backup-'));
const HISTORY = Number(process.env.BENCH_BACKUP_ORDERS ?? 100_000);
const FLASH_N = Number(process.env.BENCH_FLASH_N ?? 30_000);
const BASELINE_N = Math.min(FLASH_N, 10_000);
const FLASH_WARM = Number(process.env.BENCH_FLASH_WARM ?? 10_000);
const METHOD = process.env.BENCH_BACKUP_METHOD ?? 'backup-api';
const SECRET = 'backup_bench_secret';

async function shopWithStock(app: App, skus: string[], quantity: number) {
  for (const sku of skus) {
    await app.invoke('catalog.upsert', { sku, name: `Bench ${sku}`, priceCents: 1000, weightG: 300 });
    await app.invoke('stock.receive', { sku, quantity });
  }
}

/** A shop with a history: products with stock, three channels, HISTORY delivered orders with lines and tags. */
async function seed(dbPath: string): Promise<string> {
  const app = await openApp({ dbPath });
  const skus = Array.from({ length: 550 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
  await shopWithStock(app, skus, 1000);
  await shopWithStock(app, ['HYPE-1', 'HYPE-2'], 300);
  await shopWithStock(app, ['WARM-1'], 1_000_000);
  await shopWithStock(app, ['GONE-1'], 1);
  const channel = await app.invoke('channels.upsert', { name: 'Drop store', kind: 'shopify', secret: SECRET });
  await app.invoke('channels.upsert', { name: 'Wholesale', kind: 'woocommerce', secret: 'other_secret_1' });
  const products = await app.store.raw<{ id: number; sku: string }>('select id, sku from product order by id');
  const db = sqliteOnly(app.store, "This bench").sqlite;
  const insertOrder = db.prepare(
    `insert into sales_order (channel_id, external_id, number, status, customer_name, customer_email, ship_to, ship_postal_code, ship_country, currency, subtotal_cents, total_cents,
       payment_status, placed_at, promised_date, warehouse_id, tags, raw_identifiers, created_at, updated_at)
     values (?, ?, ?, 'delivered', ?, ?, ?, ?, 'US', 'USD', ?, ?, 'paid', ?, ?, 1, ?, '{}', ?, ?)`,
  );
  const insertLine = db.prepare('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, shipped_qty) values (?, ?, ?, ?, ?, ?, 1000, ?)');
  const insertTag = db.prepare('insert into order_tag (tag, order_id) values (?, ?)');
  const start = Date.parse('2024-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 1; i <= HISTORY; i++) {
      const placed = new Date(start + i * 300_000).toISOString();
      const zip = String(10000 + (i % 89999));
      const name = `Customer ${i % 5000}`;
      const tags = i % 7 === 0 ? ['gift'] : i % 11 === 0 ? ['vip'] : [];
      const orderId = Number(
        insertOrder.run(
          channel.id, `H-${i}`, `#H${i}`, name, `customer${i % 5000}@example.com`,
          `{"name":"${name}","company":null,"line1":"${i} Main St","line2":null,"city":"Springfield","regionCode":"IL","postalCode":"${zip}","countryCode":"US","phone":null,"residential":true}`,
          zip, 2000 + (i % 5) * 1000, 2500 + (i % 5) * 1000, placed, placed.slice(0, 10), tags.join(','), placed, placed,
        ).lastInsertRowid,
      );
      for (const tag of tags) insertTag.run(tag, orderId);
      for (let line = 1; line <= 1 + (i % 3); line++) {
        const p = products[(i * 7 + line) % products.length];
        insertLine.run(orderId, line, p.sku, p.id, `Bench ${p.sku}`, line, line);
      }
    }
  })();
  db.exec('analyze');
  const check = await app.services.system.check();
  if (!check.ok) throw new Error(`the seeded database fails its checks: ${JSON.stringify(check.problems.slice(0, 3))}`);
  await app.close();
  return channel.webhookPath;
}

/** The real `shipshape serve` in a child process. */
async function startServer(dbPath: string): Promise<{ url: string; stop(): Promise<void> }> {
  return spawnServe(dbPath, { ...process.env, SHIPSHAPE_BACKUP_METHOD: METHOD });
}

// ---------------------------------------------------------------- the shop
const dbPath = path.join(dir, 'shop.sqlite');
const keep = process.env.BENCH_BACKUP_DB;
let webhookPath: string;
if (keep && existsSync(keep)) {
  copyFileSync(keep, dbPath);
  const db = new Database(dbPath, { readonly: true });
  webhookPath = `/webhooks/shopify/${(db.prepare("select webhook_key from channel where name = 'Drop store'").get() as { webhook_key: string }).webhook_key}`;
  db.close();
} else {
  webhookPath = await seed(dbPath);
  if (keep) copyFileSync(dbPath, keep);
}

// ---------------------------------------------------------------- the sale, with a backup in it
const server = await startServer(dbPath);
const target = `${server.url}${webhookPath}`;
const delivery = (id: number, sku: string) => {
  const body = shopifyOrderBody({ id, lines: [{ sku, quantity: 1 }] });
  return { body, headers: { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, SECRET) } };
};
const warm = serialiseRequests(target, Array.from({ length: FLASH_WARM }, (_, i) => delivery(800_000 + i, i % 2 ? 'GONE-1' : 'WARM-1')));
const baselineSale = serialiseRequests(target, Array.from({ length: BASELINE_N }, (_, i) => delivery(900_000 + i, 'HYPE-1')));
const sale = serialiseRequests(target, Array.from({ length: FLASH_N }, (_, i) => delivery(1_000_000 + i, 'HYPE-2')));
const clients = new LoadClients(target, 50);
await clients.run(warm);
// The same sale without a backup, just before, on the same server and machine: what the backup adds
// is the difference (the machine is shared; a p99 alone says little).
const baseline = await clients.run(baselineSale);

const acked: number[] = [];
const answeredAt: number[] = [];
let ackedBeforeBackup: number[] | null = null;
let backupStart = 0;
let backupEnd = 0;
let backup: Promise<{ path: string; bytes: number; verified: boolean; problems: string[]; copyMs: number; verifyMs: number }> | null = null;
const saleStart = performance.now();
const result = await clients.run(sale, (body) => {
  answeredAt.push(performance.now());
  acked.push((JSON.parse(body) as { orderId: number }).orderId);
  if (backup || acked.length < FLASH_N / 5 || METHOD === 'none') return;
  // Everything acknowledged so far must be in the copy.
  ackedBeforeBackup = [...acked];
  backupStart = performance.now();
  backup = fetch(`${server.url}/api/backup.run`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    .then((res) => res.json() as Promise<{ data?: never; error?: { message: string } }>)
    .then((res) => {
      backupEnd = performance.now();
      if (res.error) throw new Error(`backup.run: ${res.error.message}`);
      return res.data!;
    });
});
const saleEnd = performance.now();
report('backup_baseline_sale_p99_ms', percentile(baseline.latencies, 99), 'ms');
report('backup_baseline_sale_p50_ms', percentile(baseline.latencies, 50), 'ms');
if (METHOD === 'none') {
  await clients.close();
  await server.stop();
  report('backup_none_sale_p99_ms', percentile(result.latencies, 99), 'ms');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const copy = await backup!;
await clients.close();
await server.stop();

// ---------------------------------------------------------------- what the copy holds
const inCopy = new Database(copy.path, { readonly: true });
const has = inCopy.prepare('select 1 from sales_order where id = ?').pluck();
const missing = ackedBeforeBackup!.filter((id) => !has.get(id)).length;
inCopy.close();
// latencies[i] belongs to the answer that arrived at answeredAt[i] (both in completion order).
const during = result.latencies.filter((_, i) => answeredAt[i] >= backupStart && answeredAt[i] <= backupEnd);
const mb = statSync(copy.path).size / 1024 / 1024;

report('backup_during_sale_p99_ms', percentile(result.latencies, 99), 'ms', { max: 60 });
report('backup_missing_acked_orders', missing, 'orders', { max: 0 });
report('backup_verified', copy.verified ? 1 : 0, 'bool', { min: 1 });
report('backup_window_p99_ms', during.length ? percentile(during, 99) : 0, 'ms');
report('backup_window_answers', during.length, 'answers');
report('backup_sale_p50_ms', percentile(result.latencies, 50), 'ms');
report('backup_mb_per_s', mb / (copy.copyMs / 1000), 'MB/s');
report('backup_copy_ms', copy.copyMs, 'ms');
report('backup_verify_ms', copy.verifyMs, 'ms');
report('backup_db_mb', mb, 'MB');
report('backup_sale_orders_per_s', (FLASH_N / (saleEnd - saleStart)) * 1000, 'orders/s');
// The backup must lie inside the sale (else part of it ran with nothing to disturb): raise BENCH_FLASH_N.
report('backup_ended_before_sale_ms', saleEnd - backupEnd, 'ms', { min: 0 });
if (!copy.verified) console.error(`the copy did not verify: ${copy.problems.join('; ')}`);
console.error(`[backup bench] method ${METHOD}, ${HISTORY} orders of history, copy at ${copy.path}`);
rmSync(dir, { recursive: true, force: true });
