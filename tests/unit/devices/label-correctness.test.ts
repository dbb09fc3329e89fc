import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  binLabel,
  code128Modules,
  encodeZplCode128,
  fitText,
  gs1_128Modules,
  LABEL_4X6_MM,
  productLabel,
  QUIET_ZONE_MODULES,
  renderLabelsPdf,
  renderPdf,
  renderZpl,
  testLabel,
  type LabelElement,
  type LabelLayout,
  type LabelSize,
  type TextElement,
} from '../../../main/devices/labels';
import { linearBarcodeSymbol } from '../../../main/devices/labels/barcode-symbols';
import { packingSlipPdf, type PackingSlipData } from '../../../main/domain/documents/index';
import { BUILT_IN_CARRIERS, BUILT_IN_SERVICES } from '../../../main/domain/shipping/catalog';
import { serviceBandText, shippingLabel, type ShippingLabelInput } from '../../../main/domain/shipping/service/shipping-label';
import { pageBarcodes, pageText, pageWords, requireTools } from '../../helpers/cups';

/**
 * Label correctness, found by rendering Shipshape's labels and reading them back as a scanner
 * and a person would: Code 128 escapes, quiet zones, and carrier/service names that fit.
 * The scan checks render the PDF (the same layout the ZPL comes from) at 300 dpi and decode it
 * with zbar; they need poppler-utils and zbar-tools and fail with the apt-get line without them.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function pdfFile(bytes: Buffer): string {
  const file = path.join(dir, `label-${++files}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

const from = { name: 'Corner Shop', line1: '1 Market St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
const to = { name: 'Ada Lovelace', line1: '12 Main St', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' };
function shipping(overrides: Partial<ShippingLabelInput>, size?: LabelSize): LabelLayout {
  const input: ShippingLabelInput = {
    from,
    to,
    carrierName: 'UPS',
    serviceName: 'UPS Ground',
    weightG: 1360,
    packageSeq: 1,
    packageCount: 1,
    trackingNumber: '1Z999AA10123456784',
    orderReference: '#1001',
    shipDate: '2026-12-07',
    ...overrides,
  };
  return shippingLabel(input, size);
}

/** Shipping label stock: 4×6 in (US) and 100×150 mm (Europe). */
const SIZES: Record<string, LabelSize> = {
  '4×6 in': LABEL_4X6_MM,
  '100×150 mm': { widthMm: 100, heightMm: 150 },
};
/** Product, bin and test labels also go on small stock. */
const SMALL: Record<string, LabelSize> = { ...SIZES, '2.25×1.25 in': { widthMm: 57.15, heightMm: 31.75 }, '100×50 mm': { widthMm: 100, heightMm: 50 } };

/** Every template Shipshape prints a barcode on, on every stock it is offered for. */
function templates(): [string, LabelLayout][] {
  const out: [string, LabelLayout][] = [];
  for (const [size, dims] of Object.entries(SMALL)) {
    out.push([`product GTIN ${size}`, productLabel({ name: 'Stoneware mug', sku: 'MUG-1', barcode: '09506000134352', priceCents: 1250, currency: 'USD' }, dims)]);
    out.push([`product SKU ${size}`, productLabel({ name: 'Stoneware mug', sku: 'MUG-1', barcode: 'MUG>BLUE-1', priceCents: 1250, currency: 'USD' }, dims)]);
    out.push([`bin ${size}`, binLabel({ code: 'A-01-03', warehouse: 'Main', zone: 'Pick' }, dims)]);
    out.push([`bin long code ${size}`, binLabel({ code: 'MEZZ-A-12-04-B', warehouse: 'Main', zone: 'Mezzanine' }, dims)]);
    out.push([`test ${size}`, testLabel({ printerName: 'Zebra', at: new Date(0) }, dims)]);
  }
  for (const [size, dims] of Object.entries(SIZES)) {
    out.push([`shipping UPS ${size}`, shipping({}, dims)]);
    out.push([`shipping IMpb ${size}`, shipping({ carrierName: 'USPS', serviceName: 'USPS Ground Advantage', trackingNumber: '9400111899223197428490', orderReference: 'SO>2026-00042' }, dims)]);
    out.push([`shipping FedEx ${size}`, shipping({ carrierName: 'FedEx', serviceName: 'FedEx Ground', trackingNumber: '794644790132', orderReference: '#99' }, dims)]);
    out.push([`shipping not-postage ${size}`, shipping({ carrierName: 'USPS', serviceName: 'USPS Priority Mail Express', trackingNumber: 'SS00000042', notPostage: true }, dims)]);
  }
  return out;
}

type Barcode = Extract<LabelElement, { kind: 'code128' | 'gs1-128' }>;
const barcodes = (layout: LabelLayout) => layout.elements.filter((e): e is Barcode => e.kind === 'code128' || e.kind === 'gs1-128');
const modulesOf = (b: Barcode) => (b.kind === 'code128' ? code128Modules(b.data) : gs1_128Modules(b.elements));
const dataOf = (b: Barcode) => (b.kind === 'code128' ? b.data : b.elements.map((e) => `${e.ai}${e.value}`).join(''));

describe('Code 128 data in ZPL', () => {
  it('writes a literal ">" as >0 (the manual’s escape), never >< (which Zebra prints as "^")', () => {
    expect(encodeZplCode128(['A>B']).fieldData).toBe('>:A>0B');
    expect(encodeZplCode128(['ORDER>123456']).fieldData).toBe('>:ORDER>0>5123456');
    expect(encodeZplCode128(['>>']).fieldData).toBe('>:>0>0');
    const zpl = renderZpl(shipping({ orderReference: 'SO>2026-00042' }), { dpi: 203 });
    expect(zpl).toContain('^FD>:SO>0>52026>6-0>50042^FS');
    expect(zpl).not.toContain('><');
  });

});

describe('quiet zones', () => {
  it(`every barcode on every template has ${QUIET_ZONE_MODULES} clear modules before and after it, inside the label (layout, mm)`, () => {
    for (const [name, layout] of templates()) {
      for (const b of barcodes(layout)) {
        const widthMm = linearBarcodeSymbol(b).widthMm;
        const quiet = QUIET_ZONE_MODULES * b.moduleMm;
        const left = b.x - quiet;
        const right = b.x + widthMm + quiet;
        expect(left, `${name}: ${dataOf(b)} starts ${(b.x / b.moduleMm).toFixed(1)} modules from the left edge`).toBeGreaterThanOrEqual(-1e-6);
        expect(right, `${name}: ${dataOf(b)} ends ${((layout.widthMm - b.x - widthMm) / b.moduleMm).toFixed(1)} modules from the right edge`).toBeLessThanOrEqual(layout.widthMm + 1e-6);
        // Nothing else is drawn in the quiet zones at the barcode's height.
        const top = b.y;
        const bottom = b.y + b.heightMm;
        for (const other of layout.elements) {
          if (other === b) continue;
          for (const box of extents(other)) {
            if (box.bottom <= top || box.top >= bottom) continue;
            const overlapsLeft = box.right > left && box.left < b.x;
            const overlapsRight = box.left < right && box.right > b.x + widthMm;
            expect(overlapsLeft || overlapsRight, `${name}: ${other.kind} inside the quiet zone of ${dataOf(b)}`).toBe(false);
          }
        }
      }
    }
  });

  it('holds in printer dots too, at 152, 203, 300 and 600 dpi (ZPL ^FO and ^BY)', () => {
    for (const [name, layout] of templates()) {
      for (const dpi of [152, 203, 300, 600] as const) {
        const zpl = renderZpl(layout, { dpi });
        const pw = Number(/\^PW(\d+)/.exec(zpl)![1]);
        const symbols = [...zpl.matchAll(/\^BY(\d+),3,\d+\^FO(\d+),\d+\^BC/g)].map((m) => ({ module: Number(m[1]), x: Number(m[2]) }));
        const expected = barcodes(layout);
        expect(symbols).toHaveLength(expected.length);
        symbols.forEach((s, i) => {
          const modules = modulesOf(expected[i]);
          const where = `${name} at ${dpi} dpi: ${dataOf(expected[i])}`;
          expect(s.x, `${where} starts ${s.x} dots in, needs ${QUIET_ZONE_MODULES * s.module}`).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES * s.module);
          expect(s.x + (modules + QUIET_ZONE_MODULES) * s.module, `${where} runs into the right edge`).toBeLessThanOrEqual(pw);
        });
      }
    }
  });

  it('every template’s barcodes scan (PDF at 300 dpi through zbar), ">" included', async () => {
    requireTools(['pdftoppm', 'zbarimg']);
    for (const [name, layout] of templates()) {
      const file = pdfFile(await renderPdf(layout));
      const scanned = pageBarcodes(file, 1);
      for (const b of barcodes(layout)) {
        // zbar reports GS1-128 as its element string (AIs and values, FNC1 as GS between variable ones).
        expect(scanned, `${name}: ${dataOf(b)} did not scan`).toContain(dataOf(b));
      }
    }
  }, 120_000);
});

describe('carrier and service names', () => {
  const names = BUILT_IN_SERVICES.map((s) => ({ carrier: BUILT_IN_CARRIERS.find((c) => c.code === s.carrierCode)?.name ?? s.carrierCode, service: s.name }));
  const longest = [...names].sort((a, b) => serviceBandText(b.carrier, b.service).length - serviceBandText(a.carrier, a.service).length).slice(0, 3);

  it('fit or wrap on every shipping label size for every catalog service, never cut', () => {
    expect(serviceBandText(longest[0].carrier, longest[0].service)).toBe('LOCAL COURIER · LOCAL COURIER SAME DAY');
    for (const [size, dims] of Object.entries(SIZES)) {
      for (const n of names) {
        const layout = shipping({ carrierName: n.carrier, serviceName: n.service }, dims);
        const band = layout.elements.find((e): e is TextElement => e.kind === 'text' && e.text === serviceBandText(n.carrier, n.service))!;
        const fitted = fitText(band);
        expect(fitted.truncated, `${size}: ${band.text} was cut to ${fitted.lines.join(' / ')}`).toBe(false);
        expect(fitted.lines.join(' ')).toBe(band.text);
        // The wrapped band stays above the rule under it.
        expect(band.y + fitted.lines.length * fitted.heightMm * 1.15).toBeLessThanOrEqual(band.maxBlockHeightMm! + band.y + 1e-6);
      }
    }
  });

  it('print whole inside the service band of the PDF label, and on the A4 two-up sheet', async () => {
    requireTools(['pdftotext']);
    for (const [size, dims] of Object.entries(SIZES)) {
      for (const n of longest) {
        const layout = shipping({ carrierName: n.carrier, serviceName: n.service }, dims);
        const band = layout.elements.find((e): e is TextElement => e.kind === 'text' && !!e.reverse)!;
        const file = pdfFile(await renderPdf(layout));
        const words = pageWords(file, 1);
        const pt = (mm: number) => (mm * 72) / 25.4;
        const fitted = fitText(band);
        const inBand = (w: (typeof words)[number]) =>
          w.xMin >= pt(band.x) - 1 && w.xMax <= pt(band.x + band.maxWidthMm) + 1 && w.yMin >= pt(band.y) - 1 && w.yMax <= pt(band.y + fitted.lines.length * fitted.heightMm * 1.15) + 1;
        for (const word of band.text.split(' ')) {
          expect(words.some((w) => w.word === word && inBand(w)), `${size}: "${word}" of ${band.text} is not inside the band`).toBe(true);
        }
        for (const w of words) expect(w.xMax, `${size}: "${w.word}" runs off the label`).toBeLessThanOrEqual(pt(dims.widthMm) + 0.5);
      }
    }
    const sheet = pdfFile(await renderLabelsPdf(longest.map((n) => shipping({ carrierName: n.carrier, serviceName: n.service })), 'A4'));
    const text = pageText(sheet, 1) + pageText(sheet, 2);
    for (const n of longest) expect(text.replace(/\s+/g, ' ')).toContain(serviceBandText(n.carrier, n.service).split(' ').slice(-1)[0]);
  }, 60_000);

  it('print whole on the packing slip (A4 and Letter)', async () => {
    requireTools(['pdftotext']);
    for (const paper of ['A4', 'Letter'] as const) {
      for (const n of longest) {
        const data: PackingSlipData = {
          shopName: 'Corner Shop',
          shipFrom: ['1 Market St', 'San Francisco, CA 94105', 'US'],
          orderNumber: '#1001',
          placedAt: '2026-12-01',
          printedAt: '2026-12-07',
          shipTo: ['Ada Lovelace', '12 Main St', 'New York, NY 10001', 'US'],
          lines: [{ sku: 'MUG-1', name: 'Stoneware mug', quantity: 2, unitPriceCents: 1250, totalCents: 2500 }],
          currency: 'USD',
          totals: { subtotalCents: 2500, discountCents: 0, shippingCents: 500, taxCents: 0, totalCents: 3000 },
          shipments: [{ service: n.service, tracking: ['9400111899223197428490'] }],
          returnInstructions: 'Return within 30 days.',
          returnCode: '#1001',
          logo: null,
        };
        const text = pageText(pdfFile(await packingSlipPdf(data, { paper, prices: true })), 1);
        expect(text, `${paper}: ${n.service}`).toContain(n.service);
      }
    }
  });
});

type Extent = { left: number; right: number; top: number; bottom: number };
/** Where an element puts ink, in mm (text: its whole allowed width; an outline box: its four sides). */
function extents(e: LabelElement): Extent[] {
  switch (e.kind) {
    case 'text': {
      const fitted = fitText(e);
      return [{ left: e.x, right: e.x + e.maxWidthMm, top: e.y, bottom: e.y + fitted.lines.length * fitted.heightMm * 1.15 }];
    }
    case 'box': {
      const outer = { left: e.x, right: e.x + e.widthMm, top: e.y, bottom: e.y + e.heightMm };
      if (e.filled) return [outer];
      const t = e.thicknessMm;
      return [
        { ...outer, bottom: outer.top + t },
        { ...outer, top: outer.bottom - t },
        { ...outer, right: outer.left + t },
        { ...outer, left: outer.right - t },
      ];
    }
    case 'line':
      return [
        e.direction === 'horizontal'
          ? { left: e.x, right: e.x + e.lengthMm, top: e.y, bottom: e.y + e.thicknessMm }
          : { left: e.x, right: e.x + e.thicknessMm, top: e.y, bottom: e.y + e.lengthMm },
      ];
    case 'image':
      return [{ left: e.x, right: e.x + e.widthMm, top: e.y, bottom: e.y + e.heightMm }];
    case 'qr':
      return [];
    default:
      return [{ left: e.x, right: e.x + linearBarcodeSymbol(e).widthMm, top: e.y, bottom: e.y + e.heightMm }];
  }
}
