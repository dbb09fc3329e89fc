/**
 * Precompiled lookups for rate shopping. Compile once when charts, cards or services change
 * (hash maps for zones, sorted arrays for brackets, sets for delivery-area prefixes, parsed
 * cut-off times); shopping then does only map hits and short loops per option.
 */
import { BUILT_IN_CARRIERS, serviceKeyOf } from './catalog';
import { minutesOfDay } from './delivery-dates';
import { compilePrefixList, type CompiledPrefixList } from './pricing';
import { compileRateCard, type CompiledRateCard } from './rate-card';
import type { Carrier, DeliveryAreaSurcharge, RateCard, ServiceKey, ShipmentPackage, ShippingService, Zone, ZoneChart } from './types';
import { compileZoneChart, lookupZone, type CompiledZoneChart } from './zone-chart';

export interface CompiledService {
  key: ServiceKey;
  service: ShippingService;
  zoneChart: CompiledZoneChart | undefined;
  rateCard: CompiledRateCard | undefined;
  cutoffMinutes: number;
  prefixLists: Map<DeliveryAreaSurcharge, CompiledPrefixList>;
}

export interface ShippingTables {
  services: Map<ServiceKey, CompiledService>;
  zoneCharts: Map<string, CompiledZoneChart>;
  rateCards: Map<ServiceKey, CompiledRateCard>;
  carriers: Map<string, Carrier>;
}

export interface ShippingTablesInput {
  services: ShippingService[];
  zoneCharts: ZoneChart[];
  rateCards: RateCard[];
  /** Defaults to the built-in carriers; a carrier's zoneChartId picks its chart. */
  carriers?: Carrier[];
}

export function compileService(service: ShippingService, tables: Pick<ShippingTables, 'zoneCharts' | 'rateCards' | 'carriers'>): CompiledService {
  const key = serviceKeyOf(service);
  const prefixLists = new Map<DeliveryAreaSurcharge, CompiledPrefixList>();
  for (const s of service.surcharges) if (s.kind === 'deliveryArea') prefixLists.set(s, compilePrefixList(s.postalPrefixes));
  const chartId = tables.carriers.get(service.carrierCode)?.zoneChartId ?? service.carrierCode;
  return {
    key,
    service,
    zoneChart: tables.zoneCharts.get(chartId),
    rateCard: tables.rateCards.get(key),
    cutoffMinutes: minutesOfDay(service.cutoffLocal),
    prefixLists,
  };
}

export function compileShippingTables(input: ShippingTablesInput): ShippingTables {
  const carriers = new Map((input.carriers ?? BUILT_IN_CARRIERS).map((c) => [c.code, c]));
  const zoneCharts = new Map(input.zoneCharts.map((c) => [c.id, compileZoneChart(c)]));
  const rateCards = new Map(input.rateCards.map((c) => [c.serviceKey, compileRateCard(c)]));
  const tables: ShippingTables = { services: new Map(), zoneCharts, rateCards, carriers };
  for (const service of input.services) tables.services.set(serviceKeyOf(service), compileService(service, tables));
  return tables;
}

/**
 * Compiled form of a service: the precompiled one when the caller passes the same object,
 * otherwise compiled now (e.g. a rule-edited copy); either way lookups stay correct.
 */
export function compiledServiceFor(tables: ShippingTables, service: ShippingService): CompiledService {
  const compiled = tables.services.get(serviceKeyOf(service));
  return compiled && compiled.service === service ? compiled : compileService(service, tables);
}

/** Zone for this parcel on this service: by country for international services, else the zone chart. */
export function zoneForParcel(compiled: CompiledService, originCountry: string, originPostalCode: string, pkg: ShipmentPackage): Zone | null {
  const { service } = compiled;
  if (pkg.destination.country !== originCountry) return service.zoneByCountry?.[pkg.destination.country] ?? null;
  if (!compiled.zoneChart) return null;
  return lookupZone(compiled.zoneChart, originPostalCode, pkg.destination.postalCode);
}
