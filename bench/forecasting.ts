// forecast_ms_per_sku_730d: forecastSeries (classify, backtest every candidate, forecast) on a
// 730-day series, CPU per SKU over a mix of smooth, weekly seasonal, intermittent and lumpy SKUs.
// forecast_mase_vs_seasonal_naive: mean backtest MASE of the chosen method on simulated series with
// known parameters (scaled by the seasonal-naive forecast's in-sample error; the target ≤ 0.9).
import { forecastSeries } from '../main/domain/forecasting/index';
import { simulateDemand, type DemandPattern, type PatternParams } from '../main/domain/forecasting/simulate';
import { report } from './_harness';

const DAYS = 730;
const MIX: [DemandPattern, PatternParams][] = [
  ['smooth', { mean: 5 }],
  ['smooth', { mean: 40 }],
  ['seasonal', { mean: 8 }],
  ['seasonal', { mean: 2 }],
  ['intermittent', { mean: 0.4, demandChance: 0.3 }],
  ['lumpy', { mean: 1, demandChance: 0.15 }],
];
const censored = new Uint8Array(DAYS);
const series = MIX.flatMap(([pattern, params], k) => Array.from({ length: 20 }, (_, s) => ({ pattern, units: simulateDemand(pattern, params, DAYS, 1000 * k + s + 1) })));

const masePerPattern = new Map<string, number[]>();
for (const s of series) {
  const f = forecastSeries({ productId: 1, start: '2025-01-06', units: s.units, censored });
  if (f.mase !== null) masePerPattern.set(s.pattern, [...(masePerPattern.get(s.pattern) ?? []), f.mase]);
}
const all = [...masePerPattern.values()].flat();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const [pattern, xs] of masePerPattern) report(`forecast_mase_${pattern}`, mean(xs), 'ratio');
report('forecast_mase_vs_seasonal_naive', mean(all), 'ratio', { max: 0.9 });

const N = 30_000;
for (let i = 0; i < 3_000; i++) forecastSeries({ productId: i, start: '2025-01-06', units: series[i % series.length].units, censored }); // warm-up
const before = process.cpuUsage();
for (let i = 0; i < N; i++) forecastSeries({ productId: i, start: '2025-01-06', units: series[i % series.length].units, censored });
const cpu = process.cpuUsage(before);
report('forecast_ms_per_sku_730d', (cpu.user + cpu.system) / 1000 / N, 'ms', { max: 0.1 });
