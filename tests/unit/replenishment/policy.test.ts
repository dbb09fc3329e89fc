import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../main/domain/replenishment/normal';
import { DEFAULT_POLICY, decide, type PolicyItem, type PolicySettings } from '../../../main/domain/replenishment/policy';
import { classifyAbc, fitToBudget, topUpToOrderMinimums, type DraftLine } from '../../../main/domain/replenishment/ranking';
import { unitCostAt } from '../../../main/domain/purchasing/supplier-offers';

const item = (over: Partial<PolicyItem> = {}): PolicyItem => ({
  perDay: 13.2,
  sdPerDay: 4,
  leadTimeDays: 6,
  observedLeadTime: null,
  abcClass: 'B',
  onHand: 41,
  onOrder: 0,
  backordered: 0,
  casePack: 12,
  moq: 96,
  unitCostCents: 450,
  priceBreaks: [],
  shelfLifeDays: null,
  currency: 'USD',
  ...over,
});
const noCover: PolicySettings = { ...DEFAULT_POLICY, coverDays: 0 };

/** Re-does the sentence's arithmetic from the numbers it prints. */
function checkSentence(sentence: string): void {
  const m = /^(\d+)(?: = (\d+) cases of (\d+))?: forecast ([\d.]+)\/day × ([\d.]+) days \(.*?\) = (\d+) \+ safety (\d+) − on hand (-?\d+) − on order (\d+)(?: \+ backordered (\d+))? = (-?\d+)/.exec(sentence);
  expect(m, sentence).not.toBeNull();
  const [, qty, cases, pack, rate, window, demand, safety, onHand, onOrder, back, need] = m!;
  expect(Number(demand)).toBe(Math.ceil(Number(rate) * Number(window) - 1e-9));
  expect(Number(need)).toBe(Number(demand) + Number(safety) - Number(onHand) - Number(onOrder) + Number(back ?? 0));
  if (cases) expect(Number(cases) * Number(pack)).toBe(Number(qty));
}

describe('replenishment policy', () => {
  it('reproduces the issue example: 96 = 8 cases of 12, from the case pack and the item minimum', () => {
    const d = decide(item(), noCover);
    // z(95 %) = 1.645; σ = sqrt(6·4² + 13.2²·(0.2·6)²) = 17.34 → safety 29.
    expect(d.safetyStock).toBe(Math.ceil(1.6448536 * Math.sqrt(6 * 16 + 13.2 ** 2 * 1.2 ** 2)));
    expect(d.qty).toBe(96);
    expect(d.sentence).toBe(
      `96 = 8 cases of 12: forecast 13.2/day × 6 days (6-day lead time + 0 days' cover) = 80 + safety ${d.safetyStock} − on hand 41 − on order 0 = ${80 + d.safetyStock - 41}, rounded up to the case pack and the item's 96 minimum`,
    );
    checkSentence(d.sentence);
  });

  it('rounds up to whole case packs and orders up to lead time + cover', () => {
    const d = decide(item({ moq: 0, casePack: 10, perDay: 5, sdPerDay: 0, leadTimeDays: 4, onHand: 3 }), { ...DEFAULT_POLICY, coverDays: 10, leadTimeSdFraction: 0 });
    // 5 × 14 = 70 + 0 − 3 = 67 → 70 (7 cases).
    expect(d.need).toBe(67);
    expect(d.qty).toBe(70);
    expect(d.sentence).toMatch(/^70 = 7 cases of 10: .* = 67, rounded up to the case pack$/);
    checkSentence(d.sentence);
  });

  it('counts stock on order and backorders in the position', () => {
    const base = { moq: 0, casePack: 1, perDay: 5, sdPerDay: 0, leadTimeDays: 4, onHand: 3 };
    const s = { ...DEFAULT_POLICY, coverDays: 10, leadTimeSdFraction: 0 };
    expect(decide(item({ ...base, onOrder: 0 }), s).qty).toBe(67);
    const withOrder = decide(item({ ...base, onOrder: 15 }), s);
    expect(withOrder.qty).toBe(52);
    expect(withOrder.sentence).toContain('− on order 15 = 52');
    expect(decide(item({ ...base, onOrder: 30 }), s).qty).toBe(0); // 33 ≥ reorder point 20
    const back = decide(item({ ...base, backordered: 4 }), s);
    expect(back.qty).toBe(71);
    checkSentence(back.sentence);
  });

  it('does not order above the reorder point and says why', () => {
    const d = decide(item({ onHand: 500 }));
    expect(d.qty).toBe(0);
    expect(d.sentence).toMatch(/^no order: on hand 500 \+ on order 0 = 500 is above the reorder point \d+/);
  });

  it('uses the service level of the ABC class', () => {
    const z = (c: 'A' | 'B' | 'C') => decide(item({ abcClass: c }), noCover).z;
    expect(z('A')).toBeCloseTo(2.054, 3);
    expect(z('B')).toBeCloseTo(1.645, 3);
    expect(z('C')).toBeCloseTo(1.2816, 3);
    const safety = (c: 'A' | 'B' | 'C') => decide(item({ abcClass: c }), noCover).safetyStock;
    expect(safety('A')).toBeGreaterThan(safety('B'));
    expect(safety('B')).toBeGreaterThan(safety('C'));
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
  });

  it('takes σL from observed lead times once there are three', () => {
    const two = decide(item({ observedLeadTime: { meanDays: 9, sdDays: 3, samples: 2 } }), noCover);
    expect(two.leadTimeDays).toBe(6);
    const three = decide(item({ observedLeadTime: { meanDays: 9, sdDays: 3, samples: 3 } }), noCover);
    expect(three.leadTimeDays).toBe(9);
    expect(three.leadTimeSdDays).toBe(3);
    expect(three.sentence).toContain('9-day observed lead time');
    checkSentence(three.sentence);
  });

  it('takes a price break when the saving beats the extra holding, and says so', () => {
    const breaks = [{ minQty: 144, unitCostCents: 400 }];
    const d = decide(item({ moq: 0, priceBreaks: breaks }), noCover);
    // 48 at $4.50 vs 144 at $4.00: saves 144 × 0.50 = $72, holding 96 extra for ~3.6 days costs cents.
    expect(d.qty).toBe(144);
    expect(d.unitCostCents).toBe(400);
    expect(d.sentence).toContain('raised to 144 for the 144+ price break ($4.00 instead of $4.50 a unit saves $72.00, more than');
    checkSentence(d.sentence);
  });

  it('skips a price break that does not pay for holding the extra stock', () => {
    // A slow seller: 10,000 units at 1 cent less would sit for years.
    const d = decide(item({ moq: 0, perDay: 2, priceBreaks: [{ minQty: 10_000, unitCostCents: 449 }] }), noCover);
    expect(d.qty).toBeLessThan(100);
    expect(d.unitCostCents).toBe(450);
    expect(d.sentence).not.toContain('price break');
  });

  it('caps perishables at what sells before the lot expires', () => {
    const d = decide(item({ moq: 0, casePack: 6, perDay: 3, onHand: 0, shelfLifeDays: 10 }), { ...DEFAULT_POLICY, coverDays: 30 });
    // Wants 3 × 36 + safety; the lot sells 3 × 10 = 30 before it expires.
    expect(d.need).toBeGreaterThan(30);
    expect(d.qty).toBe(30);
    expect(d.perishableCap).toBe(30);
    expect(d.sentence).toContain('capped at 30: what the forecast sells in the 10-day shelf life');
    checkSentence(d.sentence);
    // Even a price break does not push it past the cap.
    expect(decide(item({ moq: 0, casePack: 6, perDay: 3, onHand: 0, shelfLifeDays: 10, priceBreaks: [{ minQty: 120, unitCostCents: 100 }] }), { ...DEFAULT_POLICY, coverDays: 30 }).qty).toBe(30);
  });

  it('orders nothing when a single case would expire unsold', () => {
    const d = decide(item({ moq: 0, casePack: 48, perDay: 1, onHand: 0, shelfLifeDays: 20 }));
    expect(d.qty).toBe(0);
    expect(d.sentence).toMatch(/^no order: a case of 48 would not sell within the 20-day shelf life/);
  });
});

describe('ABC, supplier minimums and the budget', () => {
  it('classifies by cumulative revenue share', () => {
    const classes = classifyAbc(new Map([[1, 7000], [2, 1500], [3, 1000], [4, 300], [5, 200], [6, 0]]));
    expect(Object.fromEntries(classes)).toEqual({ 1: 'A', 2: 'A', 3: 'B', 4: 'C', 5: 'C', 6: 'C' });
  });

  const line = (key: number, over: Partial<DraftLine> = {}): DraftLine => ({
    key,
    supplierId: 1,
    supplierName: 'Acme',
    orderMinimumCents: 0,
    currency: 'USD',
    qty: 10,
    casePack: 1,
    moq: 0,
    unitCostCents: 1000,
    perishableCap: null,
    score: key,
    notes: [],
    unitCostAt(q: number) {
      return unitCostAt({ unitCostCents: this.unitCostCents, priceBreaks: [] }, q);
    },
    ...over,
  });

  it('never exceeds the budget, keeps the riskiest lines and says what it left out', () => {
    const lines = [line(1, { score: 5, moq: 10 }), line(2, { score: 50 }), line(3, { score: 20, casePack: 10 })];
    const { chosen, leftOut, spentCents } = fitToBudget(lines, 25_000);
    expect(spentCents).toBeLessThanOrEqual(25_000);
    expect(chosen.map((l) => l.key)).toEqual([2, 3]);
    expect(spentCents).toBe(20_000);
    expect(leftOut).toHaveLength(1);
    expect(leftOut[0].line.key).toBe(1);
    expect(leftOut[0].reason).toBe('over budget: $100.00 needed, $50.00 of the $250.00 budget left after higher-risk lines');
  });

  it('cuts a line to the case packs that fit', () => {
    const { chosen, spentCents } = fitToBudget([line(1, { qty: 24, casePack: 6 })], 15_000);
    expect(chosen[0].qty).toBe(12);
    expect(spentCents).toBe(12_000);
    expect(chosen[0].notes[0]).toBe('cut from 24 to 12 to stay within the budget ($150.00 was left)');
  });

  it('tops lines up to the supplier minimum and leaves a supplier out when the budget cannot reach it', () => {
    const lines = [line(1, { score: 9, casePack: 5, qty: 5 }), line(2, { score: 1, casePack: 5, qty: 5 })];
    lines.forEach((l) => (l.orderMinimumCents = 20_000));
    expect(topUpToOrderMinimums(lines).size).toBe(0);
    expect(lines.map((l) => l.qty)).toEqual([10, 10]);
    expect(lines[0].notes).toEqual(["+5 to reach Acme's $200.00 order minimum"]);
    const { chosen, leftOut } = fitToBudget(lines, 15_000);
    expect(chosen).toHaveLength(0);
    expect(leftOut.map((l) => l.reason)).toContain("within the budget Acme's lines come to $150.00, below its $200.00 order minimum");
  });
});
