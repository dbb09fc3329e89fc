import type { BoxDto, RuleDto, ServiceDto } from '../../../../shared/api/shipping';
import type { ShippingBoxRow } from '../../../store/schema';
import type { ShippingRule } from '../automation-rules';
import type { Box } from '../boxes';
import type { ShippingService } from '../types';

/** Rows of the shipping tables as the API and the rules engine see them. */
export function toShippingRule(r: RuleDto): ShippingRule {
  return { id: String(r.id), name: r.name, enabled: r.enabled, conditions: r.conditions, actions: r.actions, stopAfterMatch: r.stopAfterMatch };
}

export function toBox(r: ShippingBoxRow): Box {
  return { code: r.code, innerLengthMm: r.inner_length_mm, innerWidthMm: r.inner_width_mm, innerHeightMm: r.inner_height_mm, tareG: r.tare_g, costCents: r.cost_cents };
}

export function boxDto(r: ShippingBoxRow): BoxDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    innerLengthMm: r.inner_length_mm,
    innerWidthMm: r.inner_width_mm,
    innerHeightMm: r.inner_height_mm,
    tareG: r.tare_g,
    costCents: r.cost_cents,
    active: r.active === 1,
  };
}

export function serviceDto(r: { key: string; carrier_code: string; code: string; name: string; definition: string; built_in: number; enabled: number }, rateCardRows: number): ServiceDto {
  const s = JSON.parse(r.definition) as ShippingService;
  return {
    key: r.key,
    carrier: r.carrier_code,
    code: r.code,
    name: r.name,
    builtIn: r.built_in === 1,
    enabled: r.enabled === 1,
    countries: s.countries,
    transitDaysByZone: s.transitDaysByZone,
    cutoffLocal: s.cutoffLocal,
    maxWeightG: s.maxWeightG,
    dimDivisor: s.dimWeight?.divisor ?? null,
    publishedOnTimeRate: s.publishedOnTimeRate,
    surcharges: s.surcharges.map((x) => (x.kind === 'fuel' ? `${x.label} ${(x.percentBp / 100).toFixed(2)}%` : x.label)),
    rateCardRows,
  };
}
