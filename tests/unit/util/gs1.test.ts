/**
 * The one GS1 check-digit module (main/util/gs1.ts): merged from the label, catalog-import and
 * tracking-number tests that each tested their own copy before.
 */
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, hasValidGs1CheckDigit, isValidGtin, makeSscc, toGtin14 } from '../../../main/util/gs1';

describe('GS1 check digits', () => {
  // Published examples, restated in FORMATS.md §6 (GS1 General Specifications §7.9.1 and
  // GS1 Germany's calculator).
  it.each([
    ['629104150021', 3],
    ['400638133393', 1], // EAN-13 4006381333931
    ['2345678', 5], // GTIN-8 23456785
    ['123456789012', 8],
    ['03600029145', 2], // UPC-A 036000291452
  ])('check digit of %s is %i', (digits, expected) => {
    expect(gs1CheckDigit(digits)).toBe(expected);
  });

  it("matches GS1's own SSCC and GTIN examples", () => {
    // SSCC 106141411234567897 is the worked example in the GS1 General Specifications (AI 00);
    // GTIN 09506000134352 is GS1's example GTIN (GS1 Digital Link standard, "https://id.gs1.org/01/09506000134352").
    expect(gs1CheckDigit('10614141123456789')).toBe(7);
    expect(gs1CheckDigit('0950600013435')).toBe(2);
    expect(isValidGtin('09506000134352')).toBe(true);
  });

  it('rejects non-digits', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(/digits only/);
  });
});

describe('isValidGtin', () => {
  it('accepts GTIN-8, -12, -13 and -14 with correct check digits', () => {
    expect(isValidGtin('23456785')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('09506000134352')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length or letters', () => {
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('40063813339')).toBe(false);
    expect(isValidGtin('400638133393X')).toBe(false);
    expect(isValidGtin('')).toBe(false);
  });

  it('pads to GTIN-14 for AI (01)', () => {
    expect(toGtin14('036000291452')).toBe('00036000291452');
    expect(() => toGtin14('036000291453')).toThrow(/not a valid GTIN/);
  });
});

describe('makeSscc', () => {
  it("builds GS1's example SSCC from its parts", () => {
    expect(makeSscc(1, '0614141', '123456789')).toBe('106141411234567897');
  });

  it('zero-pads the serial reference and always yields 18 digits with a valid check digit', () => {
    const sscc = makeSscc(0, '0614141', 42);
    expect(sscc).toHaveLength(18);
    expect(sscc.slice(0, 17)).toBe('00614141000000042');
    expect(gs1CheckDigit(sscc.slice(0, 17))).toBe(Number(sscc[17]));
  });

  it('refuses a serial that does not fit', () => {
    expect(() => makeSscc(1, '061414112345', '123456')).toThrow(/does not fit/);
    expect(() => makeSscc(10, '0614141', 1)).toThrow(/extension digit/);
  });
});

describe('GTIN lengths (from the catalog import tests)', () => {
  it('validates GTIN-8/12/13/14 with mod-10', () => {
    for (const code of ['96385074', '036000291452', '4006381333931', '10614141000415', '00012345600012']) expect(isValidGtin(code), code).toBe(true);
    for (const code of ['96385075', '036000291453', '4006381333932', '10614141000416', '1234567']) expect(isValidGtin(code), code).toBe(false);
    expect(gs1CheckDigit('400638133393')).toBe(1);
  });
});

describe('tracking-number serials (from the shipping tests)', () => {
  it('GS1 check digit matches the GS1 examples in FORMATS.md §6', () => {
    expect(gs1CheckDigit('629104150021')).toBe(3);
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('03600029145')).toBe(2);
  });

  it('checks a USPS IMpb serial and an SSCC as whole codes', () => {
    // 9405500208303109884137: the example Refund object in EasyPost's API docs.
    expect(hasValidGs1CheckDigit('9405500208303109884137')).toBe(true);
    expect(hasValidGs1CheckDigit('9405500208303109884138')).toBe(false);
    expect(hasValidGs1CheckDigit('106141411234567897')).toBe(true);
    expect(hasValidGs1CheckDigit('7')).toBe(false);
  });
});
