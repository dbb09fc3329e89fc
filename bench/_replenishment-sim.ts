import { eachInOrder } from '../main/util/in-order';
// A year in the life of a shop, through the real services: orders through the intake API (manual
// orders, allocated or backordered at once), POs drafted and sent, receipts through purchasing's
// receiving when each PO arrives (promised lead time with variance), backorders released by them.
// Run twice on the same demand and lead-time draws: the autopilot (daily run, approving what it
// suggests within its budget) and a fixed min/max policy tuned to hold the same average stock value.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/clock';
import type { App } from '../main/app';
import { openApp } from '../main/app';
import { forecastSeries } from '../main/domain/forecasting/index';
import { rng } from './_replenishment-100k';

const DAY_MS = 86_400_000;
const WARM_DAYS = 120;
const START = Date.parse('2025-01-06T00:00:00Z');
const LEAD_TIMES = [5, 8, 12];
const COVER_DAYS = 14;
const ADDRESS = { name: 'Ada Buyer', line1: '1 Main St', city: 'Springfield', regionCode: 'IL', postalCode: '62701', countryCode: 'US' };

interface SimSku {
  sku: string;
  kind: 'smooth' | 'seasonal' | 'intermittent';
  priceCents: number;
  costCents: number;
  casePack: number;
  supplier: number;
  /** Units demanded per day, warm-up first. */
  demand: Int32Array;
}

export interface ShopYearResult {
  skus: number;
  days: number;
  auto: PolicyOutcome;
  minmax: PolicyOutcome & { factor: number };
  stockoutDaysRatio: number;
  stockValueRatio: number;
  fillRate: number;
  forecastMase: number;
  ms: number;
}

interface PolicyOutcome {
  stockoutDays: number;
  avgStockValueCents: number;
  fillRate: number;
  pos: number;
}

function poisson(random: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

/** Demand generators with known parameters: smooth Poisson, weekly-and-yearly seasonal Poisson, intermittent Bernoulli × size. */
function makeSkus(seed: number, count: number, days: number): SimSku[] {
  const random = rng(seed * 7919);
  const total = WARM_DAYS + days;
  const WEEK = [1.5, 0.6, 0.8, 0.9, 1.0, 1.2, 2.0]; // Sunday first
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 5 < 2 ? 'smooth' : i % 5 < 4 ? 'seasonal' : 'intermittent';
    const demand = new Int32Array(total);
    const lambda = 2 + random() * 8;
    const p = 0.1 + random() * 0.2;
    const phase = random() * 2 * Math.PI;
    for (let d = 0; d < total; d++) {
      const weekday = new Date(START + d * DAY_MS).getUTCDay();
      if (kind === 'smooth') demand[d] = poisson(random, lambda);
      else if (kind === 'seasonal') demand[d] = poisson(random, lambda * WEEK[weekday] * (1 + 0.3 * Math.sin((2 * Math.PI * d) / 365 + phase)));
      else demand[d] = random() < p ? 1 + poisson(random, 1.5) : 0;
    }
    const priceCents = 800 + Math.floor(random() * 5200);
    return { sku: `SIM-${i + 1}`, kind, priceCents, costCents: Math.round(priceCents * (0.45 + random() * 0.15)), casePack: [1, 1, 6, 12][i % 4], supplier: i % LEAD_TIMES.length, demand };
  });
}

/** The actual lead time of a PO sent on day d to supplier s: promised × (1 + 25 % noise), at least a day; the same draw for both policies. */
function leadTimeDraws(seed: number, days: number): number[][] {
  const random = rng(seed * 104729);
  return LEAD_TIMES.map((l) =>
    Array.from({ length: days }, () => {
      const z = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
      return Math.max(1, Math.round(l * (1 + 0.25 * z)));
    }),
  );
}

export async function runShopYear(opts: { seed: number; skus: number; days: number }): Promise<ShopYearResult> {
  const t0 = performance.now();
  const skus = makeSkus(opts.seed, opts.skus, opts.days);
  const leads = leadTimeDraws(opts.seed, opts.days);
  const auto = await runPolicy(skus, leads, opts.days, { kind: 'autopilot' });
  // Tune min/max to the autopilot's average stock value on a quick model of the same year, then run it for real.
  let factor = tuneMinMax(skus, leads, opts.days, auto.avgStockValueCents);
  let minmax = { ...(await runPolicy(skus, leads, opts.days, { kind: 'minmax', factor })), factor };
  // The model is close to the services but not exact: when the real min/max year held less stock
  // than the autopilot's, or more than 0.5 % more, correct the model by the miss and run it again,
  // aiming a quarter percent above. Ties go to min/max: given at least the autopilot's stock, its
  // stockout days are not overstated, and the stock-value ratio is ≤ 1 by the rule, not by chance.
  for (let retry = 0; retry < 3; retry++) {
    const ratio = minmax.avgStockValueCents / auto.avgStockValueCents;
    if (ratio >= 1 && ratio <= 1.005) break;
    const miss = minmax.avgStockValueCents / minMaxStockValue(skus, leads, opts.days, factor);
    factor = tuneMinMax(skus, leads, opts.days, (auto.avgStockValueCents * 1.0025) / miss);
    minmax = { ...(await runPolicy(skus, leads, opts.days, { kind: 'minmax', factor })), factor };
  }
  return {
    skus: skus.length,
    days: opts.days,
    auto,
    minmax,
    stockoutDaysRatio: auto.stockoutDays / Math.max(1, minmax.stockoutDays),
    stockValueRatio: auto.avgStockValueCents / minmax.avgStockValueCents,
    fillRate: auto.fillRate,
    forecastMase: forecastMaseVsSeasonalNaive(skus),
    ms: Math.round(performance.now() - t0),
  };
}

const meanWarm = (s: SimSku) => s.demand.subarray(0, WARM_DAYS).reduce((a, b) => a + b, 0) / WARM_DAYS;
const openingStock = (s: SimSku) => Math.ceil(meanWarm(s) * (LEAD_TIMES[s.supplier] + COVER_DAYS));
/** The shop's min/max from its average sales: min = the lead time's demand × factor, max = min + two weeks' × factor. */
const minMaxOf = (s: SimSku, factor: number) => {
  const mu = meanWarm(s);
  const min = Math.ceil(mu * LEAD_TIMES[s.supplier] * factor);
  return { min, max: min + Math.ceil(mu * COVER_DAYS * factor) };
};
const roundUp = (q: number, pack: number) => Math.ceil(q / pack) * pack;

async function runPolicy(skus: SimSku[], leads: number[][], days: number, policy: { kind: 'autopilot' } | { kind: 'minmax'; factor: number }): Promise<PolicyOutcome> {
  const dir = mkdtempSync(path.join(os.platform() === 'linux' ? '/dev/shm' : os.tmpdir(), 'shipshape-sim-'));
  const clock = new ManualClock(new Date(START + 6 * 3_600_000));
  const app = await openApp({ dbPath: path.join(dir, 'sim.sqlite'), clock });
  try {
    const ids = await setUpShop(app, skus);
    const arrivals = new Map<number, number[]>(); // day → PO ids arriving
    let stockoutDays = 0;
    let stockValue = 0;
    let ordered = 0;
    let filled = 0;
    let pos = 0;
    const at = (d: number, hour: number, minute = 0) => clock.set(new Date(START + (WARM_DAYS + d) * DAY_MS + hour * 3_600_000 + minute * 60_000));
    for (let d = 0; d < days; d++) {
      at(d, 7);
      for (const poId of arrivals.get(d) ?? []) {
        const po = await app.invoke('po.get', { po: poId });
        await app.invoke('po.receive', { po: poId, lines: po.lines.map((l) => ({ productId: l.productId, quantity: l.quantity - l.receivedQty })) } as never);
      }
      for (const [i, s] of skus.entries()) {
        const qty = s.demand[WARM_DAYS + d];
        if (qty === 0) continue;
        at(d, 9, i);
        const order = await app.invoke('orders.create', { customer: { name: 'Sim' }, shipTo: ADDRESS, lines: [{ sku: s.sku, quantity: qty, unitPriceCents: s.priceCents }] } as never);
        ordered += qty;
        if ((order as { status: string }).status === 'allocated') filled += qty;
      }
      at(d, 18);
      const sent = policy.kind === 'autopilot' ? await autopilotDay(app) : await minMaxDay(app, skus, ids, policy.factor);
      for (const { id, supplierId } of sent) {
        const arrive = d + leads[supplierOf(app, supplierId)][d];
        arrivals.set(arrive, [...(arrivals.get(arrive) ?? []), id]);
        pos++;
      }
      at(d, 23, 30);
      const levels = new Map((await app.store.raw<{ product_id: number; available: number }>('select product_id, sellable - reserved as available from stock_level where warehouse_id = 1')).map((r) => [r.product_id, r.available]));
      skus.forEach((s, i) => {
        const available = levels.get(ids[i]) ?? 0;
        if (available <= 0) stockoutDays++;
        stockValue += Math.max(0, available) * s.costCents;
      });
    }
    return { stockoutDays, avgStockValueCents: Math.round(stockValue / days), fillRate: filled / Math.max(1, ordered), pos };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const supplierIndex = new WeakMap<App, Map<number, number>>();
function supplierOf(app: App, supplierId: number): number {
  return supplierIndex.get(app)!.get(supplierId)!;
}

/** Products, suppliers, opening stock and the warm-up history (shipped orders, written as rows: they are the past). */
async function setUpShop(app: App, skus: SimSku[]): Promise<number[]> {
  const supplierIds: number[] = [];
  for (const [i, lead] of LEAD_TIMES.entries()) supplierIds.push((await app.invoke('suppliers.create', { name: `Supplier ${i + 1}`, leadTimeDays: lead } as never)).id);
  supplierIndex.set(app, new Map(supplierIds.map((id, i) => [id, i])));
  const ids: number[] = [];
  for (const s of skus) {
    const p = await app.invoke('catalog.upsert', { sku: s.sku, name: s.sku, priceCents: s.priceCents, costCents: s.costCents } as never);
    ids.push((p as { id: number }).id);
    await app.invoke('suppliers.upsertItem', { supplierId: supplierIds[s.supplier], productId: ids.at(-1)!, unitCostCents: s.costCents, casePack: s.casePack } as never);
    await app.invoke('stock.adjust', { sku: s.sku, delta: Math.max(1, openingStock(s)), reason: 'opening stock' } as never);
  }
  const { store } = app;
  await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('History', 'manual', 'sim-history', 'now')");
  const channelId = (await store.raw<{ id: number }>("select id from channel where webhook_key = 'sim-history'"))[0].id;
  await store.tx(async () => {
    for (let d = 0; d < WARM_DAYS; d++) {
      await eachInOrder(skus, async (s, i) => {
        const qty = s.demand[d];
        if (!qty) return;
        const placed = new Date(START + d * DAY_MS + 12 * 3_600_000).toISOString();
        const orderId = await store.insert(
          "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at, warehouse_id) values (?, ?, ?, 'shipped', 'USD', 0, 0, ?, ?, ?, 1)",
          channelId, `w${d}-${i}`, `#W${d}-${i}`, placed, placed, placed,
        );
        await store.raw('insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents, shipped_qty) values (?, 1, ?, ?, ?, ?, ?, ?)', orderId, s.sku, ids[i], s.sku, qty, s.priceCents, qty);
      });
    }
  });
  // A budget that binds only in a rush: three times a normal month's purchases.
  const monthly = skus.reduce((sum, s) => sum + meanWarm(s) * 30 * s.costCents, 0);
  await app.invoke('replenish.configure', { budgetCents: Math.round(3 * monthly), coverDays: COVER_DAYS, dailyRun: false });
  return ids;
}

/** The autopilot's day: its run, the owner approving every suggestion, the POs sent. */
async function autopilotDay(app: App): Promise<{ id: number; supplierId: number }[]> {
  const current = await app.services.replenishment.autopilot.run({ trigger: 'daily', actor: 'autopilot', transport: 'test' });
  const pending = current.suggestions.filter((s) => s.status === 'pending');
  if (!pending.length) return [];
  const pos = await app.invoke('replenish.approve', { ids: pending.map((s) => s.id) });
  const out = [];
  for (const po of pos) {
    await app.invoke('po.send', { po: po.id } as never);
    out.push({ id: po.id, supplierId: pending.find((s) => s.supplier === po.supplier)!.supplierId });
  }
  return out;
}

/** The fixed rule: when stock + on order − backordered falls to min, order up to max (in case packs), one PO per supplier. */
async function minMaxDay(app: App, skus: SimSku[], ids: number[], factor: number): Promise<{ id: number; supplierId: number }[]> {
  const { store } = app;
  const available = new Map((await store.raw<{ product_id: number; a: number }>('select product_id, sellable - reserved as a from stock_level where warehouse_id = 1')).map((r) => [r.product_id, r.a]));
  const onOrder = await app.services.purchasing.onOrder({ warehouseId: 1 });
  const back = new Map(
    (await store.raw<{ product_id: number; units: number }>("select l.product_id, sum(l.quantity) as units from order_line l join sales_order o on o.id = l.order_id where o.status = 'backordered' group by l.product_id")).map((r) => [r.product_id, r.units]),
  );
  const bySupplier = new Map<number, { productId: number; quantity: number }[]>();
  const supplierIds = [...supplierIndex.get(app)!.keys()];
  skus.forEach((s, i) => {
    const { min, max } = minMaxOf(s, factor);
    const position = (available.get(ids[i]) ?? 0) + (onOrder.get(ids[i])?.onOrder ?? 0) - (back.get(ids[i]) ?? 0);
    if (position > min) return;
    const quantity = roundUp(max - position, s.casePack);
    const sid = supplierIds[s.supplier];
    bySupplier.set(sid, [...(bySupplier.get(sid) ?? []), { productId: ids[i], quantity }]);
  });
  const out = [];
  for (const [supplierId, lines] of bySupplier) {
    const po = (await app.invoke('po.create', { supplierId, lines } as never)) as { id: number };
    await app.invoke('po.send', { po: po.id } as never);
    out.push({ id: po.id, supplierId });
  }
  return out;
}

/** A quick model of the min/max year (same draws, same rules, no database): its average stock value. */
function minMaxStockValue(skus: SimSku[], leads: number[][], days: number, factor: number): number {
  let value = 0;
  for (const s of skus) {
    const { min, max } = minMaxOf(s, factor);
    let onHand = Math.max(1, openingStock(s));
    let backlog = 0;
    const pipeline = new Map<number, number>();
    let onOrder = 0;
    for (let d = 0; d < days; d++) {
      const arriving = pipeline.get(d) ?? 0;
      onHand += arriving;
      onOrder -= arriving;
      const served = Math.min(onHand, backlog);
      onHand -= served;
      backlog -= served;
      const q = s.demand[WARM_DAYS + d];
      if (q > 0 && q <= onHand) onHand -= q;
      else backlog += q;
      const position = onHand + onOrder - backlog;
      if (position <= min) {
        const qty = roundUp(max - position, s.casePack);
        const arrive = d + leads[s.supplier][d];
        pipeline.set(arrive, (pipeline.get(arrive) ?? 0) + qty);
        onOrder += qty;
      }
      value += onHand * s.costCents;
    }
  }
  return value / days;
}

function tuneMinMax(skus: SimSku[], leads: number[][], days: number, targetCents: number): number {
  let lo = 0.1;
  let hi = 6;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (minMaxStockValue(skus, leads, days, mid) > targetCents) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The forecasting's MAE over 7-day horizons from rolling origins (every week of the last half
 * year), divided by the seasonal-naive forecast's (the same weekday a week earlier) on the same days.
 */
function forecastMaseVsSeasonalNaive(skus: SimSku[]): number {
  let errForecast = 0;
  let errNaive = 0;
  for (const s of skus) {
    const n = s.demand.length;
    for (let origin = Math.max(56, n - 182); origin + 7 <= n; origin += 7) {
      const units = Float64Array.from(s.demand.subarray(0, origin));
      const f = forecastSeries({ productId: 0, start: '2025-01-06', units, censored: new Uint8Array(origin) }, { horizonDays: 7, seasonLength: 7 });
      for (let h = 0; h < 7; h++) {
        const y = s.demand[origin + h];
        errForecast += Math.abs(y - f.next[h]);
        errNaive += Math.abs(y - s.demand[origin + h - 7]);
      }
    }
  }
  return errForecast / errNaive;
}
