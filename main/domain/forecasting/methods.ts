/**
 * The forecasting methods as single passes over a daily series, allocation-free.
 *
 * Each pass walks the whole series once with fixed smoothing parameters and, on the way:
 *  - adds the one-step-ahead squared errors on the training days (before the first backtest
 *    origin) — the in-sample SSE that picks the parameters;
 *  - at each backtest origin, freezes the forecast made from the data before it and scores it on
 *    the next `horizon` days — the rolling-origin backtest (Tashman 2000) in the same pass, with
 *    the parameters chosen on the training days only;
 *  - optionally writes the forecast from the end of the series into `next`.
 *
 * Censored days (no stock) carry no information about demand: every method treats them as if the
 * day had come out exactly as forecast, so its state moves on (Holt–Winters) or stays (the rest)
 * without being pulled towards zero, and they are never scored.
 *
 * Formulas follow Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.) §8.1
 * and §8.3 (SES, damped additive Holt–Winters) and Nixtla statsforecast's models.py
 * (`_croston_classic`, `_croston_sba`, `_tsb`: the Croston size and interval smoothed with the same
 * alpha; SBA = Croston × (1 − α/2), Syntetos & Boylan 2005; TSB smooths the demand probability
 * every period and the size only on demand, Teunter, Syntetos & Babai 2011).
 */

/** Training days [0, trainEnd); then `origins` back-to-back windows of `horizon` days ending at the series' end. */
export interface BacktestPlan {
  trainEnd: number;
  origins: number;
  horizon: number;
}

/** Scores of one pass: [0] training SSE, [1] training days, [2] Σ|e| backtest, [3] Σe² backtest, [4] backtest days. */
export type PassScores = Float64Array;
export const SSE = 0, TRAIN_N = 1, ABS = 2, SQ = 3, TEST_N = 4;
export function newScores(): PassScores {
  return new Float64Array(5);
}

/** What the intermittent methods start from: the training days' mean size and interval (less start-up bias than the first values). */
export interface IntermittentStart {
  meanSize: number;
  meanInterval: number;
  demandRate: number;
}

export function intermittentStart(y: Float64Array, c: Uint8Array, end: number): IntermittentStart {
  let observed = 0, demands = 0, total = 0;
  for (let t = 0; t < end; t++) {
    if (c[t]) continue;
    observed++;
    if (y[t] > 0) { demands++; total += y[t]; }
  }
  if (demands === 0) return { meanSize: 0, meanInterval: Math.max(1, observed), demandRate: 0 };
  return { meanSize: total / demands, meanInterval: observed / demands, demandRate: demands / observed };
}

function score(s: PassScores, t: number, trainEnd: number, oneStep: number, originForecast: number, actual: number): void {
  if (t < trainEnd) {
    const e = actual - oneStep;
    s[SSE] += e * e;
    s[TRAIN_N]++;
  } else {
    const e = actual - originForecast;
    s[ABS] += Math.abs(e);
    s[SQ] += e * e;
    s[TEST_N]++;
  }
}

/** Simple exponential smoothing: level += α(y − level). Flat forecast. */
export function sesPass(y: Float64Array, c: Uint8Array, alpha: number, plan: BacktestPlan, s: PassScores, next: Float64Array | null): void {
  s.fill(0);
  const n = y.length;
  // Start level: mean of the first week of observed training days.
  let level = 0, seen = 0;
  for (let t = 0; t < plan.trainEnd && seen < 7; t++) if (!c[t]) { level += y[t]; seen++; }
  level = seen ? level / seen : 0;
  let origin = plan.trainEnd, frozen = level;
  for (let t = 0; t < n; t++) {
    if (t === origin) { frozen = level; origin += plan.horizon; }
    if (c[t]) continue;
    score(s, t, plan.trainEnd, level, frozen, y[t]);
    level += alpha * (y[t] - level);
  }
  if (next) next.fill(Math.max(0, level));
}

/**
 * SES for several alphas in one walk over the series (the same recursions as `sesPass`, which
 * the final forecast uses): `out` gets 5 scores per alpha, in the PassScores layout.
 * `state` is scratch of at least 2 × alphas.length.
 */
export function sesGridPass(y: Float64Array, c: Uint8Array, alphas: Float64Array, plan: BacktestPlan, out: Float64Array, state: Float64Array): void {
  const k = alphas.length, n = y.length, trainEnd = plan.trainEnd;
  out.fill(0, 0, 5 * k);
  let start = 0, seen = 0;
  for (let t = 0; t < trainEnd && seen < 7; t++) if (!c[t]) { start += y[t]; seen++; }
  start = seen ? start / seen : 0;
  // state: [0, k) levels, [k, 2k) forecasts frozen at the origin.
  state.fill(start, 0, 2 * k);
  let origin = trainEnd;
  for (let t = 0; t < n; t++) {
    if (t === origin) {
      for (let i = 0; i < k; i++) state[k + i] = state[i];
      origin += plan.horizon;
    }
    if (c[t]) continue;
    const v = y[t];
    if (t < trainEnd) {
      for (let i = 0; i < k; i++) {
        const e = v - state[i];
        out[5 * i + SSE] += e * e;
        state[i] += alphas[i] * e;
      }
    } else {
      for (let i = 0; i < k; i++) {
        const e = v - state[k + i];
        out[5 * i + ABS] += Math.abs(e);
        out[5 * i + SQ] += e * e;
        state[i] += alphas[i] * (v - state[i]);
      }
    }
    if (t < trainEnd) out[TRAIN_N]++;
    else out[TEST_N]++;
  }
  for (let i = 1; i < k; i++) { out[5 * i + TRAIN_N] = out[TRAIN_N]; out[5 * i + TEST_N] = out[TEST_N]; }
}

/**
 * Croston's method and SBA in one pass (they share the state; SBA's forecast is Croston's ×
 * (1 − α/2)): size z and interval p smoothed on demand days; intervals count observed days only,
 * so a stockout does not lengthen them. `sba` gets SBA's scores; `next` gets Croston's forecast
 * (× `nextDebias`, 1 − α/2 for SBA's).
 */
export function crostonPass(y: Float64Array, c: Uint8Array, alpha: number, start: IntermittentStart, plan: BacktestPlan, s: PassScores, sba: PassScores, next: Float64Array | null, nextDebias = 1): void {
  s.fill(0);
  sba.fill(0);
  const n = y.length;
  const debias = 1 - alpha / 2;
  let z = start.meanSize, p = start.meanInterval, q = 0;
  let origin = plan.trainEnd, frozen = 0;
  for (let t = 0; t < n; t++) {
    const f = p > 0 ? z / p : 0;
    if (t === origin) { frozen = f; origin += plan.horizon; }
    if (c[t]) continue;
    score(s, t, plan.trainEnd, f, frozen, y[t]);
    score(sba, t, plan.trainEnd, debias * f, debias * frozen, y[t]);
    q++;
    if (y[t] > 0) {
      z += alpha * (y[t] - z);
      p += alpha * (q - p);
      q = 0;
    }
  }
  if (next) next.fill(p > 0 ? Math.max(0, (nextDebias * z) / p) : 0);
}

/** Teunter–Syntetos–Babai: probability of demand smoothed every observed day (αp), size on demand days (αd). */
export function tsbPass(y: Float64Array, c: Uint8Array, alphaD: number, alphaP: number, start: IntermittentStart, plan: BacktestPlan, s: PassScores, next: Float64Array | null): void {
  s.fill(0);
  const n = y.length;
  let z = start.meanSize, prob = start.demandRate;
  let origin = plan.trainEnd, frozen = 0;
  for (let t = 0; t < n; t++) {
    const f = prob * z;
    if (t === origin) { frozen = f; origin += plan.horizon; }
    if (c[t]) continue;
    score(s, t, plan.trainEnd, f, frozen, y[t]);
    if (y[t] > 0) {
      prob += alphaP * (1 - prob);
      z += alphaD * (y[t] - z);
    } else prob -= alphaP * prob;
  }
  if (next) next.fill(Math.max(0, prob * z));
}

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Damping φ (1 = undamped; with beta 0 the trend stays 0). */
  phi: number;
}

/** Scratch space for Holt–Winters: the seasonal ring and its copy frozen at an origin. */
export interface HoltWintersScratch {
  season: Float64Array;
  frozenSeason: Float64Array;
}
export function holtWintersScratch(m: number): HoltWintersScratch {
  return { season: new Float64Array(m), frozenSeason: new Float64Array(m) };
}

/**
 * Additive Holt–Winters with an optionally damped trend (FPP3 §8.3, the ETS(A,Ad,A) recursions):
 *   ŷ(t+h) = ℓ + (φ + … + φ^h)·b + s[t+h mod m]
 *   ℓ' = α(y − s) + (1 − α)(ℓ + φb);  b' = β(ℓ' − ℓ) + (1 − β)φb;  s' = γ(y − ℓ − φb) + (1 − γ)s.
 * The seasonal index is the day number mod m, so the ring needs no rotation. Started from the
 * first 4·m observed training days: level = their mean, season = mean deviation per phase, trend 0.
 */
export function holtWintersPass(y: Float64Array, c: Uint8Array, m: number, params: HoltWintersParams, plan: BacktestPlan, s: PassScores, scratch: HoltWintersScratch, next: Float64Array | null): void {
  s.fill(0);
  const n = y.length;
  const { alpha, beta, gamma, phi } = params;
  const season = scratch.season, frozenSeason = scratch.frozenSeason;
  // Start from the first four seasons' worth of observed days (a product may have had no stock at first).
  let level = 0, count = 0;
  season.fill(0);
  frozenSeason.fill(0); // counts per phase while starting
  for (let t = 0; t < plan.trainEnd && count < 4 * m; t++) {
    if (c[t]) continue;
    level += y[t]; count++;
    season[t % m] += y[t];
    frozenSeason[t % m]++;
  }
  level = count ? level / count : 0;
  for (let j = 0; j < m; j++) season[j] = frozenSeason[j] ? season[j] / frozenSeason[j] - level : 0;
  let trend = 0;
  let origin = plan.trainEnd, frozenLevel = level, frozenTrend = 0;
  // Scores kept in locals (the hot loop of the whole forecaster); φ + … + φ^h kept incrementally.
  let sse = 0, trainN = 0, abs = 0, sq = 0, testN = 0, damp = 0, phiPow = 1;
  const trainEnd = plan.trainEnd;
  for (let t = 0, j = 0; t < n; t++, j = j + 1 === m ? 0 : j + 1) {
    if (t === origin) {
      frozenLevel = level; frozenTrend = trend; damp = 0; phiPow = 1;
      frozenSeason.set(season);
      origin += plan.horizon;
    }
    const base = level + phi * trend;
    const oneStep = base + season[j];
    let actual = oneStep;
    if (!c[t]) {
      actual = y[t];
      if (t < trainEnd) {
        const e = actual - oneStep;
        sse += e * e; trainN++;
      } else {
        phiPow *= phi; damp += phiPow;
        const e = actual - (frozenLevel + damp * frozenTrend + frozenSeason[j]);
        abs += Math.abs(e); sq += e * e; testN++;
      }
    } else if (t >= trainEnd) {
      phiPow *= phi; damp += phiPow;
    }
    // A censored day is taken as forecast: the level follows its trend, the season stays.
    const newLevel = alpha * (actual - season[j]) + (1 - alpha) * base;
    trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    season[j] = gamma * (actual - base) + (1 - gamma) * season[j];
    level = newLevel;
  }
  s[SSE] = sse; s[TRAIN_N] = trainN; s[ABS] = abs; s[SQ] = sq; s[TEST_N] = testN;
  if (next) {
    for (let h = 1; h <= next.length; h++) next[h - 1] = Math.max(0, level + dampedSum(phi, h) * trend + season[(n + h - 1) % m]);
  }
}

/** φ + φ² + … + φ^h (h when φ = 1). */
function dampedSum(phi: number, h: number): number {
  if (phi === 1) return h;
  return (phi * (1 - Math.pow(phi, h))) / (1 - phi);
}

/**
 * The MASE scale: in-sample mean absolute error of the naive forecast y[t − lag] over the days
 * [lag, end) where both days were observed (Hyndman & Koehler 2006; lag 7 = seasonal naive).
 * Returns 0 when no pair exists or the series is constant.
 */
export function naiveScale(y: Float64Array, c: Uint8Array, end: number, lag: number): number {
  let sum = 0, pairs = 0;
  for (let t = lag; t < end; t++) {
    if (c[t] || c[t - lag]) continue;
    sum += Math.abs(y[t] - y[t - lag]);
    pairs++;
  }
  return pairs ? sum / pairs : 0;
}

/** MASE = mean absolute backtest error ÷ the naive scale (null when the scale is 0: nothing to compare with). */
export function meanAbsoluteScaledError(meanAbsError: number, scale: number): number | null {
  if (scale > 0) return meanAbsError / scale;
  return meanAbsError === 0 ? 0 : null;
}

/**
 * One-way ANOVA F statistic of the observed training days grouped by phase of the season (day of
 * the week for m = 7): how much more the phase means differ than the days within a phase do.
 * Holt–Winters is only worth its passes when this is significant — F(6, ∞) at 5 % is 2.10.
 */
export function seasonalF(y: Float64Array, c: Uint8Array, end: number, m: number, scratch: Float64Array): number {
  // scratch: [0, m) sums, [m, 2m) counts.
  scratch.fill(0, 0, 2 * m);
  let total = 0, n = 0, sumSq = 0;
  for (let t = 0, j = 0; t < end; t++, j = j + 1 === m ? 0 : j + 1) {
    if (c[t]) continue;
    const v = y[t];
    scratch[j] += v; scratch[m + j]++;
    total += v; sumSq += v * v; n++;
  }
  if (n <= 2 * m) return 0;
  const mean = total / n;
  let between = 0, groups = 0;
  for (let j = 0; j < m; j++) {
    const k = scratch[m + j];
    if (!k) continue;
    groups++;
    const d = scratch[j] / k - mean;
    between += k * d * d;
  }
  const within = sumSq - n * mean * mean - between;
  if (groups < 2 || within <= 0) return between > 0 ? Infinity : 0;
  return between / (groups - 1) / (within / (n - groups));
}
