import { describe, expect, it } from 'vitest';
import {
  parseCasFrame,
  parseContinuousFrame,
  parseHidScaleReport,
  parseMtSicsCommandReply,
  parseMtSicsWeight,
  parseNciResponse,
  parseToledo8213Reply,
  parseToledoContinuousFrame,
  ScaleFramer,
  toGrams,
  toledoChecksum,
} from '../../../main/devices/scales';

describe('unit conversion', () => {
  it('converts to whole grams with exact lb/oz definitions', () => {
    expect(toGrams(1, 'lb')).toBe(454);
    expect(toGrams(30, 'oz')).toBe(850); // 850.49 g
    expect(toGrams(1.5, 'kg')).toBe(1500);
    expect(toGrams(129.07, 'g')).toBe(129);
    expect(Object.is(toGrams(-0.0001, 'g'), 0)).toBe(true);
  });
});

describe('NCI SCP-01', () => {
  // Frames follow the SCP-01 format string "\n%4.4d.%2.2d%s\r\n%c%c\r\x03" (samples/scales/nci-scp01-protocol-excerpt.txt).
  it('reads a stable weight (status "00")', () => {
    expect(parseNciResponse('\n0001.50lb\r\n00\r\x03')).toMatchObject({ grams: 680, stable: true, status: 'ok' });
    expect(parseNciResponse('\n0002.35kg\r\n00\r\x03')).toMatchObject({ grams: 2350, stable: true, status: 'ok' });
  });

  it('reads motion as unstable, keeping the weight', () => {
    expect(parseNciResponse('\n0001.00lb\r\n10\r\x03')).toMatchObject({ grams: 454, stable: false, status: 'unstable' });
  });

  it('reads at-zero, under-capacity and over-capacity', () => {
    expect(parseNciResponse('\n0000.00lb\r\n20\r\x03')).toMatchObject({ grams: 0, stable: true, status: 'ok' });
    expect(parseNciResponse('\n-0000.20lb\r\n01\r\x03')).toMatchObject({ grams: -91, status: 'under_zero' });
    expect(parseNciResponse('\n------\r\n02\r\x03')).toMatchObject({ grams: 0, stable: false, status: 'overload' });
  });

  it('turns RAM/EEPROM/ROM/calibration faults, "?" and noise into errors', () => {
    // Status characters are bit fields: '4' (0x34) sets bit 2, '8' (0x38) sets bit 3.
    expect(parseNciResponse('\n0001.00lb\r\n40\r\x03')).toMatchObject({ status: 'error', message: /RAM error/ });
    expect(parseNciResponse('\n0001.00lb\r\n80\r\x03')).toMatchObject({ status: 'error', message: /EEPROM error/ });
    expect(parseNciResponse('\n0001.00lb\r\n08\r\x03')).toMatchObject({ status: 'error', message: /faulty calibration/ });
    expect(parseNciResponse('\n?\r\x03')).toMatchObject({ status: 'error', message: /did not understand/ });
    expect(parseNciResponse('\x91\xa4\xbb\x03')).toMatchObject({ status: 'error' });
  });

  it('reads lb-oz displays and SCP-02 "S" status prefixes', () => {
    expect(parseNciResponse('\n02lb 03.5oz\r\n00\r\x03')).toMatchObject({ grams: 907 + 99, status: 'ok' });
    expect(parseNciResponse('\n01.250kg\r\nS00\r\x03')).toMatchObject({ grams: 1250, status: 'ok' });
  });
});

describe('MT-SICS', () => {
  // Lines from samples/scales/mt-sics-responses.txt (Atlantis-Software/mt-sics test fixtures).
  it('reads stable and dynamic weights', () => {
    expect(parseMtSicsWeight('S S     100.00 g')).toMatchObject({ grams: 100, stable: true, status: 'ok' });
    expect(parseMtSicsWeight('S D     129.07 g')).toMatchObject({ grams: 129, stable: false, status: 'unstable' });
    expect(parseMtSicsWeight('S S       1.250 kg')).toMatchObject({ grams: 1250, status: 'ok' });
    expect(parseMtSicsWeight('S S      -5.00 g')).toMatchObject({ grams: -5, status: 'under_zero' });
  });

  it('reads overload, underload, busy and the generic errors', () => {
    expect(parseMtSicsWeight('S +')).toMatchObject({ status: 'overload', stable: false });
    expect(parseMtSicsWeight('S -')).toMatchObject({ status: 'under_zero' });
    expect(parseMtSicsWeight('S I')).toMatchObject({ status: 'error', message: /busy/ });
    expect(parseMtSicsWeight('ES')).toMatchObject({ status: 'error', message: /syntax/ });
    expect(parseMtSicsWeight('ET')).toMatchObject({ status: 'error', message: /transmission/ });
    expect(parseMtSicsWeight('EL')).toMatchObject({ status: 'error', message: /logical/ });
    expect(parseMtSicsWeight('I4 A "1234567"')).toMatchObject({ status: 'error' });
  });

  it('reads zero and tare replies', () => {
    expect(parseMtSicsCommandReply('Z A')).toMatchObject({ command: 'Z', outcome: 'done' });
    expect(parseMtSicsCommandReply('Z I')).toMatchObject({ outcome: 'busy' });
    expect(parseMtSicsCommandReply('Z +')).toMatchObject({ outcome: 'above_range' });
    expect(parseMtSicsCommandReply('Z -')).toMatchObject({ outcome: 'below_range' });
    expect(parseMtSicsCommandReply('ZI D')).toMatchObject({ command: 'ZI', outcome: 'done' });
    expect(parseMtSicsCommandReply('T S     250.00 g')).toMatchObject({ command: 'T', outcome: 'done', grams: 250 });
    expect(parseMtSicsCommandReply('EL')).toMatchObject({ outcome: 'error' });
  });
});

describe('continuous output', () => {
  it('reads CAS lines', () => {
    expect(parseCasFrame('ST,GS,+  1.500kg')).toMatchObject({ grams: 1500, stable: true, status: 'ok' });
    expect(parseCasFrame('US,GS,+  4.876kg')).toMatchObject({ grams: 4876, stable: false, status: 'unstable' });
    expect(parseCasFrame('ST,NT,-  0.020kg')).toMatchObject({ grams: -20, status: 'under_zero' });
    expect(parseCasFrame('OL,GS,+  0.000kg')).toMatchObject({ status: 'overload' });
    expect(parseCasFrame('hello')).toMatchObject({ status: 'error' });
  });

  function toledoFrame(swa: number, swb: number, swc: number, weight: string, withChecksum = true): string {
    const body = `\x02${String.fromCharCode(swa, swb, swc)}${weight} 000000\r`;
    return withChecksum ? body + String.fromCharCode(toledoChecksum(body)) : body;
  }

  it('reads Toledo continuous frames: decimal point, unit, motion, sign, range, checksum', () => {
    // SWA 0x24: decimal point code 4 (two decimals); SWB 0x30: kg, stable, positive.
    expect(parseToledoContinuousFrame(toledoFrame(0x24, 0x30, 0x20, '000150'))).toMatchObject({ grams: 1500, stable: true, status: 'ok' });
    expect(parseToledoContinuousFrame(toledoFrame(0x24, 0x20, 0x20, '000100', false))).toMatchObject({ grams: 454, status: 'ok' }); // lb
    expect(parseToledoContinuousFrame(toledoFrame(0x24, 0x38, 0x20, '000150'))).toMatchObject({ stable: false, status: 'unstable' });
    expect(parseToledoContinuousFrame(toledoFrame(0x22, 0x21, 0x21, '000250'))).toMatchObject({ grams: 250 }); // grams via SWC
    expect(parseToledoContinuousFrame(toledoFrame(0x24, 0x32, 0x20, '000010'))).toMatchObject({ grams: -100, status: 'under_zero' });
    expect(parseToledoContinuousFrame(toledoFrame(0x24, 0x34, 0x20, '000000'))).toMatchObject({ status: 'overload' });
    const corrupted = toledoFrame(0x24, 0x30, 0x20, '000150').slice(0, -1) + '\x00';
    expect(parseToledoContinuousFrame(corrupted)).toMatchObject({ status: 'error', message: /checksum/ });
  });

  it('reads Toledo 8213 demand replies', () => {
    expect(parseToledo8213Reply('\x02001.50\r')).toMatchObject({ grams: 680, stable: true, status: 'ok' });
    expect(parseToledo8213Reply('\x02001.50\r', 'kg')).toMatchObject({ grams: 1500 });
    expect(parseToledo8213Reply('\x02?\x61\r')).toMatchObject({ status: 'unstable' });
    expect(parseToledo8213Reply('\x02?\x62\r')).toMatchObject({ status: 'overload' });
    expect(parseToledo8213Reply('\x02?\x64\r')).toMatchObject({ status: 'under_zero' });
  });

  it('picks the parser from the frame', () => {
    expect(parseContinuousFrame('ST,GS,+  0.250kg')).toMatchObject({ grams: 250 });
    expect(parseContinuousFrame('\x02000.50\r')).toMatchObject({ grams: 227 });
    expect(parseContinuousFrame(toledoFrame(0x24, 0x30, 0x20, '000150'))).toMatchObject({ grams: 1500 });
  });

  it('frames split and merged serial chunks', () => {
    const framer = new ScaleFramer('continuous');
    expect(framer.push('ST,GS,+  1.5')).toEqual([]);
    expect(framer.push('00kg\r\nUS,GS,+  1.600kg\r\nST')).toEqual(['ST,GS,+  1.500kg', 'US,GS,+  1.600kg']);
    const nci = new ScaleFramer('nci');
    expect(nci.push('\n0001.00lb\r\n0')).toEqual([]);
    expect(nci.push('0\r\x03')).toEqual(['\n0001.00lb\r\n00\r\x03']);
    const noisy = new ScaleFramer('mt-sics');
    noisy.push(Buffer.alloc(5000, 0xaa));
    expect(noisy.overflowed).toBe(true);
  });
});

describe('USB HID POS report', () => {
  const report = (...bytes: number[]) => Uint8Array.from(bytes);

  // Worked vectors from FORMATS.md §4.1 plus one per remaining status and unit.
  it.each([
    ['stable oz, exponent -1 (30.0 oz)', report(0x03, 0x04, 0x0b, 0xff, 0x2c, 0x01), { grams: 850, stable: true, status: 'ok' }],
    ['zero, lb', report(0x03, 0x02, 0x0c, 0xfe, 0x00, 0x00), { grams: 0, stable: true, status: 'ok' }],
    ['under zero 10 g', report(0x03, 0x05, 0x02, 0x00, 0x0a, 0x00), { grams: -10, stable: false, status: 'under_zero' }],
    ['overload', report(0x03, 0x06, 0x02, 0x00, 0x00, 0x00), { grams: 0, stable: false, status: 'overload' }],
    ['in motion, g', report(0x03, 0x03, 0x02, 0x00, 0xe8, 0x03), { grams: 1000, stable: false, status: 'unstable' }],
    ['stable kg, exponent -3', report(0x03, 0x04, 0x03, 0xfd, 0xdc, 0x05), { grams: 1500, status: 'ok' }],
    ['stable lb, exponent -2, report id 4', report(0x04, 0x04, 0x0c, 0xfe, 0x96, 0x00), { grams: 680, status: 'ok' }],
    ['stable mg', report(0x03, 0x04, 0x01, 0x02, 0x0f, 0x00), { grams: 2, status: 'ok' }],
    ['fault', report(0x03, 0x01, 0x02, 0x00, 0x00, 0x00), { status: 'error', message: /fault/ }],
    ['needs calibration', report(0x03, 0x07, 0x02, 0x00, 0x00, 0x00), { status: 'error', message: /calibration/ }],
    ['needs re-zeroing', report(0x03, 0x08, 0x02, 0x00, 0x00, 0x00), { status: 'error', message: /re-zeroing/ }],
    ['unsupported unit (carat)', report(0x03, 0x04, 0x04, 0x00, 0x01, 0x00), { status: 'error', message: /unit code 4/ }],
    ['wrong report id', report(0x05, 0x04, 0x02, 0x00, 0x01, 0x00), { status: 'error' }],
    ['short report', report(0x03, 0x04, 0x02), { status: 'error', message: /3 bytes/ }],
  ])('%s', (_name, bytes, expected) => {
    expect(parseHidScaleReport(bytes)).toMatchObject(expected);
  });
});

describe('scale simulator replies', () => {
  it('match the published MT-SICS and SCP-01 byte layouts', async () => {
    const { mtSicsWeightReply, nciWeightReply, casFrame } = await import('../../../main/devices/simulators/scale-replies');
    // Same spacing as "S S     100.00 g" in samples/scales/mt-sics-responses.txt.
    expect(mtSicsWeightReply({ grams: 100, stable: true, overload: false }, 'S')).toBe('S S     100.00 g\r\n');
    expect(nciWeightReply({ grams: 680, stable: true, overload: false }, 'lb')).toBe('\n0001.50lb\r\n00\r\x03');
    expect(casFrame({ grams: 1500, stable: true, overload: false })).toBe('ST,GS,+  1.500kg\r\n');
  });
});
