import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CARRIERS,
  BUILT_IN_SERVICES,
  compileShippingTables,
  demoWeightBrackets,
  findBuiltInService,
  generateDemoRateCard,
  generateDemoShippingTables,
  parseRateCardCsv,
  parseZoneChartCsv,
  rateCardToCsv,
  serviceKeyOf,
  shopRates,
  zoneChartToCsv,
  type Carrier,
  type ShippingService,
} from '../../../main/domain/shipping';
import { parcel } from './helpers';

describe('built-in catalog and demo tables', () => {
  const tables = generateDemoShippingTables({ originPrefixes: ['100'] });

  it('covers USPS, UPS, FedEx, DHL and a local courier with several services each', () => {
    for (const carrier of ['usps', 'ups', 'fedex', 'dhl', 'local']) expect(BUILT_IN_SERVICES.filter((s) => s.carrierCode === carrier).length).toBeGreaterThanOrEqual(2);
    expect(new Set(BUILT_IN_SERVICES.map(serviceKeyOf)).size).toBe(BUILT_IN_SERVICES.length);
  });

  it('is deterministic', () => {
    expect(generateDemoShippingTables({ originPrefixes: ['100'] })).toEqual(tables);
    expect(generateDemoShippingTables({ originPrefixes: ['100'], seed: 'other' })).not.toEqual(tables);
  });

  it('produces charts and cards that pass our own CSV validation', () => {
    for (const chart of tables.zoneCharts) expect(parseZoneChartCsv(chart.id, zoneChartToCsv(chart)).ok).toBe(true);
    for (const card of tables.rateCards) {
      const parsed = parseRateCardCsv(card.serviceKey, rateCardToCsv(card));
      expect(parsed.ok && parsed.value.rows).toEqual(card.rows);
    }
  });

  it('brackets follow each service’s rounding', () => {
    const ga = demoWeightBrackets(findBuiltInService('usps:ground_advantage')!);
    expect(ga.slice(0, 6)).toEqual([113, 226, 340, 453, 907, 1360]);
    expect(ga[ga.length - 1]).toBe(31_751);
    const dhl = demoWeightBrackets(findBuiltInService('dhl:express_worldwide')!);
    expect(dhl.slice(0, 3)).toEqual([500, 1000, 1500]);
  });

  it('every built-in service prices a typical parcel where it operates', () => {
    const compiled = compileShippingTables({ services: BUILT_IN_SERVICES, ...tables });
    const ctx = { tables: compiled, origin: { country: 'US', postalCode: '10001' }, shipAt: '2025-03-10T10:00' };
    const domestic = shopRates(parcel({ destination: { country: 'US', postalCode: '94105', residential: true } }), BUILT_IN_SERVICES, ctx);
    const local = shopRates(parcel({ destination: { country: 'US', postalCode: '10101' } }), BUILT_IN_SERVICES, ctx);
    const abroad = shopRates(parcel({ destination: { country: 'DE', postalCode: '10115' } }), BUILT_IN_SERVICES, ctx);
    const priced = new Set([...domestic.options, ...local.options, ...abroad.options].map((o) => o.serviceKey));
    expect([...priced].sort()).toEqual(BUILT_IN_SERVICES.map(serviceKeyOf).sort());
    expect(domestic.options.find((o) => o.serviceKey === 'ups:ground')?.breakdown.map((l) => l.code)).toEqual(['base', 'residential', 'fuel']);
    expect(domestic.options.find((o) => o.serviceKey === 'usps:priority')?.breakdown.map((l) => l.code)).toEqual(['base']);
  });

  // Timing lives in bench/shipping.ts (rate_shop_p95_ms); this checks the 50-service table itself.
  it('shops 10 carriers × 5 services: every one priced', () => {
    const picks = ['usps:ground_advantage', 'usps:priority', 'ups:ground', 'fedex:2day', 'dhl:ecommerce_ground'].map((k) => findBuiltInService(k)!);
    const carriers: Carrier[] = [];
    const services: ShippingService[] = [];
    for (let i = 0; i < 10; i++) {
      for (const base of picks) {
        const carrierCode = `${base.carrierCode}${i}`;
        if (!carriers.some((c) => c.code === carrierCode)) carriers.push({ code: carrierCode, name: carrierCode, zoneChartId: BUILT_IN_CARRIERS.find((c) => c.code === base.carrierCode)!.zoneChartId });
        services.push({ ...base, carrierCode });
      }
    }
    expect(services).toHaveLength(50);
    const compiled = compileShippingTables({ services, carriers, zoneCharts: tables.zoneCharts, rateCards: services.map((s) => generateDemoRateCard(s)) });
    const ctx = { tables: compiled, origin: { country: 'US', postalCode: '10001' }, shipAt: '2025-03-10T15:30', promisedBy: '2025-03-14' };
    for (const [i, postalCode] of ['94105', '60601', '30301', '99501', '02108', '73301'].entries()) {
      const r = shopRates(parcel({ weightG: 300 + i * 2_000, destination: { country: 'US', postalCode, residential: i % 2 === 0 } }), services, ctx);
      expect(r.options, r.ineligible.map((x) => x.reason).join('; ')).toHaveLength(50);
    }
  });
});
