import { sqliteOnly } from '../main/store/store';
// The autopilot at catalog scale: 100,000 SKUs with two years of daily order history, then one
// full run — forecast every SKU from its order lines (P2's demand history and method selection,
// on worker threads), classify ABC, decide each with the policy, rank within the budget and save the
// suggestions. Seeding writes rows directly (it is not what is measured); the run is the product's.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/clock';
import { openApp } from '../main/app';
import { FORECAST_WORKER } from '../main/domain/replenishment/forecast-threads';
import { workerEntry } from '../main/util/worker-entry';

const DAY_MS = 86_400_000;

/** A deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CatalogRunResult {
  skus: number;
  orderLines: number;
  seedMs: number;
  runsMs: number[];
  /** CPU time of each run, every thread of the process (wall ≥ CPU ÷ cores). */
  runsCpuMs: number[];
  /** Where the last run's time went (forecastMs, policyMs, saveMs). */
  timings: Record<string, number>;
  suggested: number;
  leftOut: number;
}

/**
 * Seeds `skus` products, 20 suppliers with case packs, MOQs and price breaks, and `days` of orders
 * (`ordersPerDay`, 1–3 lines, SKU popularity skewed as in a real long tail), then runs the
 * autopilot `runs` times.
 */
export async function runCatalogBench(opts: { skus: number; days: number; ordersPerDay: number; runs: number }): Promise<CatalogRunResult> {
  const dir = mkdtempSync(path.join(existsShm() ? '/dev/shm' : os.tmpdir(), 'shipshape-bench-replenish-'));
  const today = new Date('2026-06-01T14:00:00Z');
  const clock = new ManualClock(today);
  const app = await openApp({ dbPath: path.join(dir, 'catalog.sqlite'), clock });
  try {
    const t0 = performance.now();
    const orderLines = seedCatalog(sqliteOnly(app.store, "This bench").sqlite, opts, today);
    const seedMs = performance.now() - t0;
    sqliteOnly(app.store, "This bench").sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqliteOnly(app.store, "This bench").sqlite.exec('analyze');
    // The CLI and the desktop app ship the forecasting thread prebuilt; from the sources it is bundled on first use. Not timed.
    await workerEntry(FORECAST_WORKER, new URL('../main/domain/replenishment/forecast-threads.ts', import.meta.url).href);
    await app.services.replenishment.autopilot.configure({ budgetCents: 50_000_000_00 });
    const runsMs: number[] = [];
    const runsCpuMs: number[] = [];
    let last = null as Awaited<ReturnType<typeof app.services.replenishment.autopilot.run>> | null;
    for (let r = 0; r < opts.runs; r++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      last = await app.services.replenishment.autopilot.run({ trigger: 'manual', actor: 'bench', transport: 'test' });
      runsMs.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      runsCpuMs.push((used.user + used.system) / 1000);
    }
    return { skus: opts.skus, orderLines, seedMs, runsMs, runsCpuMs, suggested: last?.run?.summary.suggested ?? 0, leftOut: last?.run?.summary.leftOut ?? 0, timings: last?.run ? await lastTimings(app, last.run.id) : {} };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lastTimings(app: Awaited<ReturnType<typeof openApp>>, runId: number): Promise<Record<string, number>> {
  const summary = JSON.parse((await app.store.raw<{ summary: string }>('select summary from replenishment_run where id = ?', runId))[0].summary) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(summary).filter(([k, v]) => k.endsWith('Ms') && typeof v === 'number')) as Record<string, number>;
}

function existsShm(): boolean {
  try {
    return os.platform() === 'linux' && statSync('/dev/shm').isDirectory();
  } catch {
    return false;
  }
}

export function seedCatalog(db: import('better-sqlite3').Database, opts: { skus: number; days: number; ordersPerDay: number }, today: Date): number {
  const random = rng(42);
  const n = opts.skus;
  const start = new Date(today.getTime() - (opts.days + 2) * DAY_MS).toISOString();
  const insertProduct = db.prepare('insert into product (id, sku, name, weight_g, price_cents, cost_cents, avg_cost_cents, created_at, updated_at) values (?,?,?,?,?,?,?,?,?)');
  const insertBalance = db.prepare('insert into stock_balance (product_id, warehouse_id, bin_id, lot_id, on_hand, reserved) values (?, 1, 1, null, ?, 0)');
  const insertMovement = db.prepare("insert into stock_movement (at, kind, product_id, warehouse_id, bin_id, quantity, unit_cost_cents, reason, actor) values (?, 'receive', ?, 1, 1, ?, ?, 'received', 'bench')");
  const insertLevel = db.prepare('insert into stock_level (product_id, warehouse_id, on_hand, sellable, reserved) values (?, 1, ?, ?, 0)');
  const insertSupplier = db.prepare('insert into supplier (id, name, lead_time_days, order_minimum_cents, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
  const insertItem = db.prepare('insert into supplier_item (id, supplier_id, product_id, unit_cost_cents, case_pack, moq) values (?, ?, ?, ?, ?, ?)');
  const insertBreak = db.prepare('insert into supplier_price_break (supplier_item_id, min_qty, unit_cost_cents) values (?, ?, ?)');
  const PACKS = [1, 1, 6, 12, 24];
  db.transaction(() => {
    for (let s = 1; s <= 20; s++) insertSupplier.run(s, `Supplier ${s}`, 3 + (s % 12), s % 4 === 0 ? 25_000 : 0, start, start);
    for (let i = 1; i <= n; i++) {
      const cost = 150 + Math.floor(random() * 5000);
      insertProduct.run(i, `SKU-${String(i).padStart(6, '0')}`, `Product ${i}`, 200, Math.round(cost * (1.6 + random())), cost, cost, start, start);
      // Stock put away before the history starts: none of its days is censored unless sold out.
      const qty = Math.floor(random() * 60);
      if (qty > 0) {
        insertBalance.run(i, qty);
        insertMovement.run(start, i, qty, cost);
      }
      insertLevel.run(i, qty, qty);
      const pack = PACKS[i % PACKS.length];
      insertItem.run(i, 1 + (i % 20), i, cost, pack, i % 7 === 0 ? pack * 4 : 0);
      if (i % 10 === 0) insertBreak.run(i, pack * 20, Math.round(cost * 0.92));
    }
  })();

  // Orders: SKU popularity follows a long tail (a power law over a random permutation), so a few
  // thousand SKUs sell daily and most sell a few times a year — as in a real 100k-SKU catalog.
  const perm = Uint32Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const pick = () => perm[Math.min(n - 1, Math.floor(n * Math.pow(random(), 2.2)))];
  db.prepare("insert into channel (id, name, kind, webhook_key, created_at) values (100, 'Bench', 'manual', 'bench', ?)").run(start);
  const insertOrder = db.prepare(
    "insert into sales_order (id, channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at, warehouse_id) values (?, 100, ?, ?, 'shipped', 'USD', 0, 0, ?, ?, ?, 1)",
  );
  const insertLine = db.prepare('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, shipped_qty) values (?, ?, ?, ?, ?, ?, ?, ?)');
  let orderId = 0;
  let lines = 0;
  for (let day = opts.days; day >= 1; day--) {
    db.transaction(() => {
      const base = today.getTime() - day * DAY_MS;
      const weekday = new Date(base).getUTCDay();
      const orders = Math.round(opts.ordersPerDay * (weekday === 0 || weekday === 6 ? 0.7 : 1.1));
      for (let o = 0; o < orders; o++) {
        orderId++;
        const at = new Date(base - 10 * 3_600_000 + Math.floor(random() * 20 * 3_600_000)).toISOString();
        insertOrder.run(orderId, `b${orderId}`, `#B${orderId}`, at, at, at);
        const count = 1 + Math.floor(random() * random() * 3);
        const seen = new Set<number>();
        for (let l = 1; l <= count; l++) {
          const product = pick();
          if (seen.has(product)) continue;
          seen.add(product);
          const qty = 1 + Math.floor(random() * random() * 4);
          insertLine.run(orderId, l, `SKU-${String(product).padStart(6, '0')}`, product, 'x', qty, 1000, qty);
          lines++;
        }
      }
    })();
  }
  return lines;
}
