import type { DemandClass, DemandSeries, Forecast, ForecastMethod } from './index';
import { classifyDemand } from './classify';
import {
  ABS, SQ, SSE, TEST_N, TRAIN_N, crostonPass, seasonalF, sesGridPass, holtWintersPass, holtWintersScratch, intermittentStart, meanAbsoluteScaledError, naiveScale, newScores, sesPass, tsbPass,
  type BacktestPlan, type HoltWintersParams, type IntermittentStart, type PassScores,
} from './methods';

/**
 * Small parameter grids: each point is one pass over the series, and the replenishment run
 * forecasts 100,000 SKUs. Values span slow to fast adaptation; finer grids changed backtest
 * MASE by < 1 % on the simulated series.
 */
const SES_ALPHAS = Float64Array.from([0.05, 0.15, 0.3, 0.5]);
const sesScores = new Float64Array(5 * SES_ALPHAS.length);
const sesState = new Float64Array(2 * SES_ALPHAS.length);
const CROSTON_ALPHAS = [0.05, 0.15, 0.3];
const TSB_GRID: [number, number][] = [[0.1, 0.05], [0.1, 0.2], [0.3, 0.05], [0.3, 0.2]];
/** Holt–Winters: level × season smoothing without a trend first, then a damped trend on the best of those. */
const HW_GRID: HoltWintersParams[] = [];
for (const alpha of [0.05, 0.2]) for (const gamma of [0.05, 0.2]) HW_GRID.push({ alpha, beta: 0, gamma, phi: 1 });
const HW_TREND = { beta: 0.03, phi: 0.9 };
/** F(6, ∞) at the 5 % level: below it the week has no pattern worth a seasonal model. */
export const WEEKLY_F_CRITICAL = 2.1;
/** ANOVA sums and counts per phase: seasons up to 32 days. */
const fScratch = new Float64Array(64);
const hwScratch = new Map<number, ReturnType<typeof holtWintersScratch>>();

/** A year of weeks plus the 8-week backtest. */
export const MAX_FIT_DAYS = 364 + 56;

export const METHOD_LABELS: Record<ForecastMethod, string> = {
  ses: 'Simple exponential smoothing',
  croston: 'Croston',
  sba: 'SBA (Syntetos–Boylan approximation)',
  tsb: 'TSB (Teunter–Syntetos–Babai)',
  holt_winters: 'Holt–Winters (weekly)',
  zero: 'Zero',
};
const SHORT: Record<ForecastMethod, string> = { ses: 'SES', croston: 'Croston', sba: 'SBA', tsb: 'TSB', holt_winters: 'Holt–Winters', zero: 'zero' };

/** The backtest: four 14-day windows over the last 8 weeks, or 7-day windows over the last third of a short series. */
export function backtestPlan(n: number): BacktestPlan {
  if (n >= 84) return { trainEnd: n - 56, origins: 4, horizon: 14 };
  const origins = Math.floor(n / 3 / 7);
  if (n >= 28 && origins >= 1) return { trainEnd: n - origins * 7, origins, horizon: 7 };
  return { trainEnd: n, origins: 0, horizon: 7 };
}

interface Candidate {
  method: ForecastMethod;
  /** Training one-step MSE (picks the parameters) and backtest errors of the best parameters. */
  trainMse: number;
  mae: number;
  rmse: number;
  run: (next: Float64Array) => void;
}

/** Reused between calls: forecasting is single-threaded and these never escape. */
const scores = newScores();
const sbaScores = newScores();

function candidate(method: ForecastMethod, s: PassScores, run: (next: Float64Array) => void): Candidate {
  const trainMse = s[TRAIN_N] ? s[SSE] / s[TRAIN_N] : 0;
  const n = s[TEST_N];
  return { method, trainMse, mae: n ? s[ABS] / n : NaN, rmse: n ? Math.sqrt(s[SQ] / n) : Math.sqrt(trainMse), run };
}

/** The grid point with the smallest training one-step MSE (the in-sample SSE criterion), with its backtest scores. */
function best<P>(grid: readonly P[], pass: (p: P, s: PassScores) => void, method: ForecastMethod, finalRun: (p: P, next: Float64Array) => void): Candidate & { params: P } {
  let chosen: (Candidate & { params: P }) | null = null;
  for (const p of grid) {
    pass(p, scores);
    const k = candidate(method, scores, (next) => finalRun(p, next));
    if (!chosen || k.trainMse < chosen.trainMse) chosen = { ...k, params: p };
  }
  return chosen!;
}

/** Croston and SBA from the same passes over the alpha grid. */
function crostonAndSba(y: Float64Array, c: Uint8Array, start: IntermittentStart, plan: BacktestPlan, noTest: BacktestPlan): Candidate[] {
  let croston: Candidate | null = null, sba: Candidate | null = null;
  for (const a of CROSTON_ALPHAS) {
    crostonPass(y, c, a, start, plan, scores, sbaScores, null);
    const k = candidate('croston', scores, (out) => crostonPass(y, c, a, start, noTest, scores, sbaScores, out));
    const kSba = candidate('sba', sbaScores, (out) => crostonPass(y, c, a, start, noTest, scores, sbaScores, out, 1 - a / 2));
    if (!croston || k.trainMse < croston.trainMse) croston = k;
    if (!sba || kSba.trainMse < sba.trainMse) sba = kSba;
  }
  return [croston!, sba!];
}

/**
 * Classifies the series, backtests the methods that suit its class and forecasts with the one
 * that had the smallest mean absolute error over the rolling origins (equivalently the smallest
 * MASE: all candidates share the scale).
 */
export function forecastSeries(series: DemandSeries, opts: { horizonDays?: number; seasonLength?: number } = {}): Forecast {
  const horizon = opts.horizonDays ?? 30;
  const m = opts.seasonLength ?? 7;
  const profile = classifyDemand(series);
  // Only the last year (+ the backtest) is fitted: with every smoothing weight ≥ 0.05 a day older
  // than that weighs < 7 % even in the slowest weekly season, and the passes cost per day.
  const from = Math.max(0, series.units.length - MAX_FIT_DAYS);
  const y = series.units.subarray(from), c = series.censored.subarray(from);
  const n = y.length;
  const next = new Float64Array(horizon);
  const base = { demandClass: profile.demandClass, adi: profile.adi, cv2: profile.cv2 };
  if (profile.demandDays === 0) {
    const why = profile.observedDays ? `No demand on any of the ${profile.observedDays} days with stock: forecast zero.` : 'No day with stock to learn from: forecast zero.';
    return { ...base, method: 'zero', perDay: 0, sdPerDay: 0, next, mase: null, reason: why };
  }

  const plan = backtestPlan(n);
  const noTest: BacktestPlan = { trainEnd: n, origins: 0, horizon: plan.horizon };
  const start = intermittentStart(y, c, Math.max(1, plan.trainEnd));
  const intermittent = profile.demandClass === 'intermittent' || profile.demandClass === 'lumpy';
  const longEnough = !intermittent && m >= 2 && m <= 32 && plan.trainEnd >= 3 * m;
  const weeklyF = longEnough ? seasonalF(y, c, plan.trainEnd, m, fScratch) : 0;
  const seasonal = longEnough && weeklyF >= WEEKLY_F_CRITICAL;
  const candidates: Candidate[] = [];
  sesGridPass(y, c, SES_ALPHAS, plan, sesScores, sesState);
  let ses: Candidate | null = null;
  SES_ALPHAS.forEach((a, i) => {
    const k = candidate('ses', sesScores.subarray(5 * i, 5 * i + 5), (out) => sesPass(y, c, a, noTest, scores, out));
    if (!ses || k.trainMse < ses.trainMse) ses = k;
  });
  candidates.push(ses!);
  if (intermittent) {
    candidates.push(...crostonAndSba(y, c, start, plan, noTest));
    candidates.push(best(TSB_GRID, ([ad, ap], s) => tsbPass(y, c, ad, ap, start, plan, s, null), 'tsb', ([ad, ap], out) => tsbPass(y, c, ad, ap, start, noTest, scores, out)));
  }
  if (seasonal) {
    let scratch = hwScratch.get(m);
    if (!scratch) hwScratch.set(m, (scratch = holtWintersScratch(m)));
    const hwPass = (p: HoltWintersParams, s: PassScores) => holtWintersPass(y, c, m, p, plan, s, scratch, null);
    const hwRun = (p: HoltWintersParams, out: Float64Array) => holtWintersPass(y, c, m, p, noTest, scores, scratch, out);
    const flat = best(HW_GRID, hwPass, 'holt_winters', hwRun);
    const damped = best([{ ...flat.params, ...HW_TREND }], hwPass, 'holt_winters', hwRun);
    candidates.push(damped.trainMse < flat.trainMse ? damped : flat);
  }

  const tested = plan.origins > 0 && candidates.every((k) => !Number.isNaN(k.mae));
  let chosen: Candidate;
  let reason: string;
  const demand = `${profile.demandClass} demand (ADI ${profile.adi.toFixed(2)}, CV² ${profile.cv2.toFixed(2)})`;
  let mase: number | null = null;
  if (tested) {
    chosen = candidates[0];
    for (const k of candidates) if (k.mae < chosen.mae) chosen = k;
    const lag = plan.trainEnd >= 3 * m && naiveScale(y, c, plan.trainEnd, m) > 0 ? m : 1;
    const scale = naiveScale(y, c, plan.trainEnd, lag);
    mase = meanAbsoluteScaledError(chosen.mae, scale);
    const others = candidates.filter((k) => k !== chosen).map((k) => `${SHORT[k.method]} ${fmt(meanAbsoluteScaledError(k.mae, scale))}`);
    reason =
      `${METHOD_LABELS[chosen.method]} had the lowest error in a ${plan.origins}×${plan.horizon}-day backtest ` +
      `(MASE ${fmt(mase)}${others.length ? ` vs ${others.join(', ')}` : ''}, scaled by the ${lag === m ? 'seasonal' : 'one-day'} naive forecast) on ${demand}` +
      (longEnough && !seasonal ? `; no weekly pattern (F ${weeklyF.toFixed(1)} < ${WEEKLY_F_CRITICAL}), so no Holt–Winters.` : '.');
  } else {
    chosen = candidates.find((k) => k.method === (intermittent ? 'sba' : 'ses')) ?? candidates[0];
    const why = plan.origins > 0 ? `No day with stock in the last ${plan.origins * plan.horizon} days to backtest on` : `Only ${n} days of history, too few to backtest`;
    reason = `${why}: ${METHOD_LABELS[chosen.method]}, the usual choice for ${demand}.`;
  }
  chosen.run(next);
  let total = 0;
  for (let h = 0; h < horizon; h++) total += next[h];
  return { ...base, method: chosen.method, perDay: horizon ? total / horizon : 0, sdPerDay: chosen.rmse, next, mase, reason };
}

function fmt(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}

export type { DemandClass };
