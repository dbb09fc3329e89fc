/** Small builders for crafted services, charts and cards, so each test states only what it is about. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RateCard, ShipmentPackage, ShippingService, ZoneChart } from '../../../main/domain/shipping';

export const fixturePath = (relative: string) => fileURLToPath(new URL(`../../fixtures/shipping/${relative}`, import.meta.url));
export const readFixture = (relative: string) => readFileSync(fixturePath(relative), 'utf8');

export function craftedService(overrides: Partial<ShippingService> & Pick<ShippingService, 'carrierCode' | 'code'>): ShippingService {
  return {
    name: `${overrides.carrierCode} ${overrides.code}`,
    countries: ['US'],
    transitDaysByZone: { '5': 3 },
    cutoffLocal: '17:00',
    weekend: { saturdayPickup: false, saturdayDelivery: false, sundayDelivery: false },
    maxWeightG: 30_000,
    maxLengthMm: 2_000,
    maxLengthPlusGirthMm: 4_000,
    dimWeight: null,
    weightRounding: [{ unit: 'g', step: 1 }],
    surcharges: [],
    signature: { available: true, priceCents: 700 },
    insurance: { available: true, includedValueCents: 10_000, pricePerHundredCents: 150, maxValueCents: 1_000_000 },
    publishedOnTimeRate: 0.9,
    ...overrides,
  };
}

/** A card with one flat price per zone up to `maxWeightG`. */
export function flatCard(service: ShippingService, priceCents: number, zones = Object.keys(service.transitDaysByZone), maxWeightG = 30_000): RateCard {
  return { serviceKey: `${service.carrierCode}:${service.code}`, currency: 'USD', rows: zones.map((zone) => ({ zone, maxWeightG, priceCents })) };
}

/** Every crafted carrier ships 100xx → 200xx in zone 5. */
export function singleZoneChart(id: string, zone = '5'): ZoneChart {
  return { id, rows: [{ originPrefix: '100', destPrefix: '200', zone }] };
}

export function parcel(overrides: Partial<ShipmentPackage> = {}): ShipmentPackage {
  return {
    weightG: 1_000,
    lengthMm: 300,
    widthMm: 200,
    heightMm: 100,
    destination: { country: 'US', postalCode: '20001', residential: false },
    ...overrides,
  };
}
