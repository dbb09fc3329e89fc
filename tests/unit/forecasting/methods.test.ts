import { describe, expect, it } from 'vitest';
import { classifyDemand, forecastSeries, type DemandSeries } from '../../../main/domain/forecasting/index';
import { crostonPass, intermittentStart, meanAbsoluteScaledError, naiveScale, newScores, sesPass, tsbPass, ABS, TEST_N } from '../../../main/domain/forecasting/methods';
import { simulateDemand, WEEKEND_SHAPE } from '../../../main/domain/forecasting/simulate';

const series = (units: ArrayLike<number>, censored?: ArrayLike<number>): DemandSeries => ({
  productId: 1,
  start: '2026-01-05',
  units: Float64Array.from(units),
  censored: censored ? Uint8Array.from(censored) : new Uint8Array(units.length),
});
const repeat = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, t) => f(t));
const noTest = (n: number) => ({ trainEnd: n, origins: 0, horizon: 7 });

describe('forecasting methods on series with known answers', () => {
  it('forecasts a constant series as the constant (SES), with no error', () => {
    const f = forecastSeries(series(repeat(200, () => 5)), { horizonDays: 14 });
    expect(f.method).toBe('ses');
    expect(f.demandClass).toBe('smooth');
    expect([...f.next]).toEqual(repeat(14, () => 5));
    expect(f.perDay).toBe(5);
    expect(f.sdPerDay).toBe(0);
    expect(f.mase).toBe(0);
  });

  it('Croston, SBA and TSB recover the rate of a regular intermittent series (2 units every 4th day = 0.5/day)', () => {
    const s = series(repeat(400, (t) => (t % 4 === 3 ? 2 : 0)));
    const start = intermittentStart(s.units, s.censored, 400);
    const out = new Float64Array(7);
    crostonPass(s.units, s.censored, 0.1, start, noTest(400), newScores(), newScores(), out);
    expect(out[0]).toBeCloseTo(0.5, 6);
    crostonPass(s.units, s.censored, 0.1, start, noTest(400), newScores(), newScores(), out, 1 - 0.1 / 2);
    expect(out[0]).toBeCloseTo(0.5 * 0.95, 6); // SBA's bias correction
    tsbPass(s.units, s.censored, 0.1, 0.05, start, noTest(400), newScores(), out);
    expect(out[0]).toBeGreaterThan(0.45);
    expect(out[0]).toBeLessThan(0.56);
  });

  it('forecasts a random intermittent series near its known demand rate', () => {
    for (const seed of [1, 2, 3]) {
      const f = forecastSeries(series(simulateDemand('intermittent', { mean: 0.5, demandChance: 0.25 }, 365, seed)));
      expect(f.demandClass).toBe('intermittent');
      expect(['croston', 'sba', 'tsb', 'ses']).toContain(f.method);
      expect(f.perDay).toBeGreaterThan(0.35);
      expect(f.perDay).toBeLessThan(0.65);
    }
  });

  it('chooses Holt–Winters for weekly seasonal demand and recovers the weekly shape', () => {
    const n = 364;
    const f = forecastSeries(series(simulateDemand('seasonal', { mean: 20 }, n, 7, 0)), { horizonDays: 14 });
    expect(f.method).toBe('holt_winters');
    expect(f.reason).toMatch(/Holt–Winters/);
    expect(f.mase!).toBeLessThan(0.9);
    // next[h] is day n + h; day t of the simulation is weekday t mod 7.
    for (let h = 0; h < 7; h++) expect(Math.abs(f.next[h] / 20 - WEEKEND_SHAPE[(n + h) % 7])).toBeLessThan(0.15);
    const weekend = f.next[(5 - (n % 7) + 7) % 7]; // a Saturday
    const monday = f.next[(0 - (n % 7) + 7) % 7];
    expect(weekend / monday).toBeGreaterThan(1.6);
  });

  it('does not try Holt–Winters on a week without a pattern, and says so', () => {
    const f = forecastSeries(series(simulateDemand('smooth', { mean: 5 }, 365, 3)));
    expect(f.method).toBe('ses');
    expect(f.reason).toMatch(/no weekly pattern \(F \d+\.\d < 2\.1\), so no Holt–Winters\.$/);
  });

  it('classifies the four Syntetos–Boylan classes', () => {
    expect(classifyDemand(series(repeat(100, (t) => 5 + (t % 3) - 1))).demandClass).toBe('smooth');
    expect(classifyDemand(series(repeat(100, (t) => [1, 20, 2, 15][t % 4]))).demandClass).toBe('erratic');
    expect(classifyDemand(series(repeat(99, (t) => (t % 3 === 0 ? 2 + (t % 2) : 0)))).demandClass).toBe('intermittent');
    const lumpy = classifyDemand(series(repeat(99, (t) => (t % 3 === 0 ? [1, 30, 2][(t / 3) % 3] : 0))));
    expect(lumpy.demandClass).toBe('lumpy');
    expect(lumpy.adi).toBeCloseTo(3, 6);
  });

  it('does not let a stockout drag the forecast down: censored days are skipped', () => {
    // 200 days selling ~4 a day, then 21 days out of stock (recorded as zero).
    const units = simulateDemand('smooth', { mean: 4 }, 221, 11);
    const out = repeat(221, (t) => (t >= 200 ? 1 : 0));
    for (let t = 200; t < 221; t++) units[t] = 0;
    const censored = forecastSeries(series(units, out));
    const naive = forecastSeries(series(units));
    expect(censored.perDay).toBeGreaterThan(3.4);
    expect(censored.perDay).toBeLessThan(4.6);
    expect(naive.perDay).toBeLessThan(2); // what it would say if no stock were read as no demand
    expect(classifyDemand(series(units, out)).demandClass).toBe('smooth');
  });

  it('computes MASE as in a hand-worked example', () => {
    // SES α 0.5 on [1, 3, 2, 4 | 5, 1]: training ends at 4, one origin with a 2-day horizon.
    const y = Float64Array.from([1, 3, 2, 4, 5, 1]);
    const c = new Uint8Array(6);
    const s = newScores();
    sesPass(y, c, 0.5, { trainEnd: 4, origins: 1, horizon: 2 }, s, null);
    // Start 2.5 → 1.75 → 2.375 → 2.1875 → 3.09375, the forecast frozen at the origin.
    expect(s[TEST_N]).toBe(2);
    expect(s[ABS] / s[TEST_N]).toBeCloseTo((5 - 3.09375 + (3.09375 - 1)) / 2, 10); // 2.0
    // One-day naive scale on the training days: (|3−1| + |2−3| + |4−2|) / 3 = 5/3.
    expect(naiveScale(y, c, 4, 1)).toBeCloseTo(5 / 3, 10);
    expect(meanAbsoluteScaledError(2, 5 / 3)).toBeCloseTo(1.2, 10);
    // A censored day drops out of the scale's pairs.
    expect(naiveScale(y, Uint8Array.from([0, 1, 0, 0, 0, 0]), 4, 1)).toBe(2);
  });

  it('forecasts zero, with the reason, when no day with stock saw demand', () => {
    const f = forecastSeries(series(repeat(60, () => 0)));
    expect(f.method).toBe('zero');
    expect(f.perDay).toBe(0);
    expect(f.reason).toMatch(/No demand on any of the 60 days/);
  });

  it('beats the seasonal-naive forecast on simulated series (MASE ≤ 0.9 on average)', () => {
    const mases: number[] = [];
    for (const [pattern, params] of [['smooth', { mean: 5 }], ['seasonal', { mean: 8 }], ['intermittent', { mean: 0.6, demandChance: 0.3 }], ['lumpy', { mean: 1, demandChance: 0.15 }]] as const) {
      for (const seed of [1, 2, 3]) mases.push(forecastSeries(series(simulateDemand(pattern, params, 730, seed))).mase!);
    }
    const mean = mases.reduce((a, b) => a + b, 0) / mases.length;
    expect(mean).toBeLessThanOrEqual(0.9);
  });
});

describe('forecasting with little to learn from', () => {
  it('falls back to the usual method for the class, and says why, when there is too little history or no stock lately', () => {
    const short = forecastSeries(series([3, 4, 2, 5, 3, 4, 3, 2, 4, 3]));
    expect(short.method).toBe('ses');
    expect(short.mase).toBeNull();
    expect(short.reason).toMatch(/^Only 10 days of history, too few to backtest: Simple exponential smoothing/);
    expect(short.perDay).toBeGreaterThan(2.5);
    // Out of stock for the whole backtest window: forecast from the earlier days.
    const units = repeat(200, (t) => (t % 3 === 0 ? 2 : 0));
    const out = repeat(200, (t) => (t >= 144 ? 1 : 0));
    const blind = forecastSeries(series(units, out));
    expect(blind.demandClass).toBe('intermittent');
    expect(blind.method).toBe('sba');
    expect(blind.reason).toMatch(/^No day with stock in the last 56 days to backtest on/);
    expect(blind.perDay).toBeGreaterThan(0.5);
  });
});

/**
 * statsforecast's recursions (Nixtla, models.py): `_ses_forecast` starts at x[0] and smooths the
 * previous value into the level; CrostonClassic smooths the demand sizes and the intervals (index
 * distance, the first one counted from the start) with α 0.1, SBA is 0.95 × Croston, TSB smooths the
 * 0/1 demand indicator with α_p and the sizes with α_d. Our passes, started where statsforecast
 * starts (first size, first interval, first indicator), must give the same numbers.
 */
function statsforecastSes(x: number[], alpha: number): number {
  let smoothed = x[0];
  for (let i = 1; i < x.length; i++) smoothed = alpha * x[i - 1] + (1 - alpha) * smoothed;
  return alpha * x[x.length - 1] + (1 - alpha) * smoothed;
}

describe('agreement with statsforecast', () => {
  const y = [0, 0, 3, 0, 1, 0, 0, 0, 2, 0, 5, 0];
  const sizes = y.filter((v) => v > 0);
  const at = y.flatMap((v, i) => (v > 0 ? [i + 1] : []));
  const intervals = at.map((p, i) => p - (i ? at[i - 1] : 0));
  const s = series(y);
  const plan = noTest(y.length);
  const out = new Float64Array(1);

  it('Croston classic and SBA', () => {
    const croston = statsforecastSes(sizes, 0.1) / statsforecastSes(intervals, 0.1);
    expect(croston).toBeCloseTo(2.948 / 2.909, 12); // worked by hand as well
    crostonPass(s.units, s.censored, 0.1, { meanSize: sizes[0], meanInterval: intervals[0], demandRate: 0 }, plan, newScores(), newScores(), out);
    expect(out[0]).toBeCloseTo(croston, 12);
    crostonPass(s.units, s.censored, 0.1, { meanSize: sizes[0], meanInterval: intervals[0], demandRate: 0 }, plan, newScores(), newScores(), out, 0.95);
    expect(out[0]).toBeCloseTo(0.95 * croston, 12);
  });

  it('TSB', () => {
    const tsb = statsforecastSes(y.map((v) => (v > 0 ? 1 : 0)), 0.1) * statsforecastSes(sizes, 0.2);
    tsbPass(s.units, s.censored, 0.2, 0.1, { meanSize: sizes[0], meanInterval: 0, demandRate: 0 }, plan, newScores(), out);
    expect(out[0]).toBeCloseTo(tsb, 12);
  });
});
