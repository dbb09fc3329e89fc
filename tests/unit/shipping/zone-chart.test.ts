import { describe, expect, it } from 'vitest';
import { compileZoneChart, lookupZone, parseZoneChartCsv, zoneChartToCsv } from '../../../main/domain/shipping';
import { readFixture } from './helpers';

describe('zone chart CSV (USPS sample rows, aedobbyn/postal README via FORMATS.md §5)', () => {
  it('parses the published sample rows with their original headers', () => {
    const r = parseZoneChartCsv('usps', readFixture('usps/zone-chart-sample-rows.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.rows).toHaveLength(33);
    const chart = compileZoneChart(r.value);
    expect(lookupZone(chart, '12345', '58102')).toBe('6'); // 123 → 581 is zone 6
    expect(lookupZone(chart, '32101', '00501')).toBe('5');
    expect(lookupZone(chart, '40404', '00601')).toBe('7');
    expect(lookupZone(chart, '82801', '00901')).toBe('8');
  });

  it('a 5-digit exception wins over its 3-digit prefix; ranges expand', () => {
    const r = parseZoneChartCsv('usps', readFixture('usps/zone-chart-5digit-exception.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const chart = compileZoneChart(r.value);
    expect(lookupZone(chart, '12345', '96240')).toBe('5'); // exception
    expect(lookupZone(chart, '12345', '96241')).toBe('8'); // rest of 962
    expect(lookupZone(chart, '12345', '96240-1234')).toBe('5'); // ZIP+4
    expect(lookupZone(chart, '123', '962')).toBe('8'); // bare prefixes
    for (const dest of ['03901', '04000', '04101', '04299', '04355']) expect(lookupZone(chart, '04210', dest)).toBe('1'); // 042 → 039–043
    expect(lookupZone(chart, '04210', '04401')).toBeNull(); // not on the chart: never guessed
    expect(lookupZone(chart, '99999', '96240')).toBeNull(); // unknown origin
    expect(lookupZone(chart, '12345', 'K1A 0B1')).toBeNull();
  });

  it('round-trips through its own CSV', () => {
    const r = parseZoneChartCsv('usps', readFixture('usps/zone-chart-5digit-exception.csv'));
    if (!r.ok) throw new Error('parse');
    const again = parseZoneChartCsv('usps', zoneChartToCsv(r.value));
    expect(again.ok && again.value.rows).toEqual(r.value.rows);
  });

  it('reports every bad row with row, column and message', () => {
    const csv = ['origin_prefix,dest_prefix,zone', '123,581,6', '12,581,6', '123,58,6', '123,581,', '123,045-041,3', '123,581,7', '123,00A,2'].join('\n');
    const r = parseZoneChartCsv('x', csv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { row: 3, column: 'origin_prefix', message: 'origin must be a 3-digit postal prefix (got "12")' },
      { row: 4, column: 'dest_prefix', message: 'destination must be a 3-digit prefix, a 5-digit ZIP exception or a range like 039-043 (got "58")' },
      { row: 5, column: 'zone', message: 'zone is empty' },
      { row: 6, column: 'dest_prefix', message: 'range "045-041" runs backwards' },
      { row: 7, column: 'dest_prefix', message: '123→581 is zone 6 on row 2 and zone 7 here' },
      { row: 8, column: 'dest_prefix', message: 'destination must be a 3-digit prefix, a 5-digit ZIP exception or a range like 039-043 (got "00A")' },
    ]);
  });

  it('reports a missing column against the header row, and an empty file', () => {
    const r = parseZoneChartCsv('x', 'origin,dest_prefix,zone\n123,581,6\n');
    expect(!r.ok && r.errors[0]).toMatchObject({ row: 1, column: 'origin_prefix' });
    const empty = parseZoneChartCsv('x', '');
    expect(!empty.ok && empty.errors[0].message).toMatch(/empty/);
  });

  it('reports a stray quote on its row instead of throwing; quoted spreadsheet exports load', () => {
    const r = parseZoneChartCsv('x', 'origin_prefix,dest_prefix,zone\n"123,581,6\n');
    expect(!r.ok && r.errors[0]).toEqual({ row: 2, column: 'origin_prefix', message: 'origin must be a 3-digit postal prefix (got ""123")' });
    const quoted = parseZoneChartCsv('x', '"origin_prefix","dest_prefix","zone"\n"123","581","6"\n');
    expect(quoted.ok && quoted.value.rows).toEqual([{ originPrefix: '123', destPrefix: '581', zone: '6' }]);
  });
});
