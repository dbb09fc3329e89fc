import type { LeftOutDto, PlanLineDto, ReplenishmentExceptionDto, ReplenishmentSettingsDto } from '../../../shared/api/replenishment';
import { sql } from 'kysely';
import type { Core } from '../../core';
import { observedLeadTimes, openPurchaseQuantities } from '../purchasing/open-purchases';
import { supplierOffers, type SupplierOffer } from '../purchasing/supplier-offers';
import type { DemandForecast } from './demand-forecasts';
import { decide, type PolicyDecision, type PolicySettings } from './policy';
import { classifyAbc, fitToBudget, topUpToOrderMinimums, type DraftLine } from './ranking';

/**
 * Gathers what the policy needs for every active product of one warehouse (stock, backorders, stock
 * on order, the offer it would be bought on, the forecast, the ABC class), decides each, tops
 * suppliers up to their minimums and fits the lines into the budget. Reads only; the service saves.
 */

interface ProductRow {
  id: number;
  sku: string;
  name: string;
  price_cents: number;
  avg_cost_cents: number;
  shelf_life_days: number | null;
  currency: string;
}

export interface PlannedLine extends DraftLine {
  productId: number;
  sku: string;
  name: string;
  offer: SupplierOffer;
  decision: PolicyDecision;
  abcClass: 'A' | 'B' | 'C';
}

export interface InternalPlan {
  day: string;
  warehouseId: number;
  products: number;
  chosen: PlannedLine[];
  leftOut: { line: PlannedLine; reason: string }[];
  spentCents: number;
  exceptions: ReplenishmentExceptionDto[];
}

export function policySettings(s: ReplenishmentSettingsDto): PolicySettings {
  return { serviceLevels: s.serviceLevels, coverDays: s.coverDays, leadTimeSdFraction: s.leadTimeSdFraction, holdingRatePerYear: s.holdingRatePerYear };
}

const DAY_MS = 86_400_000;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** What the plan reads from the shop besides the forecasts (loaded while the forecasting threads start). */
export interface PlanInputs {
  warehouseId: number;
  products: ProductRow[];
  stock: Map<number, number>;
  backordered: Map<number, number>;
  onOrder: Awaited<ReturnType<typeof openPurchaseQuantities>>;
  observed: Awaited<ReturnType<typeof observedLeadTimes>>;
  offers: Map<number, SupplierOffer[]>;
}

export async function loadPlanInputs(core: Core, warehouseId: number): Promise<PlanInputs> {
  const { store } = core;
  const products: ProductRow[] = await store.all(
    store.kysely.selectFrom('product').select(['id', 'sku', 'name', 'price_cents', 'avg_cost_cents', 'shelf_life_days', 'currency']).where('active', '=', 1).where('is_kit', '=', 0).orderBy('id'),
  );
  const stock = new Map<number, number>();
  const levels = store.kysely.selectFrom('stock_level').select((eb) => ['product_id', eb('sellable', '-', eb.ref('reserved')).as('available')]).where('warehouse_id', '=', warehouseId);
  for (const r of await store.all(levels)) stock.set(r.product_id, r.available);
  return { warehouseId, products, stock, backordered: await backorderedUnits(core, warehouseId), onOrder: await openPurchaseQuantities(core, { warehouseId, includeDrafts: true }), observed: await observedLeadTimes(core), offers: await supplierOffers(core) };
}

export async function buildPlan(
  core: Core,
  input: { settings: ReplenishmentSettingsDto; warehouseId: number; today: string; availableCents: number; forecasts: ReadonlyMap<number, DemandForecast>; inputs?: PlanInputs },
): Promise<InternalPlan> {
  const { settings, warehouseId, today } = input;
  const { products, stock, backordered, onOrder, observed, offers } = input.inputs ?? await loadPlanInputs(core, warehouseId);
  const forecasts = input.forecasts;
  const revenue = new Map<number, number>();
  for (const p of products) revenue.set(p.id, (forecasts.get(p.id)?.recentUnits ?? 0) * p.price_cents);
  const classes = classifyAbc(revenue);
  const policy = policySettings(settings);

  const wanted: PlannedLine[] = [];
  const exceptions: ReplenishmentExceptionDto[] = [];
  for (const p of products) {
    // The preferred offer in the product's own currency: a PO in another could not be received (no conversion).
    const offer = offers.get(p.id)?.find((o) => o.currency === p.currency);
    const forecast = forecasts.get(p.id);
    if (!offer || !forecast) continue;
    const open = onOrder.get(p.id);
    const abcClass = classes.get(p.id) ?? 'C';
    const decision = decide(
      {
        perDay: forecast.perDay,
        sdPerDay: forecast.sdPerDay,
        leadTimeDays: offer.leadTimeDays,
        observedLeadTime: observed.get(offer.supplierId) ?? null,
        abcClass,
        onHand: stock.get(p.id) ?? 0,
        onOrder: open?.onOrder ?? 0,
        backordered: backordered.get(p.id) ?? 0,
        casePack: offer.casePack,
        moq: offer.moq,
        unitCostCents: offer.unitCostCents,
        priceBreaks: offer.priceBreaks,
        shelfLifeDays: p.shelf_life_days,
        currency: offer.currency,
      },
      policy,
    );
    // Runs out before the next delivery can arrive: what is on hand lasts fewer days than the
    // earliest open PO needs to arrive (or, with nothing on order, than the lead time).
    if (decision.perDay > 0) {
      const lasts = Math.max(0, (stock.get(p.id) ?? 0) - (backordered.get(p.id) ?? 0)) / decision.perDay;
      const arrives = open?.nextExpectedOn ? Math.max(0, daysBetween(today, open.nextExpectedOn)) : decision.leadTimeDays;
      if (lasts < arrives) {
        exceptions.push({
          kind: 'runs_out_before_delivery',
          message: `${p.sku} runs out in ${lasts.toFixed(1)} days at ${decision.perDay}/day; ${open?.nextExpectedOn ? `the next PO is due ${open.nextExpectedOn}` : `a new order takes ${decision.leadTimeDays} days`}`,
          supplierId: offer.supplierId,
          poId: null,
          productId: p.id,
          sku: p.sku,
        });
      }
    }
    if (decision.qty <= 0) continue;
    const margin = Math.max(1, p.price_cents - decision.unitCostCents);
    wanted.push({
      key: p.id,
      productId: p.id,
      sku: p.sku,
      name: p.name,
      offer,
      decision,
      abcClass,
      supplierId: offer.supplierId,
      supplierName: offer.supplierName,
      orderMinimumCents: offer.orderMinimumCents,
      currency: offer.currency,
      qty: decision.qty,
      casePack: Math.max(1, offer.casePack),
      moq: offer.moq,
      unitCostCents: decision.unitCostCents,
      perishableCap: decision.perishableCap,
      // Expected margin lost per day without this order: the chance of a stockout × what a day's sales earn.
      score: decision.stockoutRisk * margin * decision.perDay,
      notes: [],
      unitCostAt: (q: number) => unitCost(offer, q),
    });
  }
  const short = topUpToOrderMinimums(wanted);
  const { chosen, leftOut, spentCents } = fitToBudget(wanted, input.availableCents, short);
  exceptions.unshift(...await supplierAndPoExceptions(core, today, observed));
  return { day: today, warehouseId, products: products.length, chosen, leftOut, spentCents, exceptions };
}

function unitCost(offer: SupplierOffer, qty: number): number {
  let cost = offer.unitCostCents;
  let bestMin = 0;
  for (const b of offer.priceBreaks) {
    if (b.minQty <= qty && b.minQty >= bestMin) {
      cost = b.unitCostCents;
      bestMin = b.minQty;
    }
  }
  return cost;
}

/** The finished sentence: the policy's, then what the supplier minimum and the budget changed. */
export function lineReason(line: PlannedLine): string {
  const d = line.decision;
  if (line.notes.length === 0 && line.qty === d.qty) return d.sentence;
  const head = line.casePack > 1 ? `${line.qty} = ${line.qty / line.casePack} cases of ${line.casePack}` : String(line.qty);
  return [`${head}: ${d.arithmetic}`, ...d.adjustments, ...line.notes].join(', ');
}

export function lineDto(line: PlannedLine): PlanLineDto {
  const unitCostCents = line.unitCostAt(line.qty);
  return {
    supplier: line.supplierName,
    supplierId: line.supplierId,
    sku: line.sku,
    productId: line.productId,
    name: line.name,
    qty: line.qty,
    casePack: line.casePack,
    unitCostCents,
    valueCents: unitCostCents * line.qty,
    currency: line.currency,
    abcClass: line.abcClass,
    perDay: line.decision.perDay,
    stockoutRisk: Math.round(line.decision.stockoutRisk * 1000) / 1000,
    riskScore: Math.round(line.score * 100) / 100,
    reason: lineReason(line),
  };
}

export const leftOutDto = (l: { line: PlannedLine; reason: string }): LeftOutDto => ({ ...lineDto(l.line), leftOutReason: l.reason });

/** Units customers ordered that are not yet allocated (backordered orders' open quantities minus what is reserved for them). */
async function backorderedUnits(core: Core, warehouseId: number): Promise<Map<number, number>> {
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('order_line as l')
      .innerJoin('sales_order as o', 'o.id', 'l.order_id')
      .select((eb) => {
        const reserved = eb
          .selectFrom('reservation as r')
          .innerJoin('order_line as l2', (j) => j.on('r.holder_type', '=', 'order_line').onRef('r.holder_id', '=', 'l2.id'))
          .innerJoin('sales_order as o2', 'o2.id', 'l2.order_id')
          .select((e) => e.fn.sum<number>('r.quantity').as('q'))
          .where('o2.status', '=', 'backordered')
          .whereRef('l2.product_id', '=', 'l.product_id');
        return ['l.product_id', sql<number>`sum(l.quantity - l.shipped_qty) - coalesce(${reserved}, 0)`.as('units')];
      })
      .where('o.status', '=', 'backordered')
      .where('l.product_id', 'is not', null)
      .where((eb) => eb.or([eb('o.warehouse_id', 'is', null), eb('o.warehouse_id', '=', warehouseId)]))
      .groupBy('l.product_id')
      .$narrowType<{ product_id: number }>(),
  );
  return new Map(rows.filter((r) => r.units > 0).map((r) => [r.product_id, r.units]));
}

/** Suppliers slower than they promise (observed mean lead time over the promised one), and POs past their expected day. */
export async function supplierAndPoExceptions(core: Core, today: string, known?: Awaited<ReturnType<typeof observedLeadTimes>>): Promise<ReplenishmentExceptionDto[]> {
  const observed = known ?? (await observedLeadTimes(core));
  const { store } = core;
  const out: ReplenishmentExceptionDto[] = [];
  for (const s of await store.all(store.kysely.selectFrom('supplier').select(['id', 'name', 'lead_time_days']).where('active', '=', 1).orderBy('name'))) {
    const o = observed.get(s.id);
    if (o && o.meanDays > s.lead_time_days + 0.5) {
      out.push({ kind: 'supplier_late', message: `${s.name} takes ${o.meanDays.toFixed(1)} days on average (${o.samples} receipt${o.samples === 1 ? '' : 's'}); it promises ${s.lead_time_days} day${s.lead_time_days === 1 ? '' : 's'}`, supplierId: s.id, poId: null, productId: null, sku: null });
    }
  }
  const overdue = await store.all(
    store.kysely
      .selectFrom('purchase_order as po')
      .innerJoin('supplier as s', 's.id', 'po.supplier_id')
      .select(['po.id', 'po.number', 's.name', 'po.supplier_id', 'po.expected_on'])
      .where('po.status', 'in', ['sent', 'partially_received'])
      .where('po.expected_on', 'is not', null)
      .where('po.expected_on', '<', today)
      .orderBy('po.expected_on')
      .$narrowType<{ expected_on: string }>(),
  );
  for (const po of overdue) {
    out.push({ kind: 'po_overdue', message: `${po.number} from ${po.name} was due ${po.expected_on} (${plural(daysBetween(po.expected_on, today), 'day')} ago)`, supplierId: po.supplier_id, poId: po.id, productId: null, sku: null });
  }
  return out;
}
