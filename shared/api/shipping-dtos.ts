/** What the shipping API answers with: rates, shipments, manifests, exceptions and the shipping tables. */
import type { SHIPMENT_STATUSES } from '../statuses';

export type ShipmentStatusDto = (typeof SHIPMENT_STATUSES)[number];
export const TRACKING_STATUSES = ['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'] as const;

export interface PriceLineDto {
  code: string;
  label: string;
  amountCents: number;
}

/** One priced service for a parcel (or the sum over an order's packages). */
export interface RateOptionDto {
  serviceKey: string;
  carrier: string;
  service: string;
  serviceName: string;
  zone: string;
  priceCents: number;
  currency: string;
  breakdown: PriceLineDto[];
  actualWeightG: number;
  dimWeightG: number;
  billableWeightG: number;
  transitDays: number;
  pickupDate: string;
  deliveryDate: string;
  /** Chance (0–1) of arriving by the promised date, from this shop's delivered history and the published record. */
  onTimeProbability: number;
  /** Delivered parcels of this service and zone behind the probability. */
  historyObservations: number;
  meetsPromise: boolean;
  /** Where the price comes from: the postage provider's live rate, or the shop's rate card. */
  priceSource?: 'live' | 'rate-card';
  /** The label this service makes here: bought `postage`, a `reference` label (NOT POSTAGE), or an `own-fleet` label. */
  labelKind?: 'postage' | 'reference' | 'own-fleet';
}

/**
 * Live rates of the postage account for an order: `live` (its carriers' prices are the provider's),
 * `unavailable` (the provider was slow or down: every price is the rate card's, and the reason says
 * why), `off` (no postage account, or none of its carriers can carry this).
 */
export interface LiveRatesStatusDto {
  status: 'live' | 'unavailable' | 'off';
  provider: string | null;
  reason: string | null;
}

export interface RulesTraceDto {
  fired: string[];
  trace: { ruleId: string; ruleName: string; matched: boolean; explanation: string[]; applied: string[]; shadowed: string[] }[];
  forcedServiceKey: string | null;
  neverUseServiceKeys: string[];
  boxCode: string | null;
  insuredValueCents: number | null;
  signatureRequired: boolean;
  conflicts: string[];
}

export interface PlannedPackageDto {
  boxCode: string | null;
  boxReason: string;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface RatesDto {
  orderId: number | null;
  origin: { postalCode: string; country: string; warehouse: string | null };
  destination: { postalCode: string; country: string; residential: boolean };
  promisedDate: string | null;
  targetProbability: number;
  packages: PlannedPackageDto[];
  /** Eligible options, cheapest first. */
  options: RateOptionDto[];
  ineligible: { serviceKey: string; serviceName: string; reason: string }[];
  recommended: { serviceKey: string; carrier: string; service: string } | null;
  recommendationMeetsPromise: boolean;
  /** One sentence: why the recommended service. */
  reason: string;
  rules: RulesTraceDto | null;
  /** Live carrier rates (order rating only). */
  live?: LiveRatesStatusDto;
}

export interface ShipmentPackageDto {
  id: number;
  seq: number;
  boxCode: string | null;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  billableWeightG: number;
  priceCents: number;
  trackingNumber: string | null;
  labelFormat: string;
  labelBytes: number;
  printJobId: number | null;
  status: string;
}

export interface ShipmentDto {
  id: number;
  /** 'return': a return label, from the customer back to the warehouse. */
  direction: 'outbound' | 'return';
  orderId: number | null;
  orderNumber: string | null;
  carrier: string;
  serviceKey: string;
  serviceName: string;
  status: ShipmentStatusDto;
  zone: string;
  shipTo: { name: string; city: string; postalCode: string; country: string };
  promisedDate: string | null;
  pickupDate: string;
  expectedDeliveryDate: string;
  deliveredDate: string | null;
  onTimeProbability: number | null;
  priceCents: number;
  costCents: number | null;
  refundCents: number;
  currency: string;
  recommendedServiceKey: string | null;
  overrideReason: string | null;
  manifestId: number | null;
  voidReason: string | null;
  createdAt: string;
  /**
   * `postage`: bought through the postage account (the carrier's label and tracking number);
   * `reference`: a postage carrier without bought postage — NOT POSTAGE, its number is an internal
   * reference ("REF…"), not tracking; `own-fleet`: a local courier's own label and number.
   */
  labelKind: 'postage' | 'reference' | 'own-fleet';
  packages: ShipmentPackageDto[];
  events: { at: string; status: string; message: string; location: string | null; trackingNumber: string }[];
}

export interface ManifestDto {
  id: number;
  carrier: string;
  date: string;
  shipments: number;
  packages: number;
  totalWeightG: number;
  totalCents: number;
  closedAt: string;
  printJobId: number | null;
  csv: string;
}

export interface ShippingExceptionDto {
  shipmentId: number;
  orderId: number | null;
  orderNumber: string | null;
  carrier: string;
  serviceName: string;
  trackingNumber: string | null;
  kind: 'late' | 'stalled' | 'exception' | 'returned';
  detail: string;
  promisedDate: string | null;
  expectedDeliveryDate: string;
  lastEventAt: string | null;
}

export interface ServiceDto {
  key: string;
  carrier: string;
  code: string;
  name: string;
  builtIn: boolean;
  enabled: boolean;
  countries: string[];
  transitDaysByZone: Record<string, number>;
  cutoffLocal: string;
  maxWeightG: number;
  dimDivisor: number | null;
  publishedOnTimeRate: number;
  surcharges: string[];
  rateCardRows: number;
}

export interface CarrierDto {
  code: string;
  name: string;
  zoneChartId: string;
  builtIn: boolean;
  enabled: boolean;
  zoneChartRows: number;
  services: ServiceDto[];
}

export interface BoxDto {
  id: number;
  code: string;
  name: string;
  innerLengthMm: number;
  innerWidthMm: number;
  innerHeightMm: number;
  tareG: number;
  costCents: number;
  active: boolean;
}

