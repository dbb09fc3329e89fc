import { linearBarcodeSymbol, qrSymbol, type BarcodeSymbol } from './barcode-symbols';
import {
  HUMAN_READABLE_GAP_MM,
  HUMAN_READABLE_HEIGHT_MM,
  isBitmapPixelBlack,
  type Code128Element,
  type Gs1_128Element,
  type ImageElement,
  type LabelLayout,
  type MonochromeBitmap,
  type TextElement,
} from './layout';
import { fitText, LINE_SPACING } from './text-fit';

/**
 * Layout → SVG preview for the UI, in label millimetres (viewBox = label size), so the screen
 * shows what the printer will. Barcodes come from bwip-js, which also validates GS1 data.
 */

/** Font 0 on Zebra printers puts the baseline about 80% down the character cell. */
export const BASELINE_RATIO = 0.8;
export const FONT_FAMILY = "'Arial Narrow','Helvetica Neue Condensed','Roboto Condensed',Arial,sans-serif";

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);
}

const num = (value: number) => String(Math.round(value * 1000) / 1000);

function textSvg(element: TextElement): string {
  const fitted = fitText(element);
  const align = element.align ?? 'left';
  const anchor = align === 'center' ? 'middle' : align === 'right' ? 'end' : 'start';
  const anchorX = align === 'center' ? element.x + element.maxWidthMm / 2 : align === 'right' ? element.x + element.maxWidthMm : element.x;
  const advance = fitted.heightMm * LINE_SPACING;
  let out = '';
  if (element.reverse) {
    out += `<rect x="${num(element.x)}" y="${num(element.y)}" width="${num(element.maxWidthMm)}" height="${num(advance * fitted.lines.length)}" fill="#000"/>`;
  }
  const fill = element.reverse ? '#fff' : '#000';
  fitted.lines.forEach((line, index) => {
    const baseline = element.y + index * advance + fitted.heightMm * BASELINE_RATIO;
    out += `<text x="${num(anchorX)}" y="${num(baseline)}" font-family="${FONT_FAMILY}" font-size="${num(fitted.heightMm)}" font-weight="${element.bold === false ? 'normal' : 'bold'}" text-anchor="${anchor}" fill="${fill}">${escapeXml(line)}</text>`;
  });
  return out;
}

/** Places a bwip-js SVG at a position and size in mm. */
function placeSymbol(symbol: BarcodeSymbol, x: number, y: number): string {
  return symbol.svg.replace('<svg ', `<svg x="${num(x)}" y="${num(y)}" width="${num(symbol.widthMm)}" height="${num(symbol.heightMm)}" preserveAspectRatio="none" `);
}

function linearBarcodeSvg(element: Code128Element | Gs1_128Element): string {
  const symbol = linearBarcodeSymbol(element);
  let out = placeSymbol(symbol, element.x, element.y);
  if (symbol.humanReadable !== null) {
    const baseline = element.y + element.heightMm + HUMAN_READABLE_GAP_MM + HUMAN_READABLE_HEIGHT_MM * BASELINE_RATIO;
    out += `<text x="${num(element.x + symbol.widthMm / 2)}" y="${num(baseline)}" font-family="${FONT_FAMILY}" font-size="${HUMAN_READABLE_HEIGHT_MM}" text-anchor="middle">${escapeXml(symbol.humanReadable)}</text>`;
  }
  return out;
}

/** One path of black runs per bitmap: crisp at any zoom and far smaller than a rect per pixel. */
export function bitmapToPath(bitmap: MonochromeBitmap): string {
  let path = '';
  for (let y = 0; y < bitmap.heightPx; y++) {
    let x = 0;
    while (x < bitmap.widthPx) {
      if (!isBitmapPixelBlack(bitmap, x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < bitmap.widthPx && isBitmapPixelBlack(bitmap, x, y)) x++;
      path += `M${start} ${y}h${x - start}v1h-${x - start}z`;
    }
  }
  return path;
}

function imageSvg(element: ImageElement): string {
  const { widthPx, heightPx } = element.bitmap;
  return `<svg x="${num(element.x)}" y="${num(element.y)}" width="${num(element.widthMm)}" height="${num(element.heightMm)}" viewBox="0 0 ${widthPx} ${heightPx}" preserveAspectRatio="none"><path d="${bitmapToPath(element.bitmap)}" fill="#000" shape-rendering="crispEdges"/></svg>`;
}

export function renderSvg(layout: LabelLayout): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(layout.widthMm)}mm" height="${num(layout.heightMm)}mm" viewBox="0 0 ${num(layout.widthMm)} ${num(layout.heightMm)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  for (const element of layout.elements) {
    switch (element.kind) {
      case 'text':
        parts.push(textSvg(element));
        break;
      case 'box': {
        const inset = element.filled ? 0 : element.thicknessMm / 2;
        const radius = ((element.rounding ?? 0) / 8) * (Math.min(element.widthMm, element.heightMm) / 2);
        const paint = element.filled ? 'fill="#000"' : `fill="none" stroke="#000" stroke-width="${num(element.thicknessMm)}"`;
        parts.push(`<rect x="${num(element.x + inset)}" y="${num(element.y + inset)}" width="${num(element.widthMm - 2 * inset)}" height="${num(element.heightMm - 2 * inset)}" rx="${num(radius)}" ${paint}/>`);
        break;
      }
      case 'line': {
        const horizontal = element.direction === 'horizontal';
        const width = horizontal ? element.lengthMm : element.thicknessMm;
        const height = horizontal ? element.thicknessMm : element.lengthMm;
        parts.push(`<rect x="${num(element.x)}" y="${num(element.y)}" width="${num(width)}" height="${num(height)}" fill="#000"/>`);
        break;
      }
      case 'code128':
      case 'gs1-128':
        parts.push(linearBarcodeSvg(element));
        break;
      case 'qr':
        parts.push(placeSymbol(qrSymbol(element), element.x, element.y));
        break;
      case 'image':
        parts.push(imageSvg(element));
        break;
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
