import { mapInOrder } from '../../../util/in-order';
import type { AddressDto } from '../../../../shared/api/orders';
import type { PlannedPackageDto, RateOptionDto, RatesDto, RulesTraceDto } from '../../../../shared/api/shipping';
import { conflict, invalid } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { SalesOrderRow } from '../../../store/schema';
import { dryRunRules, servicesAfterRules, type RuleOutcome, type RuleSubject, type ShippingRule } from '../automation-rules';
import { suggestBox, type Box, type BoxItem } from '../boxes';
import { compareCheapestFirst, compareMostLikelyFirst, formatPrice, shopRates, type RateOption, type RateShoppingResult } from '../rate-shopping';
import type { ShipmentPackage } from '../types';
import type { HolidayCalendar } from '../delivery-dates';
import { formatLocalDate } from '../../calendar/local-days';
import { shopCalendar } from '../../calendar/shop-calendar';
import type { CompiledShipping, ShippingConfig } from './shipping-config';

/** An order line as shipping sees it: the product's weight and size, and what is left to ship. */
export interface ShippableLine {
  id: number;
  sku: string;
  name: string;
  quantity: number;
  shippedQty: number;
  unitPriceCents: number;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface ShipFrom {
  warehouseId: number | null;
  warehouse: string | null;
  name: string;
  address: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface OrderFacts {
  order: SalesOrderRow;
  channel: string;
  shipTo: AddressDto;
  lines: ShippableLine[];
  origin: ShipFrom;
}

export interface PackagePlanInput {
  lines?: { lineId: number; quantity: number }[];
  boxCode?: string;
  weightG?: number;
}

export interface PlannedPackage extends PlannedPackageDto {
  lines: { lineId: number; quantity: number }[];
}

export interface OrderRating {
  facts: OrderFacts;
  packages: PlannedPackage[];
  rules: RuleOutcome;
  options: RateOption[];
  ineligible: { serviceKey: string; serviceName: string; reason: string }[];
  recommended: RateOption | null;
  recommendationMeetsPromise: boolean;
  reason: string;
  targetProbability: number;
  /** Per package, per service key: that package's option (for the price paid per package). */
  perPackage: Map<string, RateOption>[];
}

/** Local shop time 'YYYY-MM-DDTHH:MM' (the process's time zone is the shop's). */
/**
 * The shop's wall-clock time now and its calendar as carriers' day arithmetic needs it: carriers
 * keep the public holidays (no pickup, no delivery, even if the shop works that day); the shop's
 * own closed days only stop pickups from it.
 */
export async function shippingDays(core: Core): Promise<{ shipAt: string; holidays: HolidayCalendar }> {
  const calendar = await shopCalendar(core);
  return {
    shipAt: calendar.localDateTime(core.clock.now()),
    holidays: {
      days: { has: (day) => calendar.isPublicHoliday(formatLocalDate(day)) },
      noPickup: { has: (day) => calendar.has(formatLocalDate(day)) },
    },
  };
}

/** Reads an order with what rating and shipping need: lines with product sizes, the ship-from warehouse. */
export async function loadOrderFacts(core: Core, config: ShippingConfig, orderId: number): Promise<OrderFacts> {
  const { store } = core;
  const order = await store.get(store.kysely.selectFrom('sales_order').selectAll().where('id', '=', orderId));
  if (!order) throw invalid(`Order ${orderId} not found`, { field: 'orderId' });
  if (!order.ship_to) throw conflict(`Order ${order.number} has no ship-to address`);
  const shipTo = JSON.parse(order.ship_to) as AddressDto;
  const lines = (await store.all(
    store.kysely
      .selectFrom('order_line as l')
      .leftJoin('product as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.sku', 'l.name', 'l.quantity', 'l.shipped_qty', 'l.unit_price_cents', 'p.weight_g', 'p.length_mm', 'p.width_mm', 'p.height_mm'])
      .where('l.order_id', '=', orderId)
      .orderBy('l.line_no'),
  ))
    .map((l) => ({
      id: l.id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      shippedQty: l.shipped_qty,
      unitPriceCents: l.unit_price_cents,
      // Products without a recorded size still ship: a 100 g, 10 cm cube stands in, visibly small.
      weightG: l.weight_g || 100,
      lengthMm: l.length_mm || 100,
      widthMm: l.width_mm || 100,
      heightMm: l.height_mm || 100,
    }));
  const channel = (await store.get(store.kysely.selectFrom('channel').select('name').where('id', '=', order.channel_id)))?.name ?? '';
  return { order, channel, shipTo, lines, origin: await originFor(core, config, order) };
}

/** Ship-from: the order's allocated warehouse, else its lines' warehouse, else the shop origin, else the first warehouse. */
export async function originFor(core: Core, config: ShippingConfig, order: Pick<SalesOrderRow, 'id' | 'warehouse_id'> | null): Promise<ShipFrom> {
  const { store } = core;
  const warehouses = store.kysely.selectFrom('warehouse').select(['id', 'code', 'name', 'address', 'city', 'region', 'postal_code', 'country']);
  const byId = async (id: number | null) => (id === null ? undefined : await store.get(warehouses.where('id', '=', id)));
  const lineWarehouse = order
    ? ((await store.get(store.kysely.selectFrom('order_line').select('warehouse_id').where('order_id', '=', order.id).where('warehouse_id', 'is not', null).limit(1)))?.warehouse_id ?? null)
    : null;
  let w = await byId(order?.warehouse_id ?? null) ?? await byId(lineWarehouse);
  if (!w) {
    const fallback = (await config.settings()).origin;
    if (fallback) return { warehouseId: null, warehouse: null, name: 'Shop', address: '', city: '', region: '', postalCode: fallback.postalCode, country: fallback.country };
    w = await store.get(warehouses.where('active', '=', 1).where('postal_code', '<>', '').orderBy('id').limit(1));
  }
  if (!w) throw conflict('No origin to ship from: add a warehouse or set the shipping origin in Settings');
  return { warehouseId: w.id, warehouse: w.code, name: w.name, address: w.address, city: w.city, region: w.region, postalCode: w.postal_code, country: w.country };
}

function ruleSubject(facts: OrderFacts, weightG: number): RuleSubject {
  const { order, shipTo, lines } = facts;
  return {
    destination: { country: shipTo.countryCode, postalCode: shipTo.postalCode, state: shipTo.regionCode ?? undefined },
    weightG,
    channel: facts.channel,
    tags: order.tags.split(',').map((t) => t.trim()).filter(Boolean),
    orderValueCents: order.total_cents,
    skus: lines.map((l) => l.sku),
  };
}

/**
 * Splits the order into packages: the caller's plan, or one package with everything not yet
 * shipped. Each package gets the smallest box that fits (a rule's box wins), its weight is
 * products × qty + the box's tare (or the weighed weight), its dimensions are the box's.
 */
export function planPackages(facts: OrderFacts, boxes: Box[], plan: PackagePlanInput[] | undefined, ruleBox: string | null): PlannedPackage[] {
  const remaining = new Map(facts.lines.map((l) => [l.id, l.quantity - l.shippedQty]));
  const inputs: PackagePlanInput[] = plan ?? [{}];
  return inputs.map((input, index) => {
    let lines: { lineId: number; quantity: number }[];
    if (input.lines) {
      lines = input.lines;
      for (const l of lines) {
        const left = remaining.get(l.lineId);
        if (left === undefined) throw invalid(`Line ${l.lineId} is not on order ${facts.order.number}`, { field: `packages.${index}.lines` });
        if (l.quantity > left) throw conflict(`Line ${l.lineId} has only ${left} unit(s) left to ship`);
        remaining.set(l.lineId, left - l.quantity);
      }
    } else {
      lines = [...remaining.entries()].filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity }));
      for (const l of lines) remaining.set(l.lineId, 0);
    }
    if (lines.length === 0) throw conflict(`Order ${facts.order.number} has nothing left to ship`);
    const byId = new Map(facts.lines.map((l) => [l.id, l]));
    const items: BoxItem[] = lines.map((l) => {
      const line = byId.get(l.lineId)!;
      return { lengthMm: line.lengthMm, widthMm: line.widthMm, heightMm: line.heightMm, qty: l.quantity };
    });
    const productWeight = lines.reduce((sum, l) => sum + byId.get(l.lineId)!.weightG * l.quantity, 0);
    const wanted = input.boxCode ?? ruleBox;
    let box: Box | undefined;
    let boxReason: string;
    if (wanted) {
      box = boxes.find((b) => b.code.toLowerCase() === wanted.toLowerCase());
      if (!box) throw invalid(`Box "${wanted}" is not in the box catalog`, { field: `packages.${index}.boxCode` });
      boxReason = input.boxCode ? `${box.code} chosen at the station` : `${box.code} set by a rule`;
    } else {
      const suggestion = suggestBox(items, boxes);
      box = suggestion.ok ? suggestion.box : undefined;
      boxReason = suggestion.reason;
    }
    const dims = box ? [box.innerLengthMm, box.innerWidthMm, box.innerHeightMm] : boundingDims(items);
    return {
      lines,
      boxCode: box?.code ?? null,
      boxReason,
      weightG: input.weightG ?? productWeight + (box?.tareG ?? 0),
      lengthMm: dims[0],
      widthMm: dims[1],
      heightMm: dims[2],
    };
  });
}

/** Without a box: the items side by side on their largest faces, a deliberately generous estimate. */
function boundingDims(items: BoxItem[]): [number, number, number] {
  const sides = items.map((i) => [i.lengthMm, i.widthMm, i.heightMm].sort((a, b) => b - a));
  return [Math.max(...sides.map((s) => s[0])), Math.max(...sides.map((s) => s[1])), sides.reduce((sum, s, i) => sum + s[2] * items[i].qty, 0)];
}

export function toShipmentPackage(p: PlannedPackageDto, shipTo: { countryCode: string; postalCode: string; regionCode: string | null; residential: boolean | null; company: string | null }, rules: RuleOutcome | null): ShipmentPackage {
  return {
    weightG: p.weightG,
    lengthMm: p.lengthMm,
    widthMm: p.widthMm,
    heightMm: p.heightMm,
    // Unknown means residential unless a company is named: the surcharge is the safer guess.
    destination: { country: shipTo.countryCode, postalCode: shipTo.postalCode, state: shipTo.regionCode ?? undefined, residential: shipTo.residential ?? !shipTo.company },
    insuredValueCents: rules?.insuredValueCents ?? undefined,
    signatureRequired: rules?.signatureRequired || undefined,
  };
}

export function rulesTraceDto(outcome: RuleOutcome): RulesTraceDto {
  const describe = (a: RuleOutcome['trace'][number]['applied'][number]) =>
    a.type === 'forceService' ? `use ${a.serviceKey}` : a.type === 'neverUseService' ? `never use ${a.serviceKey}` : a.type === 'setBox' ? `box ${a.boxCode}` : a.type === 'addInsurance' ? `insure${a.valueCents ? ` ${a.valueCents}¢` : ' for the order value'}` : 'require a signature';
  return {
    fired: outcome.fired,
    trace: outcome.trace.map((t) => ({ ruleId: t.ruleId, ruleName: t.ruleName, matched: t.matched, explanation: t.explanation, applied: t.applied.map(describe), shadowed: t.shadowed.map(describe) })),
    forcedServiceKey: outcome.forcedServiceKey,
    neverUseServiceKeys: outcome.neverUseServiceKeys,
    boxCode: outcome.boxCode,
    insuredValueCents: outcome.insuredValueCents,
    signatureRequired: outcome.signatureRequired,
    conflicts: outcome.conflicts,
  };
}

/** Runs the rules for an order (the packed weight is what they see). */
export function evaluateRules(facts: OrderFacts, rules: ShippingRule[], weightG: number): RuleOutcome {
  return dryRunRules(rules, ruleSubject(facts, weightG));
}

const percent = (p: number) => `${Math.floor(p * 100)}%`;

/**
 * Several packages on one service: price = sum, on-time = the least likely package (all must
 * arrive), delivery = the latest. Only services eligible for every package remain.
 */
function combinePackages(results: RateShoppingResult[], target: number, promisedBy: string | null): Pick<OrderRating, 'options' | 'ineligible' | 'recommended' | 'recommendationMeetsPromise' | 'reason'> {
  if (results.length === 1) {
    const r = results[0];
    return { options: r.options, ineligible: r.ineligible, recommended: r.recommended, recommendationMeetsPromise: r.recommendationMeetsPromise, reason: r.reason };
  }
  const ineligible = results.flatMap((r) => r.ineligible).filter((x, i, all) => all.findIndex((y) => y.serviceKey === x.serviceKey) === i);
  const options: RateOption[] = [];
  for (const first of results[0].options) {
    const all = results.map((r) => r.options.find((o) => o.serviceKey === first.serviceKey));
    if (all.some((o) => !o)) continue;
    const parts = all as RateOption[];
    options.push({
      ...first,
      actualWeightG: parts.reduce((s, o) => s + o.actualWeightG, 0),
      dimWeightG: parts.reduce((s, o) => s + o.dimWeightG, 0),
      billableWeightG: parts.reduce((s, o) => s + o.billableWeightG, 0),
      breakdown: parts.flatMap((o, i) => o.breakdown.map((l) => ({ ...l, label: `Package ${i + 1}: ${l.label}` }))),
      totalCents: parts.reduce((s, o) => s + o.totalCents, 0),
      expectedDeliveryDate: parts.map((o) => o.expectedDeliveryDate).sort().at(-1)!,
      onTimeProbability: Math.min(...parts.map((o) => o.onTimeProbability)),
      historyObservations: Math.min(...parts.map((o) => o.historyObservations)),
      expectedByPromise: parts.every((o) => o.expectedByPromise),
      meetsPromise: parts.every((o) => o.meetsPromise),
    });
  }
  options.sort(compareCheapestFirst);
  const n = results.length;
  if (options.length === 0) return { options, ineligible, recommended: null, recommendationMeetsPromise: false, reason: `No single service can carry all ${n} packages.` };
  const cheapest = options.find((o) => o.meetsPromise) ?? null;
  if (cheapest) {
    const price = formatPrice(cheapest.totalCents, cheapest.currency);
    const reason = promisedBy
      ? `${cheapest.serviceName} (${price} for ${n} packages) is the cheapest option with at least ${percent(target)} chance that every package arrives by ${promisedBy} (${percent(cheapest.onTimeProbability)}).`
      : `${cheapest.serviceName} is the cheapest option for ${n} packages (${price}), expected ${cheapest.expectedDeliveryDate}.`;
    return { options, ineligible, recommended: cheapest, recommendationMeetsPromise: true, reason };
  }
  const best = [...options].sort(compareMostLikelyFirst)[0];
  return {
    options,
    ineligible,
    recommended: best,
    recommendationMeetsPromise: false,
    reason: `No option reaches ${percent(target)} for ${promisedBy}; ${best.serviceName} (${formatPrice(best.totalCents, best.currency)}) is the most likely to get all ${n} packages there in time (${percent(best.onTimeProbability)}).`,
  };
}

/** Rules first, then every package shopped on the remaining services, combined into one recommendation. */
export async function rateOrder(core: Core, config: ShippingConfig, facts: OrderFacts, plan?: PackagePlanInput[], rulesOverride?: ShippingRule[]): Promise<OrderRating> {
  const compiled = await config.current();
  const boxes = await config.boxes();
  // Rules see the packed weight; the box a rule picks changes the weight, so plan without rules first.
  const firstPass = planPackages(facts, boxes, plan, null);
  const rules = evaluateRules(facts, rulesOverride ?? await config.rules(), firstPass.reduce((s, p) => s + p.weightG, 0));
  const packages = rules.boxCode && boxes.some((b) => b.code.toLowerCase() === rules.boxCode!.toLowerCase()) ? planPackages(facts, boxes, plan, rules.boxCode) : firstPass;
  const { candidates, excluded } = servicesAfterRules(compiled.services, rules);
  const target = (await config.settings()).onTimeTarget;
  const promisedBy = facts.order.promised_date ?? null;
  const results = await mapInOrder(packages, async (p) => shop(compiled, toShipmentPackage(p, facts.shipTo, rules), candidates, facts.origin, promisedBy, target, await shippingDays(core)));
  const combined = combinePackages(results, target, promisedBy);
  const byName = new Map(compiled.services.map((s) => [`${s.carrierCode}:${s.code}`, s.name]));
  return {
    facts,
    packages,
    rules,
    ...combined,
    ineligible: [...combined.ineligible, ...excluded.map((e) => ({ serviceKey: e.serviceKey, serviceName: byName.get(e.serviceKey) ?? e.serviceKey, code: 'excluded-by-rule' as const, reason: e.reason }))],
    targetProbability: target,
    perPackage: results.map((r) => new Map(r.options.map((o) => [o.serviceKey, o]))),
  };
}

export function shop(
  compiled: CompiledShipping,
  pkg: ShipmentPackage,
  services: CompiledShipping['services'],
  origin: { postalCode: string; country: string; warehouse?: string | null },
  promisedBy: string | null,
  targetProbability: number,
  days: { shipAt: string; holidays: HolidayCalendar },
): RateShoppingResult {
  return shopRates(pkg, services, {
    tables: compiled.tables,
    origin: { country: origin.country, postalCode: origin.postalCode, name: origin.warehouse ?? undefined },
    shipAt: days.shipAt,
    holidays: days.holidays,
    promisedBy: promisedBy ?? undefined,
    targetProbability,
    deliveryStats: compiled.stats,
  });
}

export function optionDto(o: RateOption): RateOptionDto {
  return {
    serviceKey: o.serviceKey,
    carrier: o.carrierCode,
    service: o.serviceKey.slice(o.serviceKey.indexOf(':') + 1),
    serviceName: o.serviceName,
    zone: o.zone,
    priceCents: o.totalCents,
    currency: o.currency,
    breakdown: o.breakdown,
    actualWeightG: o.actualWeightG,
    dimWeightG: o.dimWeightG,
    billableWeightG: o.billableWeightG,
    transitDays: o.transitBusinessDays,
    pickupDate: o.pickupDate,
    deliveryDate: o.expectedDeliveryDate,
    onTimeProbability: Math.round(o.onTimeProbability * 10_000) / 10_000,
    historyObservations: o.historyObservations,
    meetsPromise: o.meetsPromise,
  };
}

export function ratesDto(r: OrderRating): RatesDto {
  const { facts } = r;
  return {
    orderId: facts.order.id,
    origin: { postalCode: facts.origin.postalCode, country: facts.origin.country, warehouse: facts.origin.warehouse },
    destination: { postalCode: facts.shipTo.postalCode, country: facts.shipTo.countryCode, residential: facts.shipTo.residential ?? !facts.shipTo.company },
    promisedDate: facts.order.promised_date,
    targetProbability: r.targetProbability,
    packages: r.packages.map(({ lines: _lines, ...p }) => p),
    options: r.options.map(optionDto),
    ineligible: r.ineligible.map((i) => ({ serviceKey: i.serviceKey, serviceName: i.serviceName, reason: i.reason })),
    recommended: r.recommended ? { serviceKey: r.recommended.serviceKey, carrier: r.recommended.carrierCode, service: r.recommended.serviceKey.slice(r.recommended.serviceKey.indexOf(':') + 1) } : null,
    recommendationMeetsPromise: r.recommendationMeetsPromise,
    reason: r.reason,
    rules: rulesTraceDto(r.rules),
  };
}
