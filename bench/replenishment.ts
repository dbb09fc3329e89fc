// replenishment: the autopilot at catalog scale, and a year in the life of a shop against min/max.
//   replenish_plan_ms_100k_skus            — one full autopilot run (forecast every SKU from two years of order
//                                             lines on worker threads, classify, policy, budget, save suggestions)
//                                             over 100,000 SKUs; median of BENCH_REPLENISH_RUNS (3). Target ≤ 10,000.
//   sim_stockout_days_ratio_vs_minmax       — SKU-days out of stock, autopilot ÷ min/max, over a simulated year
//                                             through the real services (bench/_replenishment-sim.ts). Target ≤ 0.5.
//   sim_avg_stock_value_ratio_vs_minmax     — average stock value, autopilot ÷ min/max (min/max tuned to hold the
//                                             autopilot's). Target ≤ 1.0.
//   sim_fill_rate                           — units allocated on the day ordered ÷ units ordered (autopilot). ≥ 0.97.
//   forecast_mase                           — the forecasts' MAE ÷ the seasonal-naive forecast's on the simulated
//                                             series (rolling origins, 7-day horizon). Target ≤ 0.9.
// Each sim metric is the median of BENCH_SIM_RUNS (3) seeds; the spread is printed beside it.
// BENCH_REPLENISH_SKUS / BENCH_REPLENISH_ORDERS_PER_DAY size the catalog part; BENCH_REPLENISH_PART=catalog|sim runs one part.
import os from 'node:os';
import { median, report } from './_harness';
import { runCatalogBench } from './_replenishment-100k';
import { runShopYear } from './_replenishment-sim';

const part = process.env.BENCH_REPLENISH_PART ?? 'all';

if (part === 'all' || part === 'catalog') {
  const skus = Number(process.env.BENCH_REPLENISH_SKUS ?? 100_000);
  const r = await runCatalogBench({ skus, days: 730, ordersPerDay: Number(process.env.BENCH_REPLENISH_ORDERS_PER_DAY ?? 1500), runs: Number(process.env.BENCH_REPLENISH_RUNS ?? 3) });
  console.log(JSON.stringify({ info: 'catalog', skus: r.skus, order_lines: r.orderLines, seed_ms: Math.round(r.seedMs), runs_ms: r.runsMs.map(Math.round), runs_cpu_ms: r.runsCpuMs.map(Math.round), cores: os.availableParallelism(), load_avg_1m: os.loadavg()[0], suggested: r.suggested, left_out: r.leftOut, last_run: r.timings }));
  report(skus === 100_000 ? 'replenish_plan_ms_100k_skus' : `replenish_plan_ms_${skus}_skus`, median(r.runsMs), 'ms', { max: 10_000 });
}

if (part === 'all' || part === 'sim') {
  const runs = Number(process.env.BENCH_SIM_RUNS ?? 3);
  const results = [];
  for (let seed = 1; seed <= runs; seed++) {
    const r = await runShopYear({ seed, skus: Number(process.env.BENCH_SIM_SKUS ?? 40), days: Number(process.env.BENCH_SIM_DAYS ?? 365) });
    console.log(JSON.stringify({ info: 'sim', seed, ...r }));
    results.push(r);
  }
  const spread = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  const metric = (name: string, values: number[], unit: string, target: { max?: number; min?: number }) => {
    report(name, median(values), unit, target);
    console.log(JSON.stringify({ info: `${name} spread`, ...spread(values).valueOf(), runs: values.map((v) => Math.round(v * 1000) / 1000) }));
  };
  metric('sim_stockout_days_ratio_vs_minmax', results.map((r) => r.stockoutDaysRatio), 'ratio', { max: 0.5 });
  metric('sim_avg_stock_value_ratio_vs_minmax', results.map((r) => r.stockValueRatio), 'ratio', { max: 1.0 });
  metric('sim_fill_rate', results.map((r) => r.fillRate), 'ratio', { min: 0.97 });
  metric('forecast_mase', results.map((r) => r.forecastMase), 'ratio', { max: 0.9 });
}
