import type { ForecastDto } from '../../shared/api/forecasting';
import { UsageError, type CliCommand } from './command';

/** What `forecast --json` prints: the issue's fields first, then the detail behind them. */
export function forecastJson(f: ForecastDto, warehouseCode: string | null) {
  return {
    sku: f.sku,
    /** The warehouse's code, or null: all warehouses together. */
    warehouse: warehouseCode,
    method: f.method,
    class: f.demandClass,
    per_day: round(f.perDay),
    /** Daily point forecasts from today, 30 of them. */
    next_30_days: f.next.slice(0, 30).map((p) => p.units),
    mase: f.mase === null ? null : round(f.mase),
    sd_per_day: round(f.sdPerDay),
    adi: f.adi === null ? null : round(f.adi),
    cv2: round(f.cv2),
    reason: f.reason,
    computed_at: f.computedAt,
    stored: f.stored,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export const forecastingCommands: CliCommand[] = [
  {
    name: 'forecast',
    usage: 'forecast --sku S [--warehouse CODE] [--refresh] [--json]',
    summary: 'Demand forecast of a product: method, demand class, units per day, the next 30 days, backtest MASE',
    options: { sku: { type: 'string' }, warehouse: { type: 'string' }, refresh: { type: 'boolean' } },
    async run({ values }, ctx) {
      const sku = values.sku;
      if (typeof sku !== 'string' || !sku.trim()) throw new UsageError('--sku is required: the product to forecast');
      const app = await ctx.openApp();
      let warehouseId: number | undefined;
      let warehouseCode: string | null = null;
      if (values.warehouse !== undefined) {
        const wanted = String(values.warehouse).trim();
        const warehouses = await app.invoke('warehouses.list', {}, { transport: 'cli' });
        const found = warehouses.find((w) => w.code.toLowerCase() === wanted.toLowerCase() || String(w.id) === wanted);
        if (!found) throw new UsageError(`--warehouse: no warehouse "${wanted}" (known: ${warehouses.map((w) => w.code).join(', ')})`);
        warehouseId = found.id;
        warehouseCode = found.code;
      }
      if (values.refresh) await app.invoke('forecasting.refresh', { skus: [sku], warehouseId }, { transport: 'cli' });
      const f = await app.invoke('forecasting.get', { sku, warehouseId, horizonDays: 30 }, { transport: 'cli' });
      const week = f.next.slice(0, 7).map((p) => p.units.toFixed(1)).join(' ');
      const human = [
        `${f.sku}${warehouseCode ? ` in ${warehouseCode}` : ''}: ${f.perDay.toFixed(2)} units/day, ${f.methodLabel}, ${f.demandClass} demand`,
        `next 7 days: ${week}  (±${(1.28 * f.sdPerDay).toFixed(1)} per day, 80 %)`,
        `MASE ${f.mase === null ? 'n/a' : f.mase.toFixed(2)} — ${f.reason}`,
      ].join('\n');
      ctx.out(forecastJson(f, warehouseCode), human);
    },
  },
];
