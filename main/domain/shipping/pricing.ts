/**
 * Price of one parcel on one service: eligibility, billable weight, base price from the
 * rate card, each surcharge as its own line, total in integer cents.
 *
 * Order of the breakdown: base, flat surcharges (residential, delivery area, oversize),
 * signature, insurance, then fuel as a percentage of base + the flat surcharges marked
 * subjectToFuel (FORMATS.md §5: fuel = pct(week) × (base + surcharges subject to fuel)).
 * Signature and declared-value charges are not fuel-bearing here (UPS/FedEx exempt most
 * value-added options; a carrier that differs can mark a flat surcharge instead).
 */
import { billableWeight, lengthPlusGirthMm, longestSideMm } from './dimensional-weight';
import { percentOfCents } from './money';
import { lookupRate, type CompiledRateCard } from './rate-card';
import type { BillableWeight, DeliveryAreaSurcharge, PriceLine, ShipmentPackage, ShippingService, Zone } from './types';

export type IneligibleCode =
  | 'destination-country'
  | 'no-zone'
  | 'no-rate-card'
  | 'over-max-weight'
  | 'over-max-length'
  | 'over-max-length-plus-girth'
  | 'over-card-max-weight'
  | 'zone-not-on-card'
  | 'signature-unavailable'
  | 'insurance-unavailable'
  | 'excluded-by-rule'
  | 'no-transit-time';

export interface Ineligibility {
  code: IneligibleCode;
  message: string;
}

/** Size/weight/country limits only (no rate card needed): usable to grey out services early. */
export function checkServiceLimits(pkg: ShipmentPackage, service: ShippingService): Ineligibility | null {
  if (!service.countries.includes(pkg.destination.country)) {
    return { code: 'destination-country', message: `${service.name} does not ship to ${pkg.destination.country}` };
  }
  if (pkg.weightG > service.maxWeightG) {
    return { code: 'over-max-weight', message: `${pkg.weightG} g is over ${service.name}'s ${service.maxWeightG} g limit` };
  }
  const longest = longestSideMm(pkg);
  if (longest > service.maxLengthMm) {
    return { code: 'over-max-length', message: `longest side ${longest} mm is over ${service.name}'s ${service.maxLengthMm} mm limit` };
  }
  const lpg = lengthPlusGirthMm(pkg);
  if (lpg > service.maxLengthPlusGirthMm) {
    return { code: 'over-max-length-plus-girth', message: `length + girth ${lpg} mm is over ${service.name}'s ${service.maxLengthPlusGirthMm} mm limit` };
  }
  if (pkg.signatureRequired && !service.signature.available) {
    return { code: 'signature-unavailable', message: `${service.name} cannot require a signature` };
  }
  if (pkg.insuredValueCents !== undefined && pkg.insuredValueCents > 0) {
    if (!service.insurance.available) return { code: 'insurance-unavailable', message: `${service.name} offers no declared-value coverage` };
    if (pkg.insuredValueCents > service.insurance.maxValueCents) {
      return { code: 'insurance-unavailable', message: `declared value is over ${service.name}'s coverage limit` };
    }
  }
  return null;
}

/** Precompiled postal-prefix test for delivery-area lists (a Set per prefix length). */
export interface CompiledPrefixList {
  lengths: number[];
  prefixes: Set<string>;
}

export function compilePrefixList(prefixes: string[]): CompiledPrefixList {
  return { lengths: [...new Set(prefixes.map((p) => p.length))].sort((a, b) => a - b), prefixes: new Set(prefixes) };
}

export function matchesPrefixList(list: CompiledPrefixList, postalCode: string): boolean {
  const code = postalCode.replace(/\s+/g, '').toUpperCase();
  for (const length of list.lengths) if (code.length >= length && list.prefixes.has(code.slice(0, length))) return true;
  return false;
}

export interface PriceQuote {
  zone: Zone;
  weight: BillableWeight;
  lines: PriceLine[];
  totalCents: number;
  currency: string;
}

export type PricingResult = { ok: true; quote: PriceQuote } | { ok: false; ineligible: Ineligibility };

export interface PricingOptions {
  /** This week's fuel percentage, overriding the catalog's (carriers change it weekly). */
  fuelPercentBp?: number;
  /** Precompiled delivery-area lists, keyed by surcharge object, so repeated quotes skip the work. */
  prefixLists?: Map<DeliveryAreaSurcharge, CompiledPrefixList>;
}

/** Started $100 steps above the included value, times the per-$100 price. */
export function insurancePriceCents(service: ShippingService, insuredValueCents: number): number {
  const excess = insuredValueCents - service.insurance.includedValueCents;
  if (excess <= 0) return 0;
  return Math.ceil(excess / 10_000) * service.insurance.pricePerHundredCents;
}

/**
 * Prices `pkg` on `service` for `zone`. The caller resolves the zone (zone chart or country
 * map) and passes the compiled rate card; a missing card makes the service ineligible.
 */
export function priceParcel(
  pkg: ShipmentPackage,
  service: ShippingService,
  zone: Zone,
  card: CompiledRateCard | undefined,
  options: PricingOptions = {},
): PricingResult {
  const limit = checkServiceLimits(pkg, service);
  if (limit) return { ok: false, ineligible: limit };
  if (!card) return { ok: false, ineligible: { code: 'no-rate-card', message: `no rate card loaded for ${service.name}` } };

  const weight = billableWeight(pkg, service);
  let billableG = weight.billableWeightG;
  const longest = longestSideMm(pkg);
  const lpg = lengthPlusGirthMm(pkg);
  const oversizeRules = service.surcharges.filter(
    (s) =>
      s.kind === 'oversize' &&
      ((s.longestSideOverMm !== undefined && longest > s.longestSideOverMm) ||
        (s.lengthPlusGirthOverMm !== undefined && lpg > s.lengthPlusGirthOverMm) ||
        (s.actualWeightOverG !== undefined && pkg.weightG > s.actualWeightOverG)),
  );
  // Large-package minimum billable weight raises the bracket before the base price is read.
  for (const rule of oversizeRules) if (rule.kind === 'oversize' && rule.minBillableWeightG && rule.minBillableWeightG > billableG) billableG = rule.minBillableWeightG;
  const effectiveWeight = billableG === weight.billableWeightG ? weight : { ...weight, billableWeightG: billableG };

  const rate = lookupRate(card, zone, billableG);
  if (!rate.ok) return { ok: false, ineligible: { code: rate.reason, message: rate.message } };

  const lines: PriceLine[] = [{ code: 'base', label: `${service.name} zone ${zone}`, amountCents: rate.priceCents }];
  let fuelBase = rate.priceCents;
  for (const surcharge of service.surcharges) {
    let applies = false;
    if (surcharge.kind === 'residential') applies = pkg.destination.residential === true;
    else if (surcharge.kind === 'oversize') applies = oversizeRules.includes(surcharge);
    else if (surcharge.kind === 'deliveryArea') {
      const list = options.prefixLists?.get(surcharge) ?? compilePrefixList(surcharge.postalPrefixes);
      applies = matchesPrefixList(list, pkg.destination.postalCode);
    }
    if (!applies || surcharge.kind === 'fuel') continue;
    lines.push({ code: surcharge.kind, label: surcharge.label, amountCents: surcharge.amountCents });
    if (surcharge.subjectToFuel) fuelBase += surcharge.amountCents;
  }
  if (pkg.signatureRequired) lines.push({ code: 'signature', label: 'Signature required', amountCents: service.signature.priceCents });
  if (pkg.insuredValueCents !== undefined && pkg.insuredValueCents > 0) {
    lines.push({ code: 'insurance', label: 'Declared value coverage', amountCents: insurancePriceCents(service, pkg.insuredValueCents) });
  }
  const fuel = service.surcharges.find((s) => s.kind === 'fuel');
  if (fuel && fuel.kind === 'fuel') {
    const percentBp = options.fuelPercentBp ?? fuel.percentBp;
    const amount = percentOfCents(fuelBase, percentBp);
    if (amount > 0) lines.push({ code: 'fuel', label: `${fuel.label} ${(percentBp / 100).toFixed(2)}%`, amountCents: amount });
  }
  const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  return { ok: true, quote: { zone, weight: effectiveWeight, lines, totalCents, currency: card.currency } };
}
