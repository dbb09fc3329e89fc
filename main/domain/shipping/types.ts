/**
 * Plain-data types for the shipping area: carriers, services, zone charts, rate cards,
 * packages and the results of pricing and rate shopping.
 *
 * Units everywhere: money in integer cents, weight in integer grams, lengths in integer
 * millimetres, percentages in integer basis points (1450 = 14.50 %). Dates are local
 * calendar dates of the shop as 'YYYY-MM-DD'; times are local 'HH:MM'.
 */

/** `${carrierCode}:${serviceCode}`, e.g. 'usps:priority'. Stable id used by rules, history and the store. */
export type ServiceKey = string;

/** A zone is a carrier's label for a distance band: 'L', '1'…'9', 'local', a country zone 'Z3'… */
export type Zone = string;

export interface Carrier {
  code: string;
  name: string;
  /** Id of the zone chart this carrier's services use (charts are per carrier, per origin prefix). */
  zoneChartId: string;
}

/** Units a weight can be rounded up to. 'oz' and 'lb' are avoirdupois (exact: 1 lb = 453.59237 g). */
export type WeightUnit = 'g' | 'oz' | 'lb' | 'kg';

/**
 * One tier of weight rounding: weights up to `untilG` (inclusive) round up to a multiple of
 * `step` × `unit`. The last tier has no `untilG`. Examples: whole lb = [{unit:'lb',step:1}];
 * 0.5 kg = [{unit:'g',step:500}]; USPS Ground Advantage = ounces below 1 lb, then whole lb.
 */
export interface WeightRoundingTier {
  untilG?: number;
  unit: WeightUnit;
  step: number;
}

/** How a carrier rounds each side before computing volume. Published practice varies (see FORMATS.md §5, unverified). */
export type DimensionRounding = 'nearest' | 'up' | 'none';

/**
 * Dimensional weight rule: dim weight = volume / divisor, in the carrier's own units.
 * US carriers: cubic inches per pound (139 daily UPS/FedEx, 166 USPS). Metric carriers:
 * cubic centimetres per kilogram (5000 DHL Express). The exact conversion to grams is in
 * dimensional-weight.ts.
 */
export interface DimWeightRule {
  lengthUnit: 'in' | 'cm';
  divisor: number;
  dimensionRounding: DimensionRounding;
  /** Dim weight applies only when the (rounded) volume is strictly above this, in lengthUnit³ (USPS: 1728 in³ = 1 ft³). */
  appliesWhenVolumeOver?: number;
}

export interface WeekendRules {
  saturdayPickup: boolean;
  saturdayDelivery: boolean;
  sundayDelivery: boolean;
}

/** Fuel: a percentage of transportation charges plus the surcharges marked subjectToFuel. */
export interface FuelSurcharge {
  kind: 'fuel';
  label: string;
  percentBp: number;
}

export interface ResidentialSurcharge {
  kind: 'residential';
  label: string;
  amountCents: number;
  subjectToFuel: boolean;
}

/** Charged when any of the given limits is exceeded; `minBillableWeightG` models UPS/FedEx "large package" minimums. */
export interface OversizeSurcharge {
  kind: 'oversize';
  label: string;
  amountCents: number;
  subjectToFuel: boolean;
  longestSideOverMm?: number;
  lengthPlusGirthOverMm?: number;
  actualWeightOverG?: number;
  minBillableWeightG?: number;
}

/** Flat per-package charge for destinations whose postal code starts with any listed prefix. */
export interface DeliveryAreaSurcharge {
  kind: 'deliveryArea';
  label: string;
  amountCents: number;
  subjectToFuel: boolean;
  postalPrefixes: string[];
}

export type Surcharge = FuelSurcharge | ResidentialSurcharge | OversizeSurcharge | DeliveryAreaSurcharge;

export interface SignatureOption {
  available: boolean;
  priceCents: number;
}

/** Declared-value coverage: first `includedValueCents` free, then `pricePerHundredCents` per started $100. */
export interface InsuranceOption {
  available: boolean;
  includedValueCents: number;
  pricePerHundredCents: number;
  maxValueCents: number;
}

export interface ShippingService {
  carrierCode: string;
  code: string;
  name: string;
  /** Destination countries served (ISO 3166-1 alpha-2). */
  countries: string[];
  /** Published transit time in business days (delivery days of this service), per zone. */
  transitDaysByZone: Record<Zone, number>;
  /** Parcels handed over at or after this local time leave on the next pickup day. */
  cutoffLocal: string;
  weekend: WeekendRules;
  maxWeightG: number;
  maxLengthMm: number;
  /** Length (longest side) + girth (2 × the other two sides). */
  maxLengthPlusGirthMm: number;
  dimWeight: DimWeightRule | null;
  weightRounding: WeightRoundingTier[];
  surcharges: Surcharge[];
  signature: SignatureOption;
  insurance: InsuranceOption;
  /** Prior share of parcels delivered within the published transit days (before this shop has history). */
  publishedOnTimeRate: number;
  /** International services: zone by destination country instead of a postal zone chart. */
  zoneByCountry?: Record<string, Zone>;
}

export interface ZoneChartRow {
  /** 3-digit origin postal prefix. */
  originPrefix: string;
  /** 3-digit destination prefix, or a 5-digit exception that overrides its prefix. */
  destPrefix: string;
  zone: Zone;
}

export interface ZoneChart {
  id: string;
  rows: ZoneChartRow[];
}

export interface RateCardRow {
  zone: Zone;
  /** Upper bound of the bracket, inclusive: a parcel whose billable weight is ≤ this pays `priceCents`. */
  maxWeightG: number;
  priceCents: number;
}

export interface RateCard {
  serviceKey: ServiceKey;
  currency: string;
  rows: RateCardRow[];
}

export interface Destination {
  country: string;
  postalCode: string;
  state?: string;
  residential?: boolean;
}

/** One parcel to price. */
export interface ShipmentPackage {
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  destination: Destination;
  /** Declared value to insure; insurance is priced only when present (rules can set it). */
  insuredValueCents?: number;
  signatureRequired?: boolean;
}

export interface PriceLine {
  code: 'base' | 'fuel' | 'residential' | 'oversize' | 'deliveryArea' | 'signature' | 'insurance';
  label: string;
  amountCents: number;
}

export interface BillableWeight {
  actualWeightG: number;
  /** Dimensional weight in grams (rounded up to the gram), 0 when the rule does not apply. */
  dimWeightG: number;
  /** max(actual, dim) after the service's rounding, expressed in grams (the bracket to look up). */
  billableWeightG: number;
  dimApplied: boolean;
}

/** Structured CSV problem: `row` is the 1-based line number as a spreadsheet shows it (header = 1). */
export interface CsvRowError {
  row: number;
  column: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T; errors: [] } | { ok: false; errors: CsvRowError[] };
