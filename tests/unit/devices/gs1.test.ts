import { describe, expect, it } from 'vitest';
import {
  FNC1,
  gs1CheckDigit,
  gs1DataStream,
  gs1HumanReadable,
  gs1ScannedText,
  isValidGtin,
  makeSscc,
  toGtin14,
  validateGs1Element,
} from '../../../main/devices/labels';

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

describe('GS1 element strings', () => {
  it('validates fixed lengths, check digits and character set', () => {
    expect(() => validateGs1Element({ ai: '00', value: '106141411234567897' })).not.toThrow();
    expect(() => validateGs1Element({ ai: '00', value: '106141411234567890' })).toThrow(/wrong check digit/);
    expect(() => validateGs1Element({ ai: '01', value: '950600013435' })).toThrow(/exactly 14 digits/);
    expect(() => validateGs1Element({ ai: '10', value: 'LOT é' })).toThrow(/character set 82/);
  });

  it('starts with FNC1 and separates variable-length AIs, putting them last', () => {
    const elements = [
      { ai: '10', value: 'LOT42' },
      { ai: '01', value: '09506000134352' },
      { ai: '21', value: 'S1' },
      { ai: '17', value: '261231' },
    ];
    expect(gs1DataStream(elements)).toEqual([FNC1, '0109506000134352', '17261231', '10LOT42', FNC1, '21S1']);
    expect(gs1ScannedText(elements)).toBe('01095060001343521726123110LOT42\x1d21S1');
    expect(gs1HumanReadable([{ ai: '00', value: '106141411234567897' }])).toBe('(00)106141411234567897');
  });
});
