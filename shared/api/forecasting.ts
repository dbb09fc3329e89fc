import { z } from 'zod';
import { method } from './contract';

export type ForecastMethodName = 'ses' | 'croston' | 'sba' | 'tsb' | 'holt_winters' | 'zero';
export type DemandClassName = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

/** One forecast day: the point forecast and its 80 % band (point ± 1.28 × the daily error spread, never below 0). */
export interface ForecastPointDto {
  date: string;
  units: number;
  lo: number;
  hi: number;
}

/** One day of demand history: units ordered (cancelled orders excluded); `censored` = no stock that day, so not a measurement. */
export interface DemandDayDto {
  date: string;
  units: number;
  censored: boolean;
}

/** A product's demand forecast, as the product page shows it. */
export interface ForecastDto {
  productId: number;
  sku: string;
  /** null: all warehouses together. */
  warehouseId: number | null;
  method: ForecastMethodName;
  /** "Holt–Winters (weekly)", "SBA (Syntetos–Boylan approximation)", ... */
  methodLabel: string;
  demandClass: DemandClassName;
  /** Average inter-demand interval in days (null: no demand at all). */
  adi: number | null;
  cv2: number;
  perDay: number;
  sdPerDay: number;
  mase: number | null;
  /** Why this method, one sentence. */
  reason: string;
  next: ForecastPointDto[];
  /** When it was computed; `stored` false: computed for this answer because none was stored yet. */
  computedAt: string;
  stored: boolean;
  /** Days the forecast was fitted on. */
  historyDays: number;
  /** The most recent days of history (`historyDays` of the input, default 120). */
  history: DemandDayDto[];
}

const sku = z.string().trim().min(1).max(200);
const warehouseId = z.number().int().positive();

export const forecastingApi = {
  /** The product's current forecast (stored, or computed now if none is) with its recent history. */
  'forecasting.get': method<ForecastDto>()(
    z.object({ sku, warehouseId: warehouseId.optional(), historyDays: z.number().int().min(7).max(730).default(120), horizonDays: z.number().int().min(1).max(365).default(30) }).strict(),
    { description: 'Demand forecast of a product: history, forecast with its band, the method and why' },
  ),
  /** Recomputes and stores forecasts (all active products, or the SKUs named) from the last year of orders. */
  'forecasting.refresh': method<{ refreshed: number; ms: number }>()(
    z.object({ skus: z.array(sku).max(10_000).optional(), warehouseId: warehouseId.optional() }).strict(),
    { description: 'Recompute demand forecasts', audit: 'purchasing', roles: ['owner'] },
  ),
};
