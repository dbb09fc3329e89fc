import type { Core } from '../../core';

/**
 * Demand forecasting: daily demand per SKU from order lines (stockout days censored), classified
 * by Syntetos–Boylan and forecast by the method that wins a rolling-origin backtest.
 * This file is the module's public face; the pieces live next to it.
 */

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
export type ForecastMethod = 'ses' | 'croston' | 'sba' | 'tsb' | 'holt_winters' | 'zero';

export interface DemandSeries {
  productId: number;
  /** First day of the series, YYYY-MM-DD, shop-local day. */
  start: string;
  /** Units ordered per day (cancelled orders excluded). */
  units: Float64Array;
  /** 1 = the product had no sellable stock that day: the zero there is not a measurement of demand. */
  censored: Uint8Array;
}

export interface Forecast {
  method: ForecastMethod;
  demandClass: DemandClass;
  adi: number;
  cv2: number;
  /** Mean daily demand over the horizon. */
  perDay: number;
  /** One-day forecast error spread (RMSE of backtest residuals). */
  sdPerDay: number;
  /** Daily point forecast for the horizon. */
  next: Float64Array;
  /** MASE of the chosen method in the backtest (null when the history is too short to backtest). */
  mase: number | null;
  /** Why this method, one sentence. */
  reason: string;
}

export { forecastSeries, MAX_FIT_DAYS, METHOD_LABELS } from './select';
export { demandHistory } from './demand-history';
export { classifyDemand, ADI_CUTOFF, CV2_CUTOFF } from './classify';
export type { Core };
