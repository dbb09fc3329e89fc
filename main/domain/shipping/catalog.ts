/**
 * Built-in carriers and services as plain data (a starting point the shop edits, not a
 * tariff of record). Limits, divisors and rounding follow FORMATS.md §5 and the carriers'
 * public service guides; fees and on-time rates are plausible demo values.
 * Sources for the rules that matter to the maths:
 * - UPS/FedEx daily rates: dim divisor 139 in³/lb; USPS: 166 in³/lb, only above 1 ft³ (1728 in³).
 * - Sides rounded to the nearest inch before computing volume ([unverified] per FORMATS.md).
 * - DHL Express: 5000 cm³/kg, weights in 0.5 kg steps.
 * - USPS charges no fuel or residential surcharge; it has "nonstandard" length fees since 2022.
 */
import { poundsToBracketG } from './dimensional-weight';
import type { Carrier, DeliveryAreaSurcharge, InsuranceOption, ServiceKey, ShippingService, Surcharge, WeekendRules, Zone } from './types';

export const serviceKeyOf = (service: Pick<ShippingService, 'carrierCode' | 'code'>): ServiceKey => `${service.carrierCode}:${service.code}`;

export const BUILT_IN_CARRIERS: Carrier[] = [
  { code: 'usps', name: 'USPS', zoneChartId: 'usps' },
  { code: 'ups', name: 'UPS', zoneChartId: 'ups' },
  { code: 'fedex', name: 'FedEx', zoneChartId: 'fedex' },
  { code: 'dhl', name: 'DHL', zoneChartId: 'dhl' },
  { code: 'local', name: 'Local courier', zoneChartId: 'local' },
];

/** Whole grams not exceeding `lb` pounds: the limits carriers publish in pounds, kept exact in grams. */
const lbToG = poundsToBracketG;
/** Whole inches to mm (rounded; 25.4 mm per inch). Limits only, never money. */
const inToMm = (inches: number) => Math.round((inches * 254) / 10);

const WEEKDAYS_ONLY: WeekendRules = { saturdayPickup: false, saturdayDelivery: false, sundayDelivery: false };
const SATURDAY_DELIVERY: WeekendRules = { saturdayPickup: false, saturdayDelivery: true, sundayDelivery: false };
const POSTAL_WEEK: WeekendRules = { saturdayPickup: true, saturdayDelivery: true, sundayDelivery: false };

const transit = (zones: Zone[], days: number[]): Record<Zone, number> =>
  Object.fromEntries(zones.map((zone, i) => [zone, days[Math.min(i, days.length - 1)]]));

export const USPS_ZONES: Zone[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const UPS_ZONES: Zone[] = ['2', '3', '4', '5', '6', '7', '8'];
export const FEDEX_ZONES: Zone[] = UPS_ZONES;
export const DHL_ECOMMERCE_ZONES: Zone[] = ['1', '2', '3', '4', '5', '6', '7', '8'];
export const DHL_EXPRESS_ZONES: Zone[] = ['Z1', 'Z2', 'Z3', 'Z4', 'Z5'];
export const LOCAL_ZONES: Zone[] = ['local'];

/** Demo delivery-area lists (real lists are published yearly by UPS/FedEx and are a known gap). */
export const DEMO_EXTENDED_AREA_PREFIXES = ['995', '996', '997', '998', '999', '967', '968', '59', '8290', '83414'];

const noInsurance: InsuranceOption = { available: false, includedValueCents: 0, pricePerHundredCents: 0, maxValueCents: 0 };
const declaredValue = (includedValueCents: number, pricePerHundredCents: number, maxValueCents = 5_000_000): InsuranceOption => ({
  available: true,
  includedValueCents,
  pricePerHundredCents,
  maxValueCents,
});

const uspsNonstandard: Surcharge[] = [
  { kind: 'oversize', label: 'Nonstandard length > 22 in', amountCents: 400, subjectToFuel: false, longestSideOverMm: inToMm(22) },
];

function upsLikeSurcharges(fuelBp: number, residentialCents: number): Surcharge[] {
  const deliveryArea: DeliveryAreaSurcharge = {
    kind: 'deliveryArea',
    label: 'Delivery area surcharge',
    amountCents: 420,
    subjectToFuel: true,
    postalPrefixes: DEMO_EXTENDED_AREA_PREFIXES,
  };
  return [
    { kind: 'fuel', label: 'Fuel surcharge', percentBp: fuelBp },
    { kind: 'residential', label: 'Residential delivery', amountCents: residentialCents, subjectToFuel: true },
    deliveryArea,
    {
      kind: 'oversize',
      label: 'Additional handling',
      amountCents: 2_850,
      subjectToFuel: true,
      longestSideOverMm: inToMm(48),
      actualWeightOverG: lbToG(50),
    },
    {
      kind: 'oversize',
      label: 'Large package',
      amountCents: 12_500,
      subjectToFuel: true,
      longestSideOverMm: inToMm(96),
      lengthPlusGirthOverMm: inToMm(130),
      minBillableWeightG: lbToG(90),
    },
  ];
}

interface ServiceSpec {
  code: string;
  name: string;
  transitDays: number[];
  cutoff: string;
  weekend: WeekendRules;
  onTime: number;
}

function usps(spec: ServiceSpec, extra: Partial<ShippingService> = {}): ShippingService {
  return {
    carrierCode: 'usps',
    code: spec.code,
    name: spec.name,
    countries: ['US'],
    transitDaysByZone: transit(USPS_ZONES, spec.transitDays),
    cutoffLocal: spec.cutoff,
    weekend: spec.weekend,
    maxWeightG: lbToG(70),
    maxLengthMm: inToMm(108),
    maxLengthPlusGirthMm: inToMm(108),
    dimWeight: { lengthUnit: 'in', divisor: 166, dimensionRounding: 'nearest', appliesWhenVolumeOver: 1728 },
    weightRounding: [{ unit: 'lb', step: 1 }],
    surcharges: uspsNonstandard,
    signature: { available: true, priceCents: 365 },
    insurance: declaredValue(10_000, 300),
    publishedOnTimeRate: spec.onTime,
    ...extra,
  };
}

function upsLike(carrierCode: 'ups' | 'fedex', spec: ServiceSpec, fuelBp: number, residentialCents: number): ShippingService {
  return {
    carrierCode,
    code: spec.code,
    name: spec.name,
    countries: ['US'],
    transitDaysByZone: transit(UPS_ZONES, spec.transitDays),
    cutoffLocal: spec.cutoff,
    weekend: spec.weekend,
    maxWeightG: lbToG(150),
    maxLengthMm: inToMm(108),
    maxLengthPlusGirthMm: inToMm(165),
    dimWeight: { lengthUnit: 'in', divisor: 139, dimensionRounding: 'nearest' },
    weightRounding: [{ unit: 'lb', step: 1 }],
    surcharges: upsLikeSurcharges(fuelBp, residentialCents),
    signature: { available: true, priceCents: carrierCode === 'ups' ? 695 : 715 },
    insurance: declaredValue(10_000, 155),
    publishedOnTimeRate: spec.onTime,
  };
}

/** What DHL eCommerce's two US parcel services share (limits, dim weight at 166, fuel 8 %). */
const DHL_ECOMMERCE = {
  carrierCode: 'dhl',
  countries: ['US'],
  cutoffLocal: '14:00',
  weekend: WEEKDAYS_ONLY,
  maxWeightG: lbToG(25),
  maxLengthMm: inToMm(27),
  maxLengthPlusGirthMm: inToMm(50),
  dimWeight: { lengthUnit: 'in', divisor: 166, dimensionRounding: 'nearest', appliesWhenVolumeOver: 1728 },
  weightRounding: [{ untilG: lbToG(1), unit: 'oz', step: 1 }, { unit: 'lb', step: 1 }],
  surcharges: [{ kind: 'fuel', label: 'Fuel surcharge', percentBp: 800 }],
  signature: { available: false, priceCents: 0 },
  insurance: noInsurance,
} satisfies Partial<ShippingService>;

export const BUILT_IN_SERVICES: ShippingService[] = [
  usps(
    { code: 'ground_advantage', name: 'USPS Ground Advantage', transitDays: [2, 2, 3, 3, 4, 4, 5, 5, 5], cutoff: '17:00', weekend: POSTAL_WEEK, onTime: 0.92 },
    // Under 1 lb USPS prices by the ounce, above by the pound.
    { weightRounding: [{ untilG: lbToG(1), unit: 'oz', step: 1 }, { unit: 'lb', step: 1 }], maxLengthPlusGirthMm: inToMm(130) },
  ),
  usps({ code: 'priority', name: 'USPS Priority Mail', transitDays: [1, 2, 2, 2, 2, 3, 3, 3, 3], cutoff: '17:00', weekend: POSTAL_WEEK, onTime: 0.93 }),
  usps(
    { code: 'priority_express', name: 'USPS Priority Mail Express', transitDays: [1, 1, 1, 1, 2, 2, 2, 2, 2], cutoff: '15:00', weekend: POSTAL_WEEK, onTime: 0.96 },
    { insurance: declaredValue(10_000, 300) },
  ),

  upsLike('ups', { code: 'ground', name: 'UPS Ground', transitDays: [1, 2, 3, 4, 5, 5, 5], cutoff: '16:00', weekend: WEEKDAYS_ONLY, onTime: 0.95 }, 1_550, 555),
  upsLike('ups', { code: '3_day_select', name: 'UPS 3 Day Select', transitDays: [3], cutoff: '16:00', weekend: WEEKDAYS_ONLY, onTime: 0.96 }, 1_900, 555),
  upsLike('ups', { code: '2nd_day_air', name: 'UPS 2nd Day Air', transitDays: [2], cutoff: '16:00', weekend: WEEKDAYS_ONLY, onTime: 0.97 }, 1_900, 555),
  upsLike('ups', { code: 'next_day_air_saver', name: 'UPS Next Day Air Saver', transitDays: [1], cutoff: '15:30', weekend: WEEKDAYS_ONLY, onTime: 0.97 }, 1_900, 555),
  upsLike('ups', { code: 'next_day_air', name: 'UPS Next Day Air', transitDays: [1], cutoff: '15:00', weekend: WEEKDAYS_ONLY, onTime: 0.98 }, 1_900, 555),

  upsLike('fedex', { code: 'ground', name: 'FedEx Ground', transitDays: [1, 2, 3, 4, 5, 5, 5], cutoff: '16:30', weekend: WEEKDAYS_ONLY, onTime: 0.95 }, 1_450, 0),
  upsLike('fedex', { code: 'home_delivery', name: 'FedEx Home Delivery', transitDays: [1, 2, 3, 4, 5, 5, 5], cutoff: '16:30', weekend: SATURDAY_DELIVERY, onTime: 0.94 }, 1_450, 545),
  upsLike('fedex', { code: 'express_saver', name: 'FedEx Express Saver', transitDays: [3], cutoff: '16:00', weekend: WEEKDAYS_ONLY, onTime: 0.96 }, 1_850, 545),
  upsLike('fedex', { code: '2day', name: 'FedEx 2Day', transitDays: [2], cutoff: '16:00', weekend: WEEKDAYS_ONLY, onTime: 0.97 }, 1_850, 545),
  upsLike('fedex', { code: 'standard_overnight', name: 'FedEx Standard Overnight', transitDays: [1], cutoff: '15:00', weekend: WEEKDAYS_ONLY, onTime: 0.97 }, 1_850, 545),

  {
    ...DHL_ECOMMERCE,
    code: 'ecommerce_ground',
    name: 'DHL eCommerce Parcel Ground',
    transitDaysByZone: transit(DHL_ECOMMERCE_ZONES, [3, 3, 4, 4, 5, 6, 7, 8]),
    publishedOnTimeRate: 0.88,
  },
  {
    ...DHL_ECOMMERCE,
    code: 'ecommerce_expedited',
    name: 'DHL eCommerce Parcel Expedited',
    transitDaysByZone: transit(DHL_ECOMMERCE_ZONES, [2, 2, 3, 3, 4, 4, 5, 5]),
    publishedOnTimeRate: 0.9,
  },
  {
    carrierCode: 'dhl',
    code: 'express_worldwide',
    name: 'DHL Express Worldwide',
    countries: ['CA', 'MX', 'GB', 'DE', 'FR', 'NL', 'JP', 'AU'],
    zoneByCountry: { CA: 'Z1', MX: 'Z2', GB: 'Z3', DE: 'Z3', FR: 'Z3', NL: 'Z3', JP: 'Z4', AU: 'Z5' },
    transitDaysByZone: transit(DHL_EXPRESS_ZONES, [2, 3, 3, 4, 4]),
    cutoffLocal: '15:00',
    weekend: WEEKDAYS_ONLY,
    maxWeightG: 70_000,
    maxLengthMm: 1_200,
    maxLengthPlusGirthMm: 3_000,
    dimWeight: { lengthUnit: 'cm', divisor: 5000, dimensionRounding: 'up' },
    weightRounding: [{ unit: 'g', step: 500 }],
    surcharges: [
      { kind: 'fuel', label: 'Fuel surcharge', percentBp: 2_250 },
      { kind: 'deliveryArea', label: 'Remote area delivery', amountCents: 3_500, subjectToFuel: true, postalPrefixes: ['PH', 'IV', 'HS', 'ZE', 'KW', 'X0A', 'Y1A', '0872'] },
    ],
    signature: { available: true, priceCents: 600 },
    insurance: declaredValue(0, 250),
    publishedOnTimeRate: 0.95,
  },

  {
    carrierCode: 'local',
    code: 'same_day',
    name: 'Local courier same day',
    countries: ['US'],
    transitDaysByZone: { local: 0 },
    cutoffLocal: '12:00',
    weekend: { saturdayPickup: true, saturdayDelivery: true, sundayDelivery: false },
    maxWeightG: 20_000,
    maxLengthMm: 1_000,
    maxLengthPlusGirthMm: 2_500,
    dimWeight: null,
    weightRounding: [{ unit: 'g', step: 1_000 }],
    surcharges: [{ kind: 'fuel', label: 'Fuel', percentBp: 500 }],
    signature: { available: true, priceCents: 0 },
    insurance: declaredValue(20_000, 200, 200_000),
    publishedOnTimeRate: 0.97,
  },
  {
    carrierCode: 'local',
    code: 'next_day',
    name: 'Local courier next day',
    countries: ['US'],
    transitDaysByZone: { local: 1 },
    cutoffLocal: '18:00',
    weekend: WEEKDAYS_ONLY,
    maxWeightG: 20_000,
    maxLengthMm: 1_000,
    maxLengthPlusGirthMm: 2_500,
    dimWeight: null,
    weightRounding: [{ unit: 'g', step: 1_000 }],
    surcharges: [{ kind: 'fuel', label: 'Fuel', percentBp: 500 }],
    signature: { available: true, priceCents: 0 },
    insurance: declaredValue(20_000, 200, 200_000),
    publishedOnTimeRate: 0.97,
  },
];

export function findBuiltInService(key: ServiceKey): ShippingService | undefined {
  return BUILT_IN_SERVICES.find((s) => serviceKeyOf(s) === key);
}
