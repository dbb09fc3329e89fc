/**
 * Published example numbers:
 * - UPS and USPS "valid" test numbers from jkeen/tracking_number_data (couriers/ups.json,
 *   couriers/usps.json, MIT), the data set behind the tracking_number gem.
 * - 1Z999AA10123456784: UPS's long-standing sample tracking number used in its developer kits.
 * - 9405500208303109884137: the example Refund object in EasyPost's API docs
 *   (docs.easypost.com/docs/refunds).
 */
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../../main/util/gs1';
import {
  detectTrackingFormat,
  isValidGenericTrackingNumber,
  isValidUps1z,
  isValidUspsImpb,
  makeGenericTrackingNumber,
  makeUps1z,
  makeUspsImpb,
  ups1zCheckDigit,
} from '../../../main/domain/shipping';

describe('UPS 1Z', () => {
  it('accepts published valid numbers', () => {
    for (const n of ['1Z5R89390357567127', '1Z879E930346834440', '1Z410E7W0392751591', '1Z8V92A70367203024', '1Z999AA10123456784', '1z 999 aa1 01 2345 6784']) {
      expect(isValidUps1z(n), n).toBe(true);
    }
  });

  it('rejects the published invalid numbers and a one-digit typo', () => {
    for (const n of ['2Z5R89390357567127', '1A5R89390357567127', '1Z1111111111111111', '1Z999AA10123456785', '1Z999AA1012345678']) expect(isValidUps1z(n), n).toBe(false);
  });

  it('computes the check digit with letters mapped (A=2 … I=0)', () => {
    expect(ups1zCheckDigit('999AA1012345678')).toBe(4);
    expect(makeUps1z('999AA1', '01', 2345678)).toBe('1Z999AA10123456784');
  });
});

describe('USPS IMpb (GS1 mod 10)', () => {
  it('accepts published valid numbers, with or without the 420+ZIP routing prefix', () => {
    for (const n of [
      '9400 1112 0108 0805 4830 16',
      '9505 5110 6960 5048 6006 24',
      '9361 2898 7870 0317 6337 95',
      '9405803699300124287899',
      '9101 1234 5678 9000 0000 13',
      '92748931507708513018050063',
      '420 22153 9101026837331000039521',
      '4201002334249200190132607600833457',
      '9405500208303109884137',
    ]) {
      expect(isValidUspsImpb(n), n).toBe(true);
    }
  });

  it('rejects published invalid numbers and typos', () => {
    for (const n of ['9200000000000000000000', '420000000000000000000000000000', '9400 1112 0108 0805 4830 17', '1400111201080805483016']) expect(isValidUspsImpb(n), n).toBe(false);
  });

  it('makes numbers that validate', () => {
    const n = makeUspsImpb('94', '001', '123456789', 42);
    expect(n).toHaveLength(22);
    expect(isValidUspsImpb(n)).toBe(true);
  });
});

describe('generic and detection', () => {
  it('makes and validates in-house numbers', () => {
    const n = makeGenericTrackingNumber('LC', 1234);
    expect(n).toBe(`LC000001234${gs1CheckDigit('000001234')}`);
    expect(isValidGenericTrackingNumber(n)).toBe(true);
    expect(isValidGenericTrackingNumber(n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10))).toBe(false);
  });

  it('detects the format of a scanned code', () => {
    expect(detectTrackingFormat('1Z999AA10123456784')).toBe('ups-1z');
    expect(detectTrackingFormat('9400 1112 0108 0805 4830 16')).toBe('usps-impb');
    expect(detectTrackingFormat(makeGenericTrackingNumber('SHIP', 77))).toBe('generic');
    expect(detectTrackingFormat('hello')).toBeNull();
  });
});
