/**
 * Rate cards: parsing `zone,max_weight_g,price` CSV into integer cents, compiling to sorted
 * arrays per zone and looking up the bracket for a billable weight (binary search).
 */
import { readCsvTable } from './csv-table';
import { centsToDecimalString, parsePriceToCents } from './money';
import type { CsvRowError, ParseResult, RateCard, RateCardRow, ServiceKey, Zone } from './types';
import { quoteValue } from '../../util/quote-value';

const RATE_CARD_COLUMNS = { zone: ['zone'], max_weight_g: ['max_weight_g'], price: ['price'] };

/**
 * Parses a rate card for one service. Rules, each reported with its row and column:
 * - zone: a non-empty label;
 * - max_weight_g: a positive whole number of grams; within a zone, strictly increasing in
 *   file order (a card that goes 500, 1000, 900 is almost always a typo, so it is refused
 *   rather than silently sorted);
 * - price: major units with at most two decimals → integer cents; never negative, never
 *   sub-cent ("1.005").
 */
export function parseRateCardCsv(serviceKey: ServiceKey, text: string, currency = 'USD'): ParseResult<RateCard> {
  const table = readCsvTable(text, RATE_CARD_COLUMNS);
  if (!table.ok) return table;
  const errors: CsvRowError[] = [];
  const rows: RateCardRow[] = [];
  const lastInZone = new Map<Zone, { maxWeightG: number; row: number }>();
  for (const line of table.rows) {
    const zone = line.get('zone');
    const weightText = line.get('max_weight_g');
    const price = parsePriceToCents(line.get('price'), currency);
    let bad = false;
    if (!/^[A-Za-z0-9_-]{1,12}$/.test(zone)) {
      errors.push({ row: line.row, column: 'zone', message: zone === '' ? 'zone is empty' : `zone ${quoteValue(zone)} is not a zone label` });
      bad = true;
    }
    const maxWeightG = Number(weightText);
    if (!/^\d+$/.test(weightText) || !Number.isSafeInteger(maxWeightG) || maxWeightG <= 0) {
      errors.push({ row: line.row, column: 'max_weight_g', message: `max_weight_g must be a positive whole number of grams (got ${quoteValue(weightText)})` });
      bad = true;
    } else if (!bad) {
      const previous = lastInZone.get(zone);
      if (previous && maxWeightG <= previous.maxWeightG) {
        errors.push({
          row: line.row,
          column: 'max_weight_g',
          message: `weights must increase within zone ${zone}: ${maxWeightG} g follows ${previous.maxWeightG} g on row ${previous.row}`,
        });
        bad = true;
      } else lastInZone.set(zone, { maxWeightG, row: line.row });
    }
    if (!price.ok) {
      errors.push({ row: line.row, column: 'price', message: price.message });
      bad = true;
    }
    if (!bad && price.ok) rows.push({ zone, maxWeightG, priceCents: price.cents });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 2, column: '', message: 'rate card has no rows' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { serviceKey, currency, rows }, errors: [] };
}

export function rateCardToCsv(card: RateCard): string {
  return ['zone,max_weight_g,price', ...card.rows.map((r) => `${r.zone},${r.maxWeightG},${centsToDecimalString(r.priceCents, card.currency)}`)].join('\n') + '\n';
}

export interface CompiledRateCard {
  serviceKey: ServiceKey;
  currency: string;
  byZone: Map<Zone, { maxWeightsG: number[]; pricesCents: number[] }>;
}

export function compileRateCard(card: RateCard): CompiledRateCard {
  const grouped = new Map<Zone, RateCardRow[]>();
  for (const row of card.rows) {
    const list = grouped.get(row.zone) ?? [];
    list.push(row);
    grouped.set(row.zone, list);
  }
  const byZone: CompiledRateCard['byZone'] = new Map();
  for (const [zone, list] of grouped) {
    list.sort((a, b) => a.maxWeightG - b.maxWeightG);
    byZone.set(zone, { maxWeightsG: list.map((r) => r.maxWeightG), pricesCents: list.map((r) => r.priceCents) });
  }
  return { serviceKey: card.serviceKey, currency: card.currency, byZone };
}

export type RateLookup =
  | { ok: true; priceCents: number; bracketMaxWeightG: number }
  | { ok: false; reason: 'zone-not-on-card' | 'over-card-max-weight'; message: string };

/** Price of the smallest bracket whose max weight is ≥ the billable weight. */
export function lookupRate(card: CompiledRateCard, zone: Zone, billableWeightG: number): RateLookup {
  const entry = card.byZone.get(zone);
  if (!entry) return { ok: false, reason: 'zone-not-on-card', message: `rate card has no prices for zone ${zone}` };
  const weights = entry.maxWeightsG;
  let lo = 0;
  let hi = weights.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (weights[mid] < billableWeightG) lo = mid + 1;
    else hi = mid;
  }
  if (lo === weights.length) {
    return { ok: false, reason: 'over-card-max-weight', message: `billable weight ${billableWeightG} g is above the card's ${weights[weights.length - 1]} g for zone ${zone}` };
  }
  return { ok: true, priceCents: entry.pricesCents[lo], bracketMaxWeightG: weights[lo] };
}
