import { describe, expect, it } from 'vitest';
import {
  binLabel,
  encodeZplCode128,
  FNC1,
  LABEL_4X6_MM,
  productLabel,
  renderZpl,
  testLabel,
  ZEBRA_203_DPI,
  ZEBRA_300_DPI,
  type LabelLayout,
} from '../../../main/devices/labels';

const product = {
  name: 'Crème brûlée torch – Łódź edition',
  sku: 'CB-001',
  barcode: '09506000134352',
  priceCents: 1999,
  currency: 'EUR',
};

function fieldOrigins(zpl: string): [number, number][] {
  return [...zpl.matchAll(/\^FO(\d+),(\d+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

describe('renderZpl', () => {
  it('switches the printer to UTF-8 and sends non-ASCII names as UTF-8 bytes', () => {
    const zpl = renderZpl(productLabel(product), ZEBRA_203_DPI);
    expect(zpl.startsWith('^XA^CI28')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    const bytes = Buffer.from(zpl, 'utf8');
    // "è" is C3 A8 and "Ł" is C5 81 in UTF-8; a Latin-1 encoder would have produced E8 / "?".
    expect(bytes.includes(Buffer.from([0xc3, 0xa8]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xc5, 0x81]))).toBe(true);
    expect(zpl).toContain('Crème brûlée torch');
    expect(zpl).toContain('€19.99');
  });

  it('uses 812×1218 dots at 203 dpi and 1200×1800 at 300 dpi for 4×6 in', () => {
    const layout = productLabel(product);
    const at203 = renderZpl(layout, ZEBRA_203_DPI);
    const at300 = renderZpl(layout, ZEBRA_300_DPI);
    expect(at203).toContain('^PW812^LL1218');
    expect(at300).toContain('^PW1200^LL1800');
    const origins203 = fieldOrigins(at203);
    const origins300 = fieldOrigins(at300);
    expect(origins300).toHaveLength(origins203.length);
    // Same millimetres, so every position scales by 300/203 (within a dot of rounding).
    origins203.forEach(([x, y], index) => {
      expect(Math.abs(origins300[index][0] - (x * 300) / 203)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(origins300[index][1] - (y * 300) / 203)).toBeLessThanOrEqual(1.5);
    });
    // A 4 mm margin is 32 dots at 8 dots/mm and 47 at 11.8.
    expect(origins203[0]).toEqual([32, 32]);
    expect(origins300[0]).toEqual([47, 47]);
  });

  it('applies profile label size, darkness and offsets', () => {
    const layout: LabelLayout = {
      widthMm: 50,
      heightMm: 25,
      elements: [{ kind: 'box', x: 0, y: 0, widthMm: 10, heightMm: 5, thicknessMm: 0.5 }],
    };
    const zpl = renderZpl(layout, { dpi: 203, darkness: 22, offsetXMm: 1, offsetYMm: 2, labelWidthMm: 57, labelHeightMm: 32 });
    expect(zpl.startsWith('~SD22^XA')).toBe(true);
    expect(zpl).toContain('^PW455^LL255');
    expect(zpl).toContain('^FO8,16^GB80,40,4,B,0^FS');
  });

  it('wraps long names inside the field block and shrinks them to fit', () => {
    const longName = 'Extra large insulated stainless steel water bottle with bamboo lid and carry loop, matte forest green';
    const zpl = renderZpl(productLabel({ ...product, name: longName }), ZEBRA_203_DPI);
    const nameField = /\^A0N,(\d+),\d+\^FB(\d+),(\d+),\d+,L,0\^FD([^^]*)\^FS/.exec(zpl);
    expect(nameField).not.toBeNull();
    const [, height, width, lines, data] = nameField!;
    expect(Number(lines)).toBeLessThanOrEqual(3);
    expect(Number(width)).toBeLessThanOrEqual(812);
    expect(Number(height)).toBeLessThan(59); // the template's unshrunk name height at 203 dpi
    expect(data.split('\\&')).toHaveLength(Number(lines));
  });

  it('escapes ZPL control characters in text with ^FH', () => {
    const zpl = renderZpl(testLabel({ printerName: 'Zebra ^XZ ~JR a_b', at: new Date(0) }), ZEBRA_203_DPI);
    expect(zpl).toContain('^FH^FDZebra _5EXZ _7EJR a_5Fb^FS');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });

  it('encodes GS1-128 with a leading FNC1 in subset C, and a bin code in subset B', () => {
    const zpl = renderZpl(productLabel(product), ZEBRA_203_DPI);
    expect(zpl).toContain('^BCN,');
    expect(zpl).toContain('^FD>;>80109506000134352^FS');
    expect(zpl).toContain('^FD(01)09506000134352^FS');
    const bin = renderZpl(binLabel({ code: 'A-01-03', warehouse: 'Main', zone: 'Pick' }), ZEBRA_203_DPI);
    expect(bin).toContain('^FD>:A-01-03^FS');
  });

  it('switches Code 128 subsets and separates variable AIs with FNC1', () => {
    expect(encodeZplCode128([FNC1, '0109506000134352', '10AB1', FNC1, '211234']).fieldData).toBe(
      '>;>8010950600013435210>6AB1>8>5211234',
    );
    expect(encodeZplCode128(['ORDER>123456']).fieldData).toBe('>:ORDER>0>5123456');
    expect(encodeZplCode128(['A^B_C'])).toMatchObject({ fieldData: '>:A_5EB_5FC', needsFieldHex: true });
    expect(() => encodeZplCode128(['naïve'])).toThrow(/cannot encode/);
  });

  it('draws monochrome images as ^GFA, scaled to the printer resolution', () => {
    const checker = { widthPx: 8, heightPx: 2, data: Uint8Array.of(0b10101010, 0b01010101) };
    const layout: LabelLayout = { ...LABEL_4X6_MM, elements: [{ kind: 'image', x: 0, y: 0, widthMm: 1, heightMm: 0.25, bitmap: checker }] };
    expect(renderZpl(layout, ZEBRA_203_DPI)).toContain('^FO0,0^GFA,2,2,1,AA55^FS');
  });
});
