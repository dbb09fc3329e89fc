/**
 * Flash-sale mode, the pure part: per-channel quotas of a scarce SKU so that two storefronts, each
 * selling from its own count, can never together sell more than Shipshape has — even while stock
 * pushes are in flight and orders have not reached Shipshape yet.
 *
 * The bookkeeping, per channel C of a drop SKU (cumulative since the drop started):
 *   quota    units granted to C (its sales included);
 *   sold     units C's orders took, as far as they have reached Shipshape;
 *   exposed  the most C's storefront can have sold since the drop started, from the figures it has
 *            *acknowledged*: every compare-and-set that the store applied, moving its count from
 *            `c` to `n`, adds n − c. A storefront only lowers its own count (a sale), so
 *            (its count now) + (all it sold since the start) = exposed, exactly, whatever is still
 *            in flight.
 * What C may still sell is at most exposed − sold (its count plus orders not yet received), and
 * what Shipshape wants it to be able to sell is quota − sold. Units are held for C while either
 * says so: held_C = max(quota − sold, exposed − sold). The one invariant —
 *   Σ held_C ≤ available (Shipshape's available-to-sell, which already excludes the received orders)
 * — means no storefront can oversell, because each storefront's remaining sales are bounded by its
 * exposure. A quota may shrink at any time (the units stay held until the storefront confirms the
 * lower figure, which lowers `exposed`), but only grows out of units no channel holds.
 */

export interface QuotaRules {
  /** A channel with no sale for this long, while another channel sells, gives its units back. */
  idleAfterMs: number;
  /** What an idle channel keeps, so a buyer who comes back to it can still buy (and show it is active). */
  idleFloor: number;
  /** Automatic drop mode: available ≤ k × (Σ recent sales rate) × push latency … */
  autoK: number;
  /** … or available ≤ this many units. */
  autoMinUnits: number;
  /** The push latency the automatic trigger assumes (how long a storefront keeps selling from a stale figure). */
  pushLatencyMs: number;
  /** The window the recent sales rate is counted over. */
  rateWindowMs: number;
}

export const DEFAULT_QUOTA_RULES: QuotaRules = {
  idleAfterMs: 3_000,
  idleFloor: 1,
  autoK: 3,
  autoMinUnits: 3,
  pushLatencyMs: 1_000,
  rateWindowMs: 10_000,
};

export interface ChannelQuotaState {
  channelId: number;
  quota: number;
  sold: number;
  exposed: number;
  /** When C's last order (since the drop started) was placed, ms since the epoch; null when none. */
  lastSaleAt: number | null;
  /** C's recent sales rate of the SKU, units per second (the weight for handing out units). */
  rate: number;
}

/** What C's storefront should show (quota − sold) and what it can still sell at most (exposed − sold). */
export const remainingOf = (c: ChannelQuotaState) => Math.max(0, c.quota - c.sold);
export const exposureOf = (c: ChannelQuotaState) => Math.max(0, c.exposed - c.sold);
export const heldBy = (c: ChannelQuotaState) => Math.max(remainingOf(c), exposureOf(c));

/** Units no channel holds: available − Σ held. Negative when an outside change (a manual order, a count) took units the channels hold. */
export function freeUnits(available: number, channels: ChannelQuotaState[]): number {
  return available - channels.reduce((s, c) => s + heldBy(c), 0);
}

/** Splits `units` over weights by largest remainder: whole units, the remainder to the largest fractions (then the earlier entry). */
export function splitByWeight(units: number, weights: number[]): number[] {
  if (weights.length === 0 || units <= 0) return weights.map(() => 0);
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const ws = total > 0 ? weights.map((w) => Math.max(0, w)) : weights.map(() => 1);
  const sum = total > 0 ? total : ws.length;
  const exact = ws.map((w) => (units * w) / sum);
  const out = exact.map(Math.floor);
  let left = units - out.reduce((s, n) => s + n, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

/**
 * Lowers the largest figures first until they sum to at most `cap` (water-filling): each figure
 * becomes min(figure, level), with the level found by sorting, and the few units of rounding taken
 * from the largest. Figures never grow.
 */
export function capTotal(figures: number[], cap: number): number[] {
  const total = figures.reduce((s, n) => s + n, 0);
  if (total <= cap) return [...figures];
  if (cap <= 0) return figures.map(() => 0);
  const sorted = [...figures].sort((a, b) => a - b);
  let below = 0;
  let level = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = sorted.length - i;
    const candidate = Math.floor((cap - below) / rest);
    if (candidate <= sorted[i]) {
      level = candidate;
      break;
    }
    below += sorted[i];
    level = sorted[i];
  }
  const out = figures.map((n) => Math.min(n, level));
  let left = cap - out.reduce((s, n) => s + n, 0);
  // Hand the rounding left-over back to the figures that were cut, largest original first.
  const cut = figures.map((n, i) => ({ i, n })).filter((x) => x.n > level).sort((a, b) => b.n - a.n || a.i - b.i);
  for (let k = 0; left > 0 && cut.length > 0; k = (k + 1) % cut.length, left--) out[cut[k].i]++;
  return out;
}

/**
 * Idle: units left and no sale for idleAfterMs. A channel that sold its quota out is never idle —
 * its storefront refuses buyers at 0, so it cannot show demand by selling, and it is exactly the
 * channel that should receive units.
 */
export function isIdle(c: ChannelQuotaState, dropStartedAt: number, now: number, rules: QuotaRules): boolean {
  return remainingOf(c) > 0 && now - (c.lastSaleAt ?? dropStartedAt) > rules.idleAfterMs;
}

export interface QuotaPlan {
  /** The new cumulative quota per channel, in the input order. */
  quotas: { channelId: number; quota: number }[];
  /** available − Σ (quota − sold): units granted to nobody, or on their way between channels (held until a storefront confirms). */
  unassigned: number;
}

/**
 * The next quotas for a drop SKU. Three steps, each keeping Σ held ≤ available:
 *  1. idle channels (units left, no sale for idleAfterMs) shrink to idleFloor while another channel
 *     is not idle (sells, or sold out);
 *  2. if the wanted figures (quota − sold) sum to more than available, the largest shrink first —
 *     this is also how a drop starts: every channel begins holding what its storefront shows;
 *  3. units no channel holds are granted: to the channels that sell (all channels when none is idle),
 *     by their recent sales rate, the last few units by largest remainder, so nothing is stranded.
 * Shrinking is always allowed; growth only out of free units, which excludes units a storefront may
 * still sell (its exposure) until it has acknowledged the lower figure.
 */
export function planQuotas(input: { available: number; dropStartedAt: number; now: number; channels: ChannelQuotaState[]; rules?: QuotaRules }): QuotaPlan {
  const rules = input.rules ?? DEFAULT_QUOTA_RULES;
  const available = Math.max(0, input.available);
  const chans = input.channels;
  const idle = chans.map((c) => isIdle(c, input.dropStartedAt, input.now, rules));
  const someActive = idle.some((i) => !i);
  let remaining = chans.map((c, i) => (someActive && idle[i] ? Math.min(remainingOf(c), rules.idleFloor) : remainingOf(c)));
  remaining = capTotal(remaining, available);
  const shrunk = chans.map((c, i) => ({ ...c, quota: c.sold + remaining[i] }));
  const free = freeUnits(available, shrunk);
  if (free > 0 && chans.length > 0) {
    const takers = chans.map((_, i) => !someActive || !idle[i]);
    const weights = chans.map((c, i) => (takers[i] ? Math.max(c.rate, 0) : 0));
    const anyWeight = weights.some((w) => w > 0);
    const grants = splitByWeight(free, anyWeight ? weights : takers.map((t) => (t ? 1 : 0)));
    grants.forEach((g, i) => (remaining[i] += g));
  }
  return {
    quotas: chans.map((c, i) => ({ channelId: c.channelId, quota: c.sold + remaining[i] })),
    unassigned: available - remaining.reduce((s, n) => s + n, 0),
  };
}

export interface QuotaSet {
  quantity: number;
  compareQuantity: number;
}

/**
 * The compare-and-set that moves a storefront from what it may show now (exposed − sold, assuming
 * every sale it made has reached Shipshape) to its remaining quota. Null when there is nothing to
 * move (quota = exposed): the storefront already counts down from the right figure on its own, so
 * a sale needs no push at all in flash-sale mode.
 */
export function quotaStockSet(c: Pick<ChannelQuotaState, 'quota' | 'sold' | 'exposed'>, opts: { exactCompareAndSet?: boolean } = {}): QuotaSet | null {
  if (c.quota === c.exposed) return null;
  const set = { quantity: Math.max(0, c.quota - c.sold), compareQuantity: Math.max(0, c.exposed - c.sold) };
  // Both at 0 (it sold more than either figure): nothing to move, the storefront is at 0.
  if (set.quantity === set.compareQuantity) return null;
  // A store whose compare-and-set is emulated (WooCommerce: read, then write) can lose a sale made
  // between the two. A raise is therefore sent only once the storefront has sold out (count 0: it
  // refuses every buyer, so no sale can fall in that gap); until then it sells what it has.
  if (opts.exactCompareAndSet === false && set.quantity > set.compareQuantity && set.compareQuantity > 0) return null;
  return set;
}

/**
 * The push protocol, as changes of the stored `exposed` (an upper bound of the true exposure at
 * every instant, crash or not):
 *  - before sending, a *raise* (quantity > compare) is counted at once — the store may apply it
 *    and the answer be lost; a *lowering* is counted only when the store confirms it;
 *  - `set`: the lowering is now counted;
 *  - `mismatch` (the store's count is `current`, not `compare`): the raise is taken back; a count
 *    above the expected one (changed at the store by hand) is counted as exposure; the retry moves
 *    the store by the same difference from the count it has (a sale in flight is never given back),
 *    or, when it shows more than expected, to the quota figure;
 *  - `refused` (certainly not applied): the raise is taken back;
 *  - `unknown` (timeout, 5xx: perhaps applied): nothing changes — the upper bound stays.
 * Units whose fate is unknown stay held, never handed to another channel: safe, at the cost of
 * possibly stranding them until the drop ends.
 */
export function exposedBeforeSend(exposed: number, set: QuotaSet): number {
  return set.quantity > set.compareQuantity ? exposed + set.quantity - set.compareQuantity : exposed;
}

export type QuotaPushOutcome = { kind: 'set' } | { kind: 'mismatch'; current: number } | { kind: 'refused' } | { kind: 'unknown' };

/** `exposed` as stored after exposedBeforeSend; returns the new value and, after a mismatch, the set to send next. */
export function settleQuotaPush(exposed: number, set: QuotaSet, outcome: QuotaPushOutcome): { exposed: number; retry: QuotaSet | null } {
  const raise = Math.max(0, set.quantity - set.compareQuantity);
  switch (outcome.kind) {
    case 'set':
      return { exposed: set.quantity < set.compareQuantity ? exposed + set.quantity - set.compareQuantity : exposed, retry: null };
    case 'refused':
      return { exposed: exposed - raise, retry: null };
    case 'unknown':
      return { exposed, retry: null };
    case 'mismatch': {
      const current = Math.max(0, outcome.current);
      const extra = Math.max(0, current - set.compareQuantity);
      const retry =
        current <= set.compareQuantity
          ? { quantity: Math.max(0, current + set.quantity - set.compareQuantity), compareQuantity: current }
          : { quantity: set.quantity, compareQuantity: current };
      return { exposed: exposed - raise + extra, retry: retry.quantity === retry.compareQuantity ? null : retry };
    }
  }
}

/**
 * The automatic trigger: a SKU goes into flash-sale mode when what is left would sell out within a
 * few push latencies at the recent rate (two storefronts could then both sell the last units before
 * either hears of the other's sale), or when only a handful is left. It leaves only at twice the
 * threshold, so a SKU hovering at the edge does not flap.
 */
export function autoDropThreshold(ratesPerChannel: number[], rules: QuotaRules = DEFAULT_QUOTA_RULES): number {
  const rate = ratesPerChannel.reduce((s, r) => s + Math.max(0, r), 0);
  return Math.max(rules.autoMinUnits, rules.autoK * rate * (rules.pushLatencyMs / 1000));
}

export function autoDropWanted(input: { available: number; ratesPerChannel: number[]; currentlyAuto: boolean; channelCount: number; rules?: QuotaRules }): boolean {
  if (input.channelCount < 2) return false; // one storefront cannot race another
  const threshold = autoDropThreshold(input.ratesPerChannel, input.rules);
  return input.currentlyAuto ? input.available <= 2 * threshold : input.available <= threshold;
}
