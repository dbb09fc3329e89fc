import { moneyText as formatMoney } from './money-text';
import { unitCostAt } from '../purchasing/supplier-offers';
import { normalCdf, normalQuantile } from './normal';

export { unitCostAt };

/**
 * The replenishment policy for one SKU at one supplier, as plain arithmetic over plain data (no
 * I/O): reorder point, safety stock with lead-time variability, the order-up-to quantity rounded
 * to case packs and MOQs, price breaks where they pay, the perishable cap — and the one sentence
 * that shows the arithmetic, computed from the same rounded numbers it prints, so a reader can
 * check it with a pencil.
 */

export type AbcClass = 'A' | 'B' | 'C';

export interface PolicySettings {
  /** Service level (chance of no stockout in a replenishment cycle) per ABC class of revenue. */
  serviceLevels: Record<AbcClass, number>;
  /** Days of demand an order covers beyond the lead time (the review period / target cover). */
  coverDays: number;
  /** σ of the lead time as a share of it, until a supplier has 3 observed lead times. */
  leadTimeSdFraction: number;
  /** Holding cost, share of the stock's value per year: what extra units for a price break cost to keep. */
  holdingRatePerYear: number;
}

export const DEFAULT_POLICY: PolicySettings = {
  serviceLevels: { A: 0.98, B: 0.95, C: 0.9 },
  coverDays: 14,
  leadTimeSdFraction: 0.2,
  holdingRatePerYear: 0.25,
};

/** Fewer observed lead times than this and σL falls back to the default fraction. */
export const MIN_LEAD_TIME_SAMPLES = 3;

export interface PriceBreak {
  minQty: number;
  unitCostCents: number;
}

export interface PolicyItem {
  /** Forecast mean daily demand and the one-day forecast error spread. */
  perDay: number;
  sdPerDay: number;
  /** The lead time promised (item override or the supplier's). */
  leadTimeDays: number;
  /** Lead times observed on this supplier's POs. */
  observedLeadTime: { meanDays: number; sdDays: number; samples: number } | null;
  abcClass: AbcClass;
  /** Sellable units not reserved for orders. */
  onHand: number;
  /** Units still to come on sent / partially received POs. */
  onOrder: number;
  /** Units ordered by customers and not yet allocated (they need stock beyond the forecast). */
  backordered: number;
  casePack: number;
  moq: number;
  unitCostCents: number;
  priceBreaks: PriceBreak[];
  /** Days a lot sells after it arrives (null: not perishable). */
  shelfLifeDays: number | null;
  currency: string;
}

export interface PolicyDecision {
  /** Units to order (0: no order). */
  qty: number;
  unitCostCents: number;
  /** The rounded demand rate the arithmetic uses (and prints). */
  perDay: number;
  leadTimeDays: number;
  leadTimeSdDays: number;
  serviceLevel: number;
  z: number;
  safetyStock: number;
  reorderPoint: number;
  /** Stock position: on hand + on order − backordered. */
  position: number;
  /** Units to reach the target cover, before case packs, minimums and breaks. */
  need: number;
  /** Chance that the position runs out before an order placed today can arrive. */
  stockoutRisk: number;
  /** Days the position lasts at the forecast rate (Infinity when nothing sells). */
  daysOfCover: number;
  /** The first part of the sentence (up to "= need"); the finished sentence is `sentence`. */
  arithmetic: string;
  /** What changed the need into the quantity, in order ("rounded up to the case pack", ...). */
  adjustments: string[];
  sentence: string;
  /** The shelf life limits the quantity (never more than sells before the lot expires). */
  perishableCap: number | null;
}

/** Demand rates are printed — and computed — at 2 decimals below 10/day, 1 above. */
export function roundRate(perDay: number): number {
  return perDay >= 10 ? Math.round(perDay * 10) / 10 : Math.round(perDay * 100) / 100;
}

const ceilInt = (x: number) => Math.ceil(x - 1e-9);
const roundUpTo = (qty: number, pack: number) => Math.ceil(qty / pack) * pack;
const days = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The lead time and its spread: observed when there are enough receipts, else promised with a default spread. */
export function leadTime(item: Pick<PolicyItem, 'leadTimeDays' | 'observedLeadTime'>, settings: PolicySettings): { days: number; sd: number; observed: boolean } {
  const obs = item.observedLeadTime;
  if (obs && obs.samples >= MIN_LEAD_TIME_SAMPLES) return { days: Math.round(obs.meanDays * 10) / 10, sd: obs.sdDays, observed: true };
  return { days: item.leadTimeDays, sd: item.leadTimeDays * settings.leadTimeSdFraction, observed: false };
}

const zCache = new Map<number, number>();
const zOf = (serviceLevel: number) => {
  let z = zCache.get(serviceLevel);
  if (z === undefined) zCache.set(serviceLevel, (z = normalQuantile(serviceLevel)));
  return z;
};

type DecisionNumbers = Pick<PolicyDecision, 'perDay' | 'leadTimeDays' | 'leadTimeSdDays' | 'serviceLevel' | 'z' | 'safetyStock' | 'reorderPoint' | 'position' | 'need' | 'stockoutRisk' | 'daysOfCover'>;

/**
 * A decision not to order. Most of a large catalog orders nothing on a given day: its sentence is
 * written only when someone reads it (getters on the prototype, not per object).
 */
class NoOrderDecision implements PolicyDecision {
  readonly qty = 0;
  readonly adjustments: string[] = [];
  readonly perDay: number;
  readonly leadTimeDays: number;
  readonly leadTimeSdDays: number;
  readonly serviceLevel: number;
  readonly z: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  readonly position: number;
  readonly need: number;
  readonly stockoutRisk: number;
  readonly daysOfCover: number;
  constructor(
    n: DecisionNumbers,
    readonly unitCostCents: number,
    readonly perishableCap: number | null,
    private readonly arithmeticOf: () => string,
    private readonly why: () => string,
  ) {
    this.perDay = n.perDay;
    this.leadTimeDays = n.leadTimeDays;
    this.leadTimeSdDays = n.leadTimeSdDays;
    this.serviceLevel = n.serviceLevel;
    this.z = n.z;
    this.safetyStock = n.safetyStock;
    this.reorderPoint = n.reorderPoint;
    this.position = n.position;
    this.need = n.need;
    this.stockoutRisk = n.stockoutRisk;
    this.daysOfCover = n.daysOfCover;
  }
  get arithmetic(): string {
    return this.arithmeticOf();
  }
  get sentence(): string {
    return `no order: ${this.why()}`;
  }
}

/** Decides one SKU: whether to order, how much, and the sentence that shows why. */
export function decide(item: PolicyItem, settings: PolicySettings = DEFAULT_POLICY): PolicyDecision {
  const d = roundRate(Math.max(0, item.perDay));
  const lt = leadTime(item, settings);
  const L = lt.days;
  const serviceLevel = settings.serviceLevels[item.abcClass];
  const z = zOf(serviceLevel);
  // Demand over the lead time varies with daily demand (L·σd²) and with the lead time itself (d²·σL²).
  const sdLeadTimeDemand = Math.sqrt(L * item.sdPerDay ** 2 + d * d * lt.sd ** 2);
  const safetyStock = ceilInt(Math.max(0, z * sdLeadTimeDemand));
  const leadDemand = ceilInt(d * L);
  const reorderPoint = leadDemand + safetyStock;
  const position = item.onHand + item.onOrder - item.backordered;
  const stockoutRisk = sdLeadTimeDemand > 0 ? 1 - normalCdf((position - d * L) / sdLeadTimeDemand) : position < d * L ? 1 : 0;
  const daysOfCover = d > 0 ? Math.max(0, position) / d : Infinity;

  const window = L + settings.coverDays;
  const windowDemand = ceilInt(d * window);
  const need = windowDemand + safetyStock - position;
  const backorderText = item.backordered > 0 ? ` + backordered ${item.backordered}` : '';
  // Sentences are built on demand: most of a large catalog orders nothing on a given day, and
  // building 100,000 strings nobody reads costs more than the arithmetic.
  const arithmeticOf = () =>
    `forecast ${d}/day × ${days(window)} days (${days(L)}-day ${lt.observed ? 'observed ' : ''}lead time + ${days(settings.coverDays)} days' cover) = ${windowDemand}` +
    ` + safety ${safetyStock} − on hand ${item.onHand} − on order ${item.onOrder}${backorderText} = ${need}`;

  const numbers: DecisionNumbers = { perDay: d, leadTimeDays: L, leadTimeSdDays: lt.sd, serviceLevel, z, safetyStock, reorderPoint, position, need, stockoutRisk, daysOfCover };
  const none = (why: () => string, perishableCap: number | null = null): PolicyDecision => new NoOrderDecision(numbers, item.unitCostCents, perishableCap, arithmeticOf, why);

  if (position > reorderPoint) {
    return none(() => `on hand ${item.onHand} + on order ${item.onOrder}${item.backordered ? ` − backordered ${item.backordered}` : ''} = ${position} is above the reorder point ${reorderPoint} (forecast ${d}/day × ${days(L)}-day lead time = ${leadDemand} + safety ${safetyStock})`);
  }
  if (need <= 0 || d <= 0) return none(() => `the forecast sells nothing over the cover (${arithmeticOf()})`);
  const arithmetic = arithmeticOf();
  const base = { ...numbers, arithmetic };

  const pack = Math.max(1, item.casePack);
  const adjustments: string[] = [];
  let qty = need;
  const raisedToMoq = item.moq > qty;
  if (raisedToMoq) qty = item.moq;
  const rounded = roundUpTo(qty, pack);
  if (rounded !== qty || pack > 1) {
    if (rounded !== need) adjustments.push(raisedToMoq ? `rounded up to the case pack and the item's ${item.moq} minimum` : 'rounded up to the case pack');
  } else if (raisedToMoq) adjustments.push(`raised to the item's ${item.moq} minimum`);
  qty = rounded;

  // Price breaks: take a larger quantity only when the saving on every unit bought beats the cost of
  // holding the extra stock (it would otherwise arrive with later orders).
  const holdingPerUnitDay = settings.holdingRatePerYear / 365;
  let best: { qty: number; net: number; text: string } | null = null;
  const costNow = unitCostAt(item, qty);
  for (const br of item.priceBreaks) {
    if (br.minQty <= qty || br.unitCostCents >= costNow) continue;
    const candidate = Math.max(roundUpTo(br.minQty, pack), item.moq);
    const cost = unitCostAt(item, candidate);
    const saving = candidate * (costNow - cost);
    // Buying `candidate` at once instead of `qty` a cycle raises the average stock by half the
    // difference for as long as the larger order takes to sell.
    const holding = ((candidate - qty) / 2) * cost * holdingPerUnitDay * (candidate / d);
    if (saving > holding && (!best || saving - holding > best.net)) {
      const money = (c: number) => formatMoney(Math.round(c), item.currency);
      best = {
        qty: candidate,
        net: saving - holding,
        text: `raised to ${candidate} for the ${br.minQty}+ price break (${money(cost)} instead of ${money(costNow)} a unit saves ${money(saving)}, more than ${money(holding)} to hold the extra ${candidate - qty})`,
      };
    }
  }
  if (best) {
    qty = best.qty;
    adjustments.push(best.text);
  }

  // Perishables: never more than the forecast sells before the lot expires. The stock already there
  // when the lot arrives sells first (FEFO), so the lot's selling window starts after it.
  let perishableCap: number | null = null;
  if (item.shelfLifeDays !== null) {
    const leftAtArrival = Math.max(0, position - d * L);
    const sells = Math.floor(d * item.shelfLifeDays - leftAtArrival + 1e-9);
    perishableCap = Math.max(0, Math.floor(sells / pack) * pack);
    if (perishableCap < Math.max(pack, item.moq)) {
      const shelfLife = item.shelfLifeDays;
      return none(() => `${pack > 1 ? `a case of ${pack}` : `the item's minimum of ${Math.max(1, item.moq)}`} would not sell within the ${shelfLife}-day shelf life (forecast ${d}/day × ${shelfLife} days − ${Math.ceil(leftAtArrival)} still on hand at arrival = ${Math.max(0, sells)})`, perishableCap);
    }
    if (qty > perishableCap) {
      qty = perishableCap;
      adjustments.push(`capped at ${qty}: what the forecast sells in the ${item.shelfLifeDays}-day shelf life (${d}/day × ${item.shelfLifeDays} days − ${Math.ceil(leftAtArrival)} still on hand at arrival)`);
    }
  }

  const decision: PolicyDecision = { ...base, qty, unitCostCents: unitCostAt(item, qty), adjustments, perishableCap, sentence: '' };
  decision.sentence = sentenceOf(decision, pack);
  return decision;
}

/** "96 = 8 cases of 12: forecast … = 57, rounded up to the case pack and the item's 96 minimum". */
export function sentenceOf(decision: Pick<PolicyDecision, 'qty' | 'arithmetic' | 'adjustments'>, casePack: number): string {
  const head = casePack > 1 ? `${decision.qty} = ${decision.qty / casePack} cases of ${casePack}` : String(decision.qty);
  return [`${head}: ${decision.arithmetic}`, ...decision.adjustments].join(', ');
}
