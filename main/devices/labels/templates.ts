import { displayLocale, formatMoney } from '../../../shared/money';
import { code128Modules, gs1_128Modules, placeLinearBarcode } from './barcode-placement';
import { isValidGtin, toGtin14 } from '../../util/gs1';
import { LABEL_4X6_MM, type LabelElement, type LabelLayout } from './layout';

/**
 * Ready-made layouts. Positions are proportions of the label, so the same template fits the
 * 4×6 in stock most small shops already own and smaller product or bin stock.
 */

export interface LabelSize {
  widthMm: number;
  heightMm: number;
}

const MARGIN_MM = 4;

/** Integer minor units → "€12.50" (en-US) / "12,50 €" (de-DE), with the currency's own number of decimals (JPY has none). */
export function formatPrice(priceCents: number, currency: string, locale = displayLocale()): string {
  return formatMoney(priceCents, currency, locale);
}

export interface ProductLabelInput {
  name: string;
  sku: string;
  /** A GTIN prints as GS1-128 with AI (01); anything else as plain Code 128. */
  barcode: string;
  priceCents: number;
  currency: string;
  /** The shop's locale for the price (Settings → Shop format); main's display locale when absent. */
  locale?: string;
}

export function productLabel(input: ProductLabelInput, size: LabelSize = LABEL_4X6_MM): LabelLayout {
  const { widthMm, heightMm } = size;
  const innerWidth = widthMm - 2 * MARGIN_MM;
  const unit = Math.min(widthMm, heightMm * 0.66);
  const gs1 = isValidGtin(input.barcode) ? [{ ai: '01', value: toGtin14(input.barcode) }] : null;
  const { x, moduleMm } = placeLinearBarcode({
    labelWidthMm: widthMm,
    marginMm: MARGIN_MM,
    modules: gs1 ? gs1_128Modules(gs1) : code128Modules(input.barcode),
    maxModuleMm: 0.5,
  });
  const barcode: LabelElement = gs1
    ? { kind: 'gs1-128', x, y: heightMm * 0.5, elements: gs1, heightMm: heightMm * 0.22, moduleMm }
    : { kind: 'code128', x, y: heightMm * 0.5, data: input.barcode, heightMm: heightMm * 0.22, moduleMm };
  return {
    widthMm,
    heightMm,
    elements: [
      { kind: 'text', x: MARGIN_MM, y: MARGIN_MM, text: input.name, heightMm: unit * 0.09, maxWidthMm: innerWidth, maxLines: 3, minHeightMm: unit * 0.05 },
      { kind: 'line', x: MARGIN_MM, y: heightMm * 0.3, direction: 'horizontal', lengthMm: innerWidth, thicknessMm: 0.5 },
      { kind: 'text', x: MARGIN_MM, y: heightMm * 0.32, text: `SKU ${input.sku}`, heightMm: unit * 0.06, maxWidthMm: innerWidth * 0.55 },
      {
        kind: 'text',
        x: MARGIN_MM + innerWidth * 0.45,
        y: heightMm * 0.32,
        text: formatPrice(input.priceCents, input.currency, input.locale),
        heightMm: unit * 0.12,
        maxWidthMm: innerWidth * 0.55,
        align: 'right',
      },
      barcode,
    ],
  };
}

export interface BinLabelInput {
  code: string;
  warehouse: string;
  zone: string;
}

export function binLabel(input: BinLabelInput, size: LabelSize = LABEL_4X6_MM): LabelLayout {
  const { widthMm, heightMm } = size;
  const innerWidth = widthMm - 2 * MARGIN_MM;
  const unit = Math.min(widthMm, heightMm * 0.66);
  // Wide modules so a picker can scan the bin from arm's length, but never wider than the label.
  const { x, moduleMm } = placeLinearBarcode({ labelWidthMm: widthMm, marginMm: MARGIN_MM, modules: code128Modules(input.code), maxModuleMm: 0.75 });
  return {
    widthMm,
    heightMm,
    elements: [
      { kind: 'text', x: MARGIN_MM, y: MARGIN_MM, text: `${input.warehouse} · ${input.zone}`, heightMm: unit * 0.07, maxWidthMm: innerWidth },
      { kind: 'text', x: MARGIN_MM, y: heightMm * 0.14, text: input.code, heightMm: unit * 0.2, maxWidthMm: innerWidth, align: 'center', minHeightMm: unit * 0.08 },
      { kind: 'code128', x, y: heightMm * 0.45, data: input.code, heightMm: heightMm * 0.4, moduleMm, humanReadable: false },
    ],
  };
}

export interface TestLabelInput {
  printerName: string;
  at: Date;
}

export function testLabel(input: TestLabelInput, size: LabelSize = LABEL_4X6_MM): LabelLayout {
  const { widthMm, heightMm } = size;
  const innerWidth = widthMm - 2 * MARGIN_MM;
  const unit = Math.min(widthMm, heightMm * 0.66);
  // The quiet zone ends at the border's inner edge, not at the label edge.
  const code = placeLinearBarcode({ labelWidthMm: widthMm, marginMm: MARGIN_MM, modules: code128Modules('SHIPSHAPE-TEST'), maxModuleMm: 0.375, clearFromMm: 1.5, clearToMm: widthMm - 1.5 });
  return {
    widthMm,
    heightMm,
    elements: [
      // The border shows at a glance whether the stock is registered and the offsets are right.
      { kind: 'box', x: 1, y: 1, widthMm: widthMm - 2, heightMm: heightMm - 2, thicknessMm: 0.5 },
      { kind: 'text', x: MARGIN_MM, y: MARGIN_MM, text: 'Shipshape test label', heightMm: unit * 0.08, maxWidthMm: innerWidth, reverse: true },
      { kind: 'text', x: MARGIN_MM, y: heightMm * 0.14, text: input.printerName, heightMm: unit * 0.06, maxWidthMm: innerWidth, maxLines: 2 },
      { kind: 'text', x: MARGIN_MM, y: heightMm * 0.25, text: input.at.toISOString(), heightMm: unit * 0.045, maxWidthMm: innerWidth },
      // Non-ASCII proves the printer is in UTF-8 mode (^CI28) before real customer names hit it.
      { kind: 'text', x: MARGIN_MM, y: heightMm * 0.32, text: 'ÄÖÜ äöü ß é ñ Ł ő €', heightMm: unit * 0.05, maxWidthMm: innerWidth },
      { kind: 'line', x: MARGIN_MM, y: heightMm * 0.4, direction: 'horizontal', lengthMm: innerWidth, thicknessMm: 0.25 },
      { kind: 'code128', x: code.x, y: heightMm * 0.44, data: 'SHIPSHAPE-TEST', heightMm: heightMm * 0.12, moduleMm: code.moduleMm },
      { kind: 'qr', x: MARGIN_MM, y: heightMm * 0.66, data: `shipshape:test:${input.printerName}`, moduleMm: Math.max(0.25, unit * 0.005) },
    ],
  };
}
