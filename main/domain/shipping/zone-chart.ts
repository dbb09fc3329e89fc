/**
 * Zone charts: parsing `origin_prefix,dest_prefix,zone` CSV, compiling to hash lookups and
 * looking up a zone (a 5-digit exception wins over its 3-digit prefix, as on USPS charts).
 */
import { readCsvTable } from './csv-table';
import type { CsvRowError, ParseResult, Zone, ZoneChart, ZoneChartRow } from './types';
import { quoteValue } from '../../util/quote-value';

const ZONE_CHART_COLUMNS = {
  origin_prefix: ['origin_prefix', 'origin_zip3'],
  dest_prefix: ['dest_prefix', 'dest_zip3', 'dest_zip'],
  zone: ['zone'],
};

/** Zones are short labels: 'L', '1'…'9' (USPS), 'local', or letters/digits a carrier uses. */
const ZONE_PATTERN = /^[A-Za-z0-9_-]{1,12}$/;

/**
 * Most codes one range row may expand to: a chart's 5-digit exceptions are short runs; a row
 * spanning 00000-99999 would make 100,000 rows of one line (and a file of them, millions).
 */
const MAX_RANGE_CODES = 1000;

/** Expands "039-043" or "96240-96249" into every prefix of the range; a single value to itself. */
function expandDestination(value: string): string[] | string {
  const range = /^(\d{3}|\d{5})-(\d{3}|\d{5})$/.exec(value);
  if (range) {
    const [from, to] = [range[1], range[2]];
    if (from.length !== to.length) return `range ${quoteValue(value)} mixes a ${from.length}-digit and a ${to.length}-digit end`;
    if (Number(from) > Number(to)) return `range ${quoteValue(value)} runs backwards`;
    if (Number(to) - Number(from) >= MAX_RANGE_CODES) return `range ${quoteValue(value)} spans more than ${MAX_RANGE_CODES} codes; list 3-digit prefixes instead`;
    const out: string[] = [];
    for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from.length, '0'));
    return out;
  }
  if (/^\d{3}$/.test(value) || /^\d{5}$/.test(value)) return [value];
  return `destination must be a 3-digit prefix, a 5-digit ZIP exception or a range like 039-043 (got ${quoteValue(value)})`;
}

/**
 * Parses a zone chart. Accepts the USPS sample headers (origin_zip3, dest_zip3/dest_zip) as
 * aliases. Every bad row is reported (not just the first), so a shop fixes a file in one go.
 * A destination listed twice for one origin with different zones is an error: which one
 * wins would otherwise depend on row order.
 */
export function parseZoneChartCsv(id: string, text: string): ParseResult<ZoneChart> {
  const table = readCsvTable(text, ZONE_CHART_COLUMNS);
  if (!table.ok) return table;
  const errors: CsvRowError[] = [];
  const rows: ZoneChartRow[] = [];
  const seen = new Map<string, { zone: Zone; row: number }>();
  for (const line of table.rows) {
    const origin = line.get('origin_prefix');
    const dest = line.get('dest_prefix');
    const zone = line.get('zone');
    let bad = false;
    if (!/^\d{3}$/.test(origin)) {
      errors.push({ row: line.row, column: 'origin_prefix', message: `origin must be a 3-digit postal prefix (got ${quoteValue(origin)})` });
      bad = true;
    }
    if (!ZONE_PATTERN.test(zone)) {
      errors.push({ row: line.row, column: 'zone', message: zone === '' ? 'zone is empty' : `zone ${quoteValue(zone)} is not a zone label (letters/digits, up to 12)` });
      bad = true;
    }
    const expanded = expandDestination(dest);
    if (typeof expanded === 'string') {
      errors.push({ row: line.row, column: 'dest_prefix', message: expanded });
      continue;
    }
    if (bad) continue;
    for (const destPrefix of expanded) {
      const key = `${origin}>${destPrefix}`;
      const before = seen.get(key);
      if (before && before.zone !== zone) {
        errors.push({ row: line.row, column: 'dest_prefix', message: `${origin}→${destPrefix} is zone ${before.zone} on row ${before.row} and zone ${zone} here` });
        continue;
      }
      if (before) continue;
      seen.set(key, { zone, row: line.row });
      rows.push({ originPrefix: origin, destPrefix, zone });
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 2, column: '', message: 'zone chart has no rows' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { id, rows }, errors: [] };
}

export function zoneChartToCsv(chart: ZoneChart): string {
  return ['origin_prefix,dest_prefix,zone', ...chart.rows.map((r) => `${r.originPrefix},${r.destPrefix},${r.zone}`)].join('\n') + '\n';
}

/** Precompiled chart: one map per origin prefix, exceptions in their own map so they are checked first. */
export interface CompiledZoneChart {
  id: string;
  byOrigin: Map<string, { byPrefix3: Map<string, Zone>; byZip5: Map<string, Zone> }>;
}

export function compileZoneChart(chart: ZoneChart): CompiledZoneChart {
  const byOrigin: CompiledZoneChart['byOrigin'] = new Map();
  for (const row of chart.rows) {
    let entry = byOrigin.get(row.originPrefix);
    if (!entry) {
      entry = { byPrefix3: new Map(), byZip5: new Map() };
      byOrigin.set(row.originPrefix, entry);
    }
    (row.destPrefix.length === 5 ? entry.byZip5 : entry.byPrefix3).set(row.destPrefix, row.zone);
  }
  return { id: chart.id, byOrigin };
}

/** "12345-6789" / "12345" → "12345"; null when it is not a US-style ZIP. */
function zip5(postalCode: string): string | null {
  const m = /^(\d{5})(?:-?\d{4})?$/.exec(postalCode.trim());
  return m ? m[1] : null;
}

/**
 * Zone from origin to destination postal code (5-digit ZIP, ZIP+4, or a bare 3-digit prefix): the 5-digit exception for the destination
 * ZIP if the chart has one, otherwise the 3-digit prefix; null when the chart does not cover
 * the pair (the service is then ineligible, never guessed).
 */
export function lookupZone(chart: CompiledZoneChart, originPostalCode: string, destinationPostalCode: string): Zone | null {
  const origin = /^\d{3}$/.test(originPostalCode) ? originPostalCode : zip5(originPostalCode)?.slice(0, 3);
  const dest = /^\d{3}$/.test(destinationPostalCode) ? destinationPostalCode : zip5(destinationPostalCode);
  if (!origin || !dest) return null;
  const entry = chart.byOrigin.get(origin);
  if (!entry) return null;
  return (dest.length === 5 ? entry.byZip5.get(dest) : undefined) ?? entry.byPrefix3.get(dest.slice(0, 3)) ?? null;
}
