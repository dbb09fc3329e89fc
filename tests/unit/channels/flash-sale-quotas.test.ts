import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  autoDropWanted,
  capTotal,
  DEFAULT_QUOTA_RULES,
  exposedBeforeSend,
  freeUnits,
  heldBy,
  planQuotas,
  quotaStockSet,
  settleQuotaPush,
  splitByWeight,
  type ChannelQuotaState,
  type QuotaPushOutcome,
  type QuotaSet,
} from '../../../main/domain/channels/quotas';

const rules = DEFAULT_QUOTA_RULES;

describe('flash-sale quotas: the arithmetic', () => {
  it('splits units by weight into whole units that add up, nothing stranded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 6 }), (units, weights) => {
        const out = splitByWeight(units, weights);
        expect(out.reduce((s, n) => s + n, 0)).toBe(units);
        expect(out.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
        // A channel with no weight gets nothing when another has weight.
        if (weights.some((w) => w > 0)) weights.forEach((w, i) => w === 0 && expect(out[i]).toBe(0));
      }),
    );
  });

  it('caps figures at a total by lowering the largest, never raising any', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2000 }), (figures, cap) => {
        const out = capTotal(figures, cap);
        const total = figures.reduce((s, n) => s + n, 0);
        expect(out.reduce((s, n) => s + n, 0)).toBe(Math.min(total, cap));
        out.forEach((n, i) => expect(n).toBeLessThanOrEqual(figures[i]));
        out.forEach((n) => expect(n).toBeGreaterThanOrEqual(0));
      }),
    );
  });
});

const channelArb = (id: number) =>
  fc.record({
    channelId: fc.constant(id),
    quota: fc.integer({ min: 0, max: 300 }),
    sold: fc.integer({ min: 0, max: 300 }),
    exposed: fc.integer({ min: 0, max: 300 }),
    lastSaleAt: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    rate: fc.double({ min: 0, max: 500, noNaN: true }),
  });

describe('flash-sale quotas: planning', () => {
  it('never wants more than is available, and grows a quota only out of units no storefront may still sell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), channelArb(1), channelArb(2), channelArb(3), fc.integer({ min: 0, max: 30_000 }), (available, a, b, c, now) => {
        const channels = [a, b, c];
        const plan = planQuotas({ available, dropStartedAt: 0, now, channels });
        const remaining = plan.quotas.map((q, i) => q.quota - channels[i].sold);
        remaining.forEach((r) => expect(r).toBeGreaterThanOrEqual(0));
        expect(remaining.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(available);
        expect(plan.unassigned).toBe(available - remaining.reduce((s, n) => s + n, 0));
        // Whatever grew came out of units free *after* the shrinks — held units stay where they are.
        const after = channels.map((ch, i) => ({ ...ch, quota: plan.quotas[i].quota }));
        const grown = channels.reduce((s, ch, i) => s + Math.max(0, plan.quotas[i].quota - Math.max(ch.quota, ch.sold)), 0);
        const shrunkOnly = channels.map((ch, i) => ({ ...ch, quota: Math.min(plan.quotas[i].quota, Math.max(ch.quota, ch.sold)) }));
        if (grown > 0) expect(grown).toBeLessThanOrEqual(freeUnits(available, shrunkOnly));
        // When no storefront can sell more than is available (Σ held ≤ available), planning keeps it so.
        if (freeUnits(available, channels) >= 0) expect(freeUnits(available, after)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('hands every free unit out: nothing stranded when no storefront holds more than its quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 4 }), (available, rates) => {
        const channels = rates.map((rate, i) => ({ channelId: i + 1, quota: 0, sold: 0, exposed: 0, lastSaleAt: 1000, rate }));
        const plan = planQuotas({ available, dropStartedAt: 0, now: 1500, channels });
        expect(plan.unassigned).toBe(0);
      }),
    );
  });

  it('moves units from a channel that stopped selling to one that sells, once its storefront confirmed', () => {
    const now = 60_000;
    const shopify: ChannelQuotaState = { channelId: 1, quota: 50, sold: 45, exposed: 50, lastSaleAt: now - 100, rate: 40 };
    const woo: ChannelQuotaState = { channelId: 2, quota: 50, sold: 10, exposed: 50, lastSaleAt: now - 10_000, rate: 0.2 };
    const first = planQuotas({ available: 45, dropStartedAt: 0, now, channels: [shopify, woo] });
    // WooCommerce is idle: its quota shrinks to the floor, but the 39 units stay held until its storefront confirms.
    expect(first.quotas).toEqual([
      { channelId: 1, quota: 50 },
      { channelId: 2, quota: 10 + rules.idleFloor },
    ]);
    const confirmed = { ...woo, quota: first.quotas[1].quota, exposed: first.quotas[1].quota };
    const second = planQuotas({ available: 45, dropStartedAt: 0, now, channels: [shopify, confirmed] });
    expect(second.quotas[0].quota - shopify.sold).toBe(45 - rules.idleFloor);
    expect(second.unassigned).toBe(0);
  });

  it('turns itself on near the end of stock at the recent rate, and off only well above it', () => {
    // A handful left (≤ 3) is enough on its own; one storefront has nobody to race.
    expect(autoDropWanted({ available: 3, ratesPerChannel: [0, 0], currentlyAuto: false, channelCount: 2 })).toBe(true);
    expect(autoDropWanted({ available: 4, ratesPerChannel: [0, 0], currentlyAuto: false, channelCount: 2 })).toBe(false);
    expect(autoDropWanted({ available: 3, ratesPerChannel: [0], currentlyAuto: false, channelCount: 1 })).toBe(false);
    // 3 × (10 + 5)/s × 1 s = 45 units sell before a push lands.
    expect(autoDropWanted({ available: 45, ratesPerChannel: [10, 5], currentlyAuto: false, channelCount: 2 })).toBe(true);
    expect(autoDropWanted({ available: 46, ratesPerChannel: [10, 5], currentlyAuto: false, channelCount: 2 })).toBe(false);
    expect(autoDropWanted({ available: 80, ratesPerChannel: [10, 5], currentlyAuto: true, channelCount: 2 })).toBe(true);
    expect(autoDropWanted({ available: 91, ratesPerChannel: [10, 5], currentlyAuto: true, channelCount: 2 })).toBe(false);
  });
});

/**
 * The whole protocol as a model: storefronts that sell from their own counts and refuse at 0, orders
 * reaching Shipshape late and out of step, pushes applied by compare-and-set and answered (or their
 * answer lost), replanning at any moment, time passing. Whatever the interleaving, the storefronts
 * together never sell more than was available.
 */
interface ModelChannel {
  state: ChannelQuotaState;
  storeCount: number;
  storeSales: number;
  unreported: number;
  push: { set: QuotaSet; result: QuotaPushOutcome | null } | null;
}

type Step =
  | { kind: 'sell'; c: number }
  | { kind: 'deliver'; c: number }
  | { kind: 'plan' }
  | { kind: 'send'; c: number }
  | { kind: 'apply'; c: number }
  | { kind: 'answer'; c: number; lost: boolean }
  | { kind: 'fail'; c: number; certain: boolean }
  | { kind: 'tick'; ms: number };

const stepArb = (channels: number): fc.Arbitrary<Step> => {
  const c = fc.integer({ min: 0, max: channels - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: c.map((c) => ({ kind: 'sell' as const, c })) },
    { weight: 4, arbitrary: c.map((c) => ({ kind: 'deliver' as const, c })) },
    { weight: 3, arbitrary: fc.constant({ kind: 'plan' as const }) },
    { weight: 3, arbitrary: c.map((c) => ({ kind: 'send' as const, c })) },
    { weight: 3, arbitrary: c.map((c) => ({ kind: 'apply' as const, c })) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('answer' as const), c, lost: fc.boolean().map((b) => b && Math.random() < 0.2) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), c, certain: fc.boolean() }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((ms) => ({ kind: 'tick' as const, ms })) },
  );
};

class SaleModel {
  available: number;
  now = 0;
  readonly shownAtStart: number;
  readonly chans: ModelChannel[];

  constructor(
    readonly initial: number,
    shownBefore: number[],
    private readonly lossless = false,
  ) {
    this.available = initial;
    this.shownAtStart = shownBefore.reduce((s, n) => s + n, 0);
    // The drop starts with each channel holding what its storefront shows (the last figure pushed).
    this.chans = shownBefore.map((shown, i) => ({
      state: { channelId: i + 1, quota: shown, sold: 0, exposed: shown, lastSaleAt: null, rate: 1 },
      storeCount: shown,
      storeSales: 0,
      unreported: 0,
      push: null,
    }));
  }

  totalSold(): number {
    return this.chans.reduce((s, c) => s + c.storeSales, 0);
  }

  private settle(ch: ModelChannel, outcome: QuotaPushOutcome): void {
    const { exposed, retry } = settleQuotaPush(ch.state.exposed, ch.push!.set, outcome);
    ch.state.exposed = exposed;
    ch.push = null;
    if (retry) {
      ch.state.exposed = exposedBeforeSend(ch.state.exposed, retry);
      ch.push = { set: retry, result: null };
    }
  }

  step(step: Step): void {
    if (step.kind === 'tick') this.now += step.ms;
    else if (step.kind === 'plan') {
      const plan = planQuotas({ available: this.available, dropStartedAt: 0, now: this.now, channels: this.chans.map((c) => c.state) });
      plan.quotas.forEach((q, i) => (this.chans[i].state.quota = q.quota));
    } else {
      const ch = this.chans[step.c];
      if (step.kind === 'sell' && ch.storeCount > 0) {
        ch.storeCount--;
        ch.storeSales++;
        ch.unreported++;
      } else if (step.kind === 'deliver' && ch.unreported > 0) {
        ch.unreported--;
        ch.state.sold++;
        ch.state.lastSaleAt = this.now;
        this.available--;
      } else if (step.kind === 'send' && !ch.push) {
        const set = quotaStockSet(ch.state);
        if (set) {
          ch.state.exposed = exposedBeforeSend(ch.state.exposed, set);
          ch.push = { set, result: null };
        }
      } else if (step.kind === 'apply' && ch.push && !ch.push.result) {
        const { quantity, compareQuantity } = ch.push.set;
        if (ch.storeCount === compareQuantity) {
          ch.storeCount = quantity;
          ch.push.result = { kind: 'set' };
        } else ch.push.result = { kind: 'mismatch', current: ch.storeCount };
      } else if (step.kind === 'answer' && ch.push?.result) {
        this.settle(ch, step.lost && !this.lossless ? { kind: 'unknown' } : ch.push.result);
      } else if (step.kind === 'fail' && ch.push && !ch.push.result && !this.lossless) {
        this.settle(ch, step.certain ? { kind: 'refused' } : { kind: 'unknown' });
      }
    }
    // The storefronts together never sell more than there was — the point of it all. (What they
    // showed before the drop began is out of Shipshape's hands until its first push lands.)
    expect(this.totalSold()).toBeLessThanOrEqual(Math.max(this.initial, this.shownAtStart));
    for (const ch of this.chans) {
      // The stored exposure is an upper bound of what the storefront has had to sell.
      expect(ch.state.exposed).toBeGreaterThanOrEqual(ch.storeCount + ch.storeSales);
    }
    // Shipshape's books: no storefront can still sell units another holds.
    if (this.shownAtStart <= this.initial) expect(freeUnits(this.available, this.chans.map((c) => c.state))).toBeGreaterThanOrEqual(0);
  }
}

describe('flash-sale quotas: the push protocol', () => {
  it('never oversells, whatever arrives late, fails or is lost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 2, max: 3 }).chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: 80 }), { minLength: n, maxLength: n }), fc.array(stepArb(n), { maxLength: 400 }))),
        fc.boolean(),
        (initial, [shown, steps], startsWithin) => {
          // Either the storefronts show at most what there is when the drop starts (an owner's drop,
          // set up before the sale), or each shows the shared figure (the automatic trigger mid-sale).
          const start = startsWithin ? capTotal(shown, initial) : shown.map(() => initial);
          const model = new SaleModel(initial, start);
          for (const step of steps) model.step(step);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('sells out completely when every push is answered and buyers keep coming to both storefronts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 2, maxLength: 2 }), fc.array(stepArb(2), { maxLength: 200 }), (initial, shown, steps) => {
        const model = new SaleModel(initial, capTotal(shown, initial), true);
        for (const step of steps) model.step(step);
        // Then the sale runs to its end: pushes in flight land, every order arrives, quotas are
        // replanned and pushed, and buyers keep buying at both storefronts.
        for (let round = 0; round < 20 && model.totalSold() < initial; round++) {
          for (let c = 0; c < 2; c++) [{ kind: 'apply', c }, { kind: 'answer', c, lost: false }].forEach((s) => model.step(s as Step));
          model.step({ kind: 'plan' });
          for (let c = 0; c < 2; c++) [{ kind: 'send', c }, { kind: 'apply', c }, { kind: 'answer', c, lost: false }].forEach((s) => model.step(s as Step));
          for (let c = 0; c < 2; c++) for (let k = 0; k < 100; k++) [{ kind: 'sell', c }, { kind: 'deliver', c }].forEach((s) => model.step(s as Step));
          model.step({ kind: 'tick', ms: 200 });
        }
        expect(model.totalSold()).toBe(initial);
      }),
      { numRuns: 300 },
    );
  });

  it('raises a store without a true compare-and-set only once it has sold out (no sale can fall between its read and write)', () => {
    expect(quotaStockSet({ quota: 30, sold: 5, exposed: 20 }, { exactCompareAndSet: false })).toBeNull();
    expect(quotaStockSet({ quota: 30, sold: 20, exposed: 20 }, { exactCompareAndSet: false })).toEqual({ quantity: 10, compareQuantity: 0 });
    // Lowering is never held back, and an exact store is raised at once.
    expect(quotaStockSet({ quota: 10, sold: 5, exposed: 20 }, { exactCompareAndSet: false })).toEqual({ quantity: 5, compareQuantity: 15 });
    expect(quotaStockSet({ quota: 30, sold: 5, exposed: 20 })).toEqual({ quantity: 25, compareQuantity: 15 });
  });

  it('needs no push when a storefront sells from a quota it already holds', () => {
    const state = { quota: 40, sold: 12, exposed: 40 };
    expect(quotaStockSet(state)).toBeNull();
    expect(heldBy({ ...state, channelId: 1, lastSaleAt: null, rate: 0 })).toBe(28);
  });
});
