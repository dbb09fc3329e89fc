import type { Core } from '../../core';
import { demandHistory, forecastSeries, type DemandSeries } from '../forecasting/index';

/** What the policy needs of a product's forecast, plus its recent sales for the ABC classes. */
export interface DemandForecast {
  perDay: number;
  sdPerDay: number;
  method: string;
  /** Units sold over the last `recentDays` (uncensored or not: what was sold). */
  recentUnits: number;
}

/** Reads forecasts for products: the product's own forecasting, run now over the order history. */
export type ForecastSource = (core: Core, productIds: readonly number[], opts: { warehouseId: number; historyDays: number; recentDays: number; until?: string }) => Map<number, DemandForecast> | Promise<Map<number, DemandForecast>>;

/** Sums the last `days` of a series. */
export function recentUnits(series: Pick<DemandSeries, 'units'>, days: number): number {
  let sum = 0;
  for (let i = Math.max(0, series.units.length - days); i < series.units.length; i++) sum += series.units[i];
  return sum;
}

/** The forecast of one series in the shape the policy reads (runs in worker threads too: plain data in, plain data out). */
export function forecastForPolicy(series: DemandSeries, recentDays: number): DemandForecast {
  const f = forecastSeries(series, { horizonDays: 60, seasonLength: 7 });
  return { perDay: f.perDay, sdPerDay: f.sdPerDay, method: f.method, recentUnits: recentUnits(series, recentDays) };
}

/** Demand history from order lines, forecast in this thread (small catalogs, tests without worker scripts). */
export async function forecastsFromHistory(core: Core, productIds: readonly number[], opts: { warehouseId: number; historyDays: number; recentDays: number; until?: string }): Promise<Map<number, DemandForecast>> {
  const out = new Map<number, DemandForecast>();
  const CHUNK = 2000;
  for (let i = 0; i < productIds.length; i += CHUNK) {
    const series = await demandHistory(core, { productIds: productIds.slice(i, i + CHUNK), warehouseId: opts.warehouseId, days: opts.historyDays, until: opts.until });
    for (const s of series) out.set(s.productId, forecastForPolicy(s, opts.recentDays));
  }
  return out;
};
