import type { Core } from '../../core';
import { notFound } from '../../../shared/errors';
import type { DemandDayDto, ForecastDto, ForecastPointDto } from '../../../shared/api/forecasting';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';
import { shopCalendar } from '../calendar/shop-calendar';
import { demandHistory } from './demand-history';
import { forecastSeries, MAX_FIT_DAYS, METHOD_LABELS } from './select';
import type { DemandClass, Forecast, ForecastMethod } from './index';

/** Products per demandHistory call: bounds memory (9 bytes per product-day) and the SQL `in` list. */
const BATCH = 2_000;
/** The band drawn and stored around the point forecast: ±1.28 σ, a central 80 % interval under normal errors. */
const BAND_Z = 1.28;

/** A stored forecast as the replenishment policy reads it (no JSON parsing of the daily points). */
export interface StoredForecast {
  productId: number;
  warehouseId: number | null;
  method: ForecastMethod;
  demandClass: DemandClass;
  perDay: number;
  sdPerDay: number;
  mase: number | null;
  reason: string;
  computedAt: string;
}

/**
 * Computes, stores and reads back demand forecasts (table `forecast`, migration 0023). The daily
 * replenishment run calls `refresh()`; the product page calls `get()`.
 */
export class ForecastingService {
  constructor(private readonly core: Core) {}

  /**
   * Recomputes the forecasts of the products named (default: every active product) from the last
   * year of history plus the backtest window, one transaction per batch, so a crash leaves each
   * product with either its old or its new forecast.
   */
  async refresh(productIds?: readonly number[], opts: { warehouseId?: number; horizonDays?: number } = {}): Promise<{ refreshed: number; ms: number }> {
    const started = performance.now();
    const { store } = this.core;
    const db = store.kysely;
    const ids = productIds ? [...productIds] : (await store.all(db.selectFrom('product').select('id').where('active', '=', 1).orderBy('id'))).map((r) => r.id);
    if (opts.warehouseId !== undefined && !await store.get(db.selectFrom('warehouse').select('id').where('id', '=', opts.warehouseId))) throw notFound(`Warehouse ${opts.warehouseId}`, { field: 'warehouseId' });
    if (productIds) {
      const known = new Set<number>();
      for (let b = 0; b < ids.length; b += BATCH) for (const r of await store.all(db.selectFrom('product').select('id').where('id', 'in', ids.slice(b, b + BATCH)))) known.add(r.id);
      const unknown = ids.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw notFound(`Product ${ids[unknown]}`, { field: `productIds.${unknown}` });
    }
    const computedAt = this.core.clock.now().toISOString();
    const today = parseLocalDate((await shopCalendar(this.core)).today());
    const horizon = opts.horizonDays ?? 30;
    let refreshed = 0;
    for (let b = 0; b < ids.length; b += BATCH) {
      const series = await demandHistory(this.core, { productIds: ids.slice(b, b + BATCH), warehouseId: opts.warehouseId, days: MAX_FIT_DAYS, until: formatLocalDate(today - 1) });
      refreshed += await this.save(series.map((s) => ({ productId: s.productId, forecast: forecastSeries(s, { horizonDays: horizon }), historyDays: s.units.length })), { warehouseId: opts.warehouseId, computedAt });
    }
    return { refreshed, ms: Math.round(performance.now() - started) };
  }

  /**
   * Stores forecasts computed elsewhere (the autopilot's forecasting threads compute the same
   * `forecastSeries` for every product daily; storing theirs keeps the product page current without
   * a second pass). One transaction; the daily points start today at the shop.
   */
  async save(rows: readonly { productId: number; forecast: Forecast; historyDays: number }[], opts: { warehouseId?: number; computedAt?: string } = {}): Promise<number> {
    const { store } = this.core;
    const db = store.kysely;
    const computedAt = opts.computedAt ?? this.core.clock.now().toISOString();
    const today = parseLocalDate((await shopCalendar(this.core)).today());
    const values = rows.map(({ productId, forecast: f, historyDays }) => ({
      product_id: productId,
      warehouse_id: opts.warehouseId ?? 0,
      method: f.method,
      demand_class: f.demandClass,
      adi: Number.isFinite(f.adi) ? f.adi : null,
      cv2: f.cv2,
      per_day: f.perDay,
      sd_per_day: f.sdPerDay,
      mase: f.mase,
      reason: f.reason,
      next: JSON.stringify(forecastPoints(f, today)),
      history_days: historyDays,
      computed_at: computedAt,
    }));
    await store.tx(async () => {
      for (const row of values) {
        const { product_id: _p, warehouse_id: _w, ...update } = row;
        await store.run(db.insertInto('forecast').values(row).onConflict((oc) => oc.columns(['product_id', 'warehouse_id']).doUpdateSet(update)));
      }
    });
    // Open product pages reload their chart.
    if (values.length) this.core.events.publish('forecasting.saved', { products: values.length });
    return values.length;
  }

  /** Stored forecasts by product (all warehouses together unless `warehouseId`). */
  async stored(productIds?: readonly number[], warehouseId?: number): Promise<Map<number, StoredForecast>> {
    const { store } = this.core;
    let q = store.kysely
      .selectFrom('forecast')
      .select(['product_id', 'warehouse_id', 'method', 'demand_class', 'per_day', 'sd_per_day', 'mase', 'reason', 'computed_at'])
      .where('warehouse_id', '=', warehouseId ?? 0);
    if (productIds && productIds.length <= 10_000) q = q.where('product_id', 'in', productIds.length ? [...productIds] : [-1]);
    const wanted = productIds ? new Set(productIds) : null;
    const out = new Map<number, StoredForecast>();
    for (const r of await store.all(q)) {
      if (wanted && !wanted.has(r.product_id)) continue;
      out.set(r.product_id, {
        productId: r.product_id, warehouseId: r.warehouse_id || null, method: r.method, demandClass: r.demand_class, perDay: r.per_day,
        sdPerDay: r.sd_per_day, mase: r.mase, reason: r.reason, computedAt: r.computed_at,
      });
    }
    return out;
  }

  /** The product's forecast (the one stored today, or computed now when there is none) and its recent history, for the product page and the CLI. */
  async get(sku: string, warehouseId?: number, opts: { historyDays?: number; horizonDays?: number } = {}): Promise<ForecastDto> {
    const { store } = this.core;
    const db = store.kysely;
    const product = await store.get(db.selectFrom('product').select(['id', 'sku']).where('sku', '=', sku));
    if (!product) throw notFound(`Product with SKU "${sku}"`, { field: 'sku' });
    if (warehouseId !== undefined && !await store.get(db.selectFrom('warehouse').select('id').where('id', '=', warehouseId))) throw notFound(`Warehouse ${warehouseId}`, { field: 'warehouseId' });
    const today = parseLocalDate((await shopCalendar(this.core)).today());
    const horizon = opts.horizonDays ?? 30;
    const historyDays = opts.historyDays ?? 120;
    const [recent] = await demandHistory(this.core, { productIds: [product.id], warehouseId, days: historyDays, until: formatLocalDate(today - 1) });
    const history: DemandDayDto[] = Array.from(recent.units, (units, d) => ({ date: formatLocalDate(parseLocalDate(recent.start) + d), units, censored: recent.censored[d] === 1 }));
    const row = await store.get(db.selectFrom('forecast').selectAll().where('product_id', '=', product.id).where('warehouse_id', '=', warehouseId ?? 0));
    const base = { productId: product.id, sku: product.sku, warehouseId: warehouseId ?? null, history };
    // A forecast from an earlier shop day missed the orders since: compute a current one instead (not stored: this is a read).
    if (row && (await shopCalendar(this.core)).localDate(new Date(row.computed_at)) === formatLocalDate(today)) {
      const next = (JSON.parse(row.next) as ForecastPointDto[]).filter((p) => p.date >= formatLocalDate(today)).slice(0, horizon);
      return {
        ...base, method: row.method, methodLabel: METHOD_LABELS[row.method], demandClass: row.demand_class, adi: row.adi, cv2: row.cv2, perDay: row.per_day,
        sdPerDay: row.sd_per_day, mase: row.mase, reason: row.reason, next, computedAt: row.computed_at, stored: true, historyDays: row.history_days,
      };
    }
    const [series] = await demandHistory(this.core, { productIds: [product.id], warehouseId, days: MAX_FIT_DAYS, until: formatLocalDate(today - 1) });
    const f = forecastSeries(series, { horizonDays: horizon });
    return {
      ...base, method: f.method, methodLabel: METHOD_LABELS[f.method], demandClass: f.demandClass, adi: Number.isFinite(f.adi) ? f.adi : null, cv2: f.cv2,
      perDay: f.perDay, sdPerDay: f.sdPerDay, mase: f.mase, reason: f.reason, next: forecastPoints(f, today), computedAt: this.core.clock.now().toISOString(),
      stored: false, historyDays: series.units.length,
    };
  }
}

/** The daily points from `firstDay` (today at the shop: the history ends yesterday) with the band. */
function forecastPoints(f: Forecast, firstDay: number): ForecastPointDto[] {
  const spread = BAND_Z * f.sdPerDay;
  return Array.from(f.next, (units, h) => ({ date: formatLocalDate(firstDay + h), units: round(units), lo: round(Math.max(0, units - spread)), hi: round(units + spread) }));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function createForecasting(core: Core): ForecastingService {
  return new ForecastingService(core);
}
