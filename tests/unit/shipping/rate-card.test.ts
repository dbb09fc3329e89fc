import { describe, expect, it } from 'vitest';
import { compileRateCard, lookupRate, parsePriceToCents, parseRateCardCsv, poundsToBracketG, rateCardToCsv } from '../../../main/domain/shipping';
import { readFixture } from './helpers';

describe('rate card CSV', () => {
  it('loads a real published grid (USPS Parcel Post, DMM R700 of 2004-12-09) and prices from it', () => {
    // Converted from samples/usps/parcel-post-dmm-r700-2004-12-09-partial.csv: "n lb" → floor(n × 453.59237) g.
    const r = parseRateCardCsv('usps:parcel_post', readFixture('usps/parcel-post-2004-rate-card.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const card = compileRateCard(r.value);
    expect(lookupRate(card, '8', poundsToBracketG(24))).toEqual({ ok: true, priceCents: 2_839, bracketMaxWeightG: 10_886 });
    expect(lookupRate(card, '1', 1)).toMatchObject({ priceCents: 369 });
    expect(lookupRate(card, '2', 453)).toMatchObject({ priceCents: 369 });
    expect(lookupRate(card, '2', 454)).toMatchObject({ priceCents: 385 }); // one gram over 1 lb
    expect(lookupRate(card, '5', poundsToBracketG(10))).toMatchObject({ priceCents: 1_101 });
    expect(lookupRate(card, '8', 10_887)).toMatchObject({ ok: false, reason: 'over-card-max-weight' });
    expect(lookupRate(card, '9', 100)).toMatchObject({ ok: false, reason: 'zone-not-on-card' });
  });

  it('round-trips through its own CSV', () => {
    const r = parseRateCardCsv('s', 'zone,max_weight_g,price\n1,453,3.7\n1,907,4\n');
    if (!r.ok) throw new Error('parse');
    expect(r.value.rows).toEqual([
      { zone: '1', maxWeightG: 453, priceCents: 370 },
      { zone: '1', maxWeightG: 907, priceCents: 400 },
    ]);
    expect(rateCardToCsv(r.value)).toBe('zone,max_weight_g,price\n1,453,3.70\n1,907,4.00\n');
  });

  it('rejects sub-cent, negative and non-numeric prices, bad weights and non-increasing weights', () => {
    const csv = [
      'zone,max_weight_g,price',
      '1,500,4.10',
      '1,1000,1.005',
      '1,1500,-2.00',
      '1,2000,$5',
      '1,1000,6.00',
      '1,2500.5,6.00',
      '1,0,6.00',
      ',3000,6.00',
      '2,500,1e3',
      '2,500,4.00',
    ].join('\n');
    const r = parseRateCardCsv('s', csv);
    expect(!r.ok && r.errors).toEqual([
      { row: 3, column: 'price', message: 'price has more than two decimals (got "1.005"); sub-cent prices are not allowed' },
      { row: 4, column: 'price', message: 'price must not be negative (got "-2.00")' },
      { row: 5, column: 'price', message: 'price must be a decimal number like 12.34 (got "$5")' },
      { row: 6, column: 'max_weight_g', message: 'weights must increase within zone 1: 1000 g follows 2000 g on row 5' },
      { row: 7, column: 'max_weight_g', message: 'max_weight_g must be a positive whole number of grams (got "2500.5")' },
      { row: 8, column: 'max_weight_g', message: 'max_weight_g must be a positive whole number of grams (got "0")' },
      { row: 9, column: 'zone', message: 'zone is empty' },
      { row: 10, column: 'price', message: 'price must be a decimal number like 12.34 (got "1e3")' },
      { row: 11, column: 'max_weight_g', message: 'weights must increase within zone 2: 500 g follows 500 g on row 10' },
    ]);
  });

  it('names the missing columns', () => {
    const r = parseRateCardCsv('s', 'zone,weight,price\n1,2,3\n');
    expect(!r.ok && r.errors).toEqual([{ row: 1, column: 'max_weight_g', message: 'missing column "max_weight_g" (accepted headers: max_weight_g)' }]);
  });

  it('parses prices exactly, never through a float', () => {
    expect(parsePriceToCents('0.29')).toEqual({ ok: true, cents: 29 });
    expect(parsePriceToCents('1.10')).toEqual({ ok: true, cents: 110 });
    expect(parsePriceToCents('4.35')).toEqual({ ok: true, cents: 435 }); // 4.35 × 100 = 434.99999 as a float
    expect(parsePriceToCents(' 12 ')).toEqual({ ok: true, cents: 1_200 });
    expect(parsePriceToCents('')).toMatchObject({ ok: false });
  });
});
