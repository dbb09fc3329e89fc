import type { toSVG as ToSvg } from 'bwip-js/node';
import { bwipModule } from '../lazy-modules';

const toSVG: typeof ToSvg = (options) => bwipModule().toSVG(options);
import { gs1HumanReadable } from './gs1';
import type { Code128Element, Gs1_128Element, QrElement } from './layout';

/**
 * bwip-js symbols for the preview renderers (SVG, PDF). At scale 1 its viewBox is measured in
 * modules, which lets us size the symbol from the element's module width in mm.
 */
export interface BarcodeSymbol {
  svg: string;
  widthMm: number;
  heightMm: number;
  humanReadable: string | null;
}

export function symbolSizeInModules(symbolSvg: string): { width: number; height: number } {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(symbolSvg);
  if (!match) throw new Error('bwip-js returned an SVG without a viewBox');
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function linearBarcodeSymbol(element: Code128Element | Gs1_128Element): BarcodeSymbol {
  const isGs1 = element.kind === 'gs1-128';
  const text = isGs1 ? gs1HumanReadable(element.elements) : element.data;
  const svg = toSVG({ bcid: isGs1 ? 'gs1-128' : 'code128', text, scaleX: 1, scaleY: 1, height: 10 });
  return {
    svg,
    widthMm: symbolSizeInModules(svg).width * element.moduleMm,
    heightMm: element.heightMm,
    humanReadable: (element.humanReadable ?? true) ? text : null,
  };
}

export function qrSymbol(element: QrElement): BarcodeSymbol {
  const options = { bcid: 'qrcode', text: element.data, scaleX: 1, scaleY: 1, eclevel: element.errorCorrection ?? 'M' };
  const svg = toSVG(options as Parameters<typeof toSVG>[0]);
  const size = symbolSizeInModules(svg).width * element.moduleMm;
  return { svg, widthMm: size, heightMm: size, humanReadable: null };
}
