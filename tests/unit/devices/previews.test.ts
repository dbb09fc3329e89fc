import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { binLabel, productLabel, renderEscPos, renderPdf, renderSvg, testLabel, type LabelLayout } from '../../../main/devices/labels';

const product = { name: 'Crème brûlée <torch> & "lighter"', sku: 'CB-001', barcode: '09506000134352', priceCents: 1999, currency: 'EUR' };

describe('renderSvg', () => {
  it('is a label-sized SVG in mm with escaped text and a bwip-js barcode', () => {
    const svg = renderSvg(productLabel(product));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="101.6mm" height="152.4mm" viewBox="0 0 101.6 152.4">/);
    expect(svg).toContain('>Crème brûlée</text>');
    expect(svg).toContain('>&lt;torch&gt; &amp; &quot;lighter&quot;</text>');
    expect(svg).toContain('(01)09506000134352');
    // bwip-js draws bars as stroked paths inside a nested, positioned <svg>.
    // 10 modules of 0.5 mm quiet zone before the first bar (Code 128 asks for at least 10).
    expect(svg).toMatch(/<svg x="5" y="76.2" width="[\d.]+" height="[\d.]+" preserveAspectRatio="none" viewBox=/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('renders bin, test and QR/image layouts', () => {
    expect(renderSvg(binLabel({ code: 'A-01-03', warehouse: 'Main', zone: 'Pick' }))).toContain('>A-01-03</text>');
    const layout: LabelLayout = {
      widthMm: 50,
      heightMm: 30,
      elements: [
        { kind: 'qr', x: 1, y: 1, data: 'https://example.com/o/1001', moduleMm: 0.5 },
        { kind: 'image', x: 30, y: 1, widthMm: 8, heightMm: 2, bitmap: { widthPx: 8, heightPx: 2, data: Uint8Array.of(0xf0, 0x0f) } },
      ],
    };
    const svg = renderSvg(layout);
    expect(svg).toContain('<path d="M0 0h4v1h-4zM4 1h4v1h-4z"');
    expect(svg).toMatch(/<svg x="1" y="1" width="([\d.]+)" height="\1"/);
    expect(renderSvg(testLabel({ printerName: 'Zebra', at: new Date(0) }))).toContain('1970-01-01T00:00:00.000Z');
  });

  it('refuses a GS1 value with a wrong check digit instead of printing an unscannable label', () => {
    const layout: LabelLayout = {
      widthMm: 100,
      heightMm: 50,
      elements: [{ kind: 'gs1-128', x: 0, y: 0, elements: [{ ai: '00', value: '106141411234567890' }], heightMm: 10, moduleMm: 0.5 }],
    };
    expect(() => renderSvg(layout)).toThrow(/checksum/i);
  });
});

describe('renderPdf', () => {
  it('produces a one-page PDF the size of the label', async () => {
    const pdf = await renderPdf(productLabel(product));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/MediaBox \[0 0 288(\.0+)? 432(\.0+)?\]/);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('embeds a Unicode font when a name is outside Latin-1', async () => {
    const pdf = await renderPdf(productLabel({ ...product, name: 'Łódź Кофе' }));
    const text = pdf.toString('latin1');
    expect(text).toContain('/FontFile2');
    // Content streams are deflated; at least one must contain drawing operators.
    const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((match) => Buffer.from(match[1], 'latin1'));
    const inflated = streams.map((stream) => {
      try {
        return inflateSync(stream).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(inflated.some((content) => content.includes(' re') || content.includes(' l'))).toBe(true);
  });
});

describe('renderEscPos', () => {
  it('starts with ESC @, selects code page PC858 and encodes accents and € in it', () => {
    const bytes = renderEscPos({ blocks: [{ kind: 'text', text: 'Crème €5', bold: true, align: 'center' }] });
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 19]));
    expect(bytes.includes(Buffer.from([0x1b, 0x61, 0x01]))).toBe(true); // centre
    expect(bytes.includes(Buffer.from([0x1b, 0x45, 0x01]))).toBe(true); // bold on
    // In CP858 "è" is 0x8A and "€" is 0xD5.
    expect(bytes.includes(Buffer.from([0x43, 0x72, 0x8a, 0x6d, 0x65, 0x20, 0xd5, 0x35]))).toBe(true);
  });

  it('prints a pick list with columns, a Code 128, a QR and a full cut', () => {
    const bytes = renderEscPos({
      widthChars: 32,
      blocks: [
        { kind: 'text', text: 'PICK LIST B-17', size: 'double-height' },
        { kind: 'rule' },
        { kind: 'columns', cells: [{ text: 'A-01-03', widthFraction: 0.3 }, { text: 'Mug', widthFraction: 0.5 }, { text: '2', align: 'right', widthFraction: 0.2 }] },
        { kind: 'left-right', left: 'Items', right: '2' },
        { kind: 'code128', data: 'B-17' },
        { kind: 'qr', data: 'shipshape:batch:17' },
        { kind: 'cut' },
      ],
    });
    expect(bytes.includes(Buffer.from([0x1d, 0x6b, 73, 6, 0x7b, 0x42, ...Buffer.from('B-17')]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]))).toBe(true); // QR model 2
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true); // full cut
    expect(bytes.toString('latin1')).toContain('-'.repeat(32));
  });
});
