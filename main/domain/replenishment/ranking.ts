import { moneyText as formatMoney } from './money-text';
import type { AbcClass } from './policy';

/**
 * ABC classes by revenue, the supplier order minimum and the budget: which drafted lines go on a
 * PO and which are left out, and why. Plain functions over plain data.
 */

/** Revenue share cut-offs: A covers the first 80 % of revenue, B the next 15 %, C the rest. */
export const ABC_CUTOFFS = { A: 0.8, B: 0.95 } as const;

/** Classifies products by their share of revenue (minor units); products that sold nothing are C. */
export function classifyAbc(revenueCents: ReadonlyMap<number, number>, cutoffs: { A: number; B: number } = ABC_CUTOFFS): Map<number, AbcClass> {
  const ranked = [...revenueCents.entries()].filter(([, r]) => r > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const total = ranked.reduce((s, [, r]) => s + r, 0);
  const classes = new Map<number, AbcClass>();
  let before = 0;
  for (const [id, revenue] of ranked) {
    // A product is in the class where its revenue starts: the top seller is always A.
    const share = before / total;
    classes.set(id, share < cutoffs.A ? 'A' : share < cutoffs.B ? 'B' : 'C');
    before += revenue;
  }
  for (const id of revenueCents.keys()) if (!classes.has(id)) classes.set(id, 'C');
  return classes;
}

/** A line the policy wants to order, before the supplier minimum and the budget. */
export interface DraftLine {
  key: number;
  supplierId: number;
  supplierName: string;
  orderMinimumCents: number;
  currency: string;
  qty: number;
  casePack: number;
  moq: number;
  unitCostCents: number;
  /** Upper bound from the shelf life (null: none). */
  perishableCap: number | null;
  /** Stockout risk × margin: the expected margin lost per day without this order. */
  score: number;
  /** What changed the quantity after the policy ("+24 to reach …"). */
  notes: string[];
  unitCostAt(qty: number): number;
}

export interface LeftOut<L> {
  line: L;
  reason: string;
}

const lineValue = (l: DraftLine) => l.qty * l.unitCostAt(l.qty);

/**
 * Tops up each supplier's lines to its order minimum, a case pack at a time on the riskiest line
 * that still has room under its perishable cap. Returns the suppliers that cannot reach it.
 */
export function topUpToOrderMinimums(lines: DraftLine[]): Set<number> {
  const bySupplier = groupBy(lines, (l) => l.supplierId);
  const short = new Set<number>();
  for (const [supplierId, group] of bySupplier) {
    const minimum = group[0].orderMinimumCents;
    if (minimum <= 0) continue;
    const before = new Map(group.map((l) => [l.key, l.qty]));
    const ranked = [...group].sort((a, b) => b.score - a.score);
    let total = group.reduce((s, l) => s + lineValue(l), 0);
    let guard = 100_000;
    while (total < minimum && guard-- > 0) {
      const room = ranked.find((l) => l.perishableCap === null || l.qty + l.casePack <= l.perishableCap);
      if (!room) break;
      // Spread the top-up: the riskiest line with room takes one case, then moves to the back.
      room.qty += room.casePack;
      ranked.push(ranked.splice(ranked.indexOf(room), 1)[0]);
      total = group.reduce((s, l) => s + lineValue(l), 0);
    }
    for (const l of group) {
      const added = l.qty - before.get(l.key)!;
      if (added > 0) l.notes.push(`+${added} to reach ${l.supplierName}'s ${formatMoney(minimum, l.currency)} order minimum`);
    }
    if (total < minimum) short.add(supplierId);
  }
  return short;
}

/**
 * Fits the lines into the budget, riskiest first (stockout risk × margin). A line that does not fit
 * whole is cut to the case packs that fit (not below its MOQ); what cannot fit is left out, with the
 * reason. A supplier whose remaining lines fall below its order minimum is left out whole.
 */
export function fitToBudget<L extends DraftLine>(lines: readonly L[], budgetCents: number, shortSuppliers: ReadonlySet<number> = new Set()): { chosen: L[]; leftOut: LeftOut<L>[]; spentCents: number } {
  const ranked = [...lines].sort((a, b) => b.score - a.score || a.key - b.key);
  const chosen: L[] = [];
  const leftOut: LeftOut<L>[] = [];
  let spent = 0;
  const money = (c: number, l: DraftLine) => formatMoney(c, l.currency);
  for (const line of ranked) {
    if (shortSuppliers.has(line.supplierId)) {
      leftOut.push({ line, reason: `${line.supplierName}'s ${money(line.orderMinimumCents, line)} order minimum cannot be reached (the shelf life caps every line)` });
      continue;
    }
    const value = lineValue(line);
    const left = budgetCents - spent;
    if (value <= left) {
      chosen.push(line);
      spent += value;
      continue;
    }
    const floor = Math.max(line.casePack, Math.ceil(line.moq / line.casePack) * line.casePack);
    let cut = Math.floor(line.qty / line.casePack) * line.casePack;
    while (cut >= floor && cut * line.unitCostAt(cut) > left) cut -= line.casePack;
    if (cut >= floor && cut > 0) {
      line.notes.push(`cut from ${line.qty} to ${cut} to stay within the budget (${money(left, line)} was left)`);
      line.qty = cut;
      chosen.push(line);
      spent += lineValue(line);
      continue;
    }
    leftOut.push({ line, reason: `over budget: ${money(value, line)} needed, ${money(Math.max(0, left), line)} of the ${money(budgetCents, line)} budget left after higher-risk lines` });
  }
  // The budget may have dropped lines a supplier's minimum relied on.
  const kept = groupBy(chosen, (l) => l.supplierId);
  for (const [, group] of kept) {
    const minimum = group[0].orderMinimumCents;
    const total = group.reduce((s, l) => s + lineValue(l), 0);
    if (minimum > 0 && total < minimum) {
      for (const line of group) {
        chosen.splice(chosen.indexOf(line), 1);
        spent -= lineValue(line);
        leftOut.push({ line, reason: `within the budget ${line.supplierName}'s lines come to ${money(total, line)}, below its ${money(minimum, line)} order minimum` });
      }
    }
  }
  return { chosen, leftOut, spentCents: spent };
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
