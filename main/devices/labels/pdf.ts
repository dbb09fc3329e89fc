import { existsSync } from 'node:fs';
import type PDFDocument from 'pdfkit';
import { pdfDocumentClass } from '../lazy-modules';
import { linearBarcodeSymbol, qrSymbol, symbolSizeInModules, type BarcodeSymbol } from './barcode-symbols';
import { HUMAN_READABLE_GAP_MM, HUMAN_READABLE_HEIGHT_MM, isBitmapPixelBlack, MM_PER_INCH, type LabelLayout, type TextElement } from './layout';
import { fitText, LINE_SPACING } from './text-fit';

/**
 * Layout → PDF, for printers that only take PDF through the OS driver (DYMO, Rollo) and for
 * "save label" in the UI. Barcodes are drawn as vectors from bwip-js paths, so they stay sharp
 * whatever the printer's resolution.
 */

export interface PdfRenderOptions {
  /** A TrueType font that covers the shop's scripts; the built-in Helvetica only covers Latin-1. */
  fontPath?: string;
}

export const PT_PER_MM = 72 / MM_PER_INCH;
export const pt = (mm: number) => mm * PT_PER_MM;

const UNICODE_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf',
  '/Library/Fonts/Arial Unicode.ttf',
  'C:\\Windows\\Fonts\\arialbd.ttf',
];

let discoveredFont: string | null | undefined;

export function unicodeFont(): string | null {
  if (discoveredFont === undefined) discoveredFont = UNICODE_FONT_CANDIDATES.find((path) => existsSync(path)) ?? null;
  return discoveredFont;
}

export const LATIN_1 = /^[\x20-\x7e\xa0-\xff\n]*$/;

export function chooseFont(layouts: LabelLayout | LabelLayout[], options: PdfRenderOptions): string {
  if (options.fontPath) return options.fontPath;
  const needsUnicode = [layouts].flat().flatMap((layout) => layout.elements).some((element) => element.kind === 'text' && !LATIN_1.test(element.text));
  return (needsUnicode && unicodeFont()) || 'Helvetica-Bold';
}

function drawText(doc: PDFDocument, element: TextElement): void {
  const fitted = fitText(element);
  const advance = fitted.heightMm * LINE_SPACING;
  if (element.reverse) {
    doc.rect(pt(element.x), pt(element.y), pt(element.maxWidthMm), pt(advance * fitted.lines.length)).fill('#000');
  }
  doc.fillColor(element.reverse ? '#fff' : '#000');
  fitted.lines.forEach((line, index) => {
    // Line breaks were chosen from condensed-font estimates (ZPL font 0); the PDF's font may be
    // wider. A line that would run past its box is set smaller, never cut or pushed off the label.
    doc.fontSize(pt(fitted.heightMm));
    const width = doc.widthOfString(line);
    if (width > pt(element.maxWidthMm)) doc.fontSize((pt(fitted.heightMm) * pt(element.maxWidthMm) * 0.99) / width);
    doc.text(line, pt(element.x), pt(element.y + index * advance), {
      width: pt(element.maxWidthMm),
      align: element.align ?? 'left',
      lineBreak: false,
    });
  });
  doc.fillColor('#000');
}

const PATH_TAG = /<path([^>]*)\/>/g;

/** Replays bwip-js's SVG paths (stroked bars for linear codes, filled squares for QR) in PDF space. */
export function drawSymbol(doc: PDFDocument, symbol: BarcodeSymbol, xMm: number, yMm: number): void {
  const modules = symbolSizeInModules(symbol.svg);
  doc.save().translate(pt(xMm), pt(yMm)).scale(pt(symbol.widthMm) / modules.width, pt(symbol.heightMm) / modules.height);
  for (const [, attributes] of symbol.svg.matchAll(PATH_TAG)) {
    const d = /\bd="([^"]+)"/.exec(attributes)?.[1];
    if (!d) continue;
    const strokeWidth = /stroke-width="([\d.]+)"/.exec(attributes)?.[1];
    if (strokeWidth) doc.path(d).lineWidth(Number(strokeWidth)).stroke('#000');
    else doc.path(d).fill('#000');
  }
  doc.restore();
  if (symbol.humanReadable !== null) {
    doc.fontSize(pt(HUMAN_READABLE_HEIGHT_MM)).text(symbol.humanReadable, pt(xMm), pt(yMm + symbol.heightMm + HUMAN_READABLE_GAP_MM), {
      width: pt(symbol.widthMm),
      align: 'center',
      lineBreak: false,
    });
  }
}

/** Draws a layout with its top-left corner at the current origin (translate first to place it on a page). */
export function drawLayout(doc: PDFDocument, layout: LabelLayout): void {
  for (const element of layout.elements) {
    switch (element.kind) {
      case 'text':
        drawText(doc, element);
        break;
      case 'box': {
        const { x, y, widthMm, heightMm } = element;
        const radius = pt(((element.rounding ?? 0) / 8) * (Math.min(widthMm, heightMm) / 2));
        if (element.filled) {
          doc.roundedRect(pt(x), pt(y), pt(widthMm), pt(heightMm), radius).fill('#000');
        } else {
          const inset = element.thicknessMm / 2;
          doc
            .roundedRect(pt(x + inset), pt(y + inset), pt(widthMm - 2 * inset), pt(heightMm - 2 * inset), radius)
            .lineWidth(pt(element.thicknessMm))
            .stroke('#000');
        }
        break;
      }
      case 'line': {
        const horizontal = element.direction === 'horizontal';
        const width = horizontal ? element.lengthMm : element.thicknessMm;
        const height = horizontal ? element.thicknessMm : element.lengthMm;
        doc.rect(pt(element.x), pt(element.y), pt(width), pt(height)).fill('#000');
        break;
      }
      case 'code128':
      case 'gs1-128':
        drawSymbol(doc, linearBarcodeSymbol(element), element.x, element.y);
        break;
      case 'qr':
        drawSymbol(doc, qrSymbol(element), element.x, element.y);
        break;
      case 'image': {
        const { bitmap } = element;
        const pixelWidth = pt(element.widthMm) / bitmap.widthPx;
        const pixelHeight = pt(element.heightMm) / bitmap.heightPx;
        for (let y = 0; y < bitmap.heightPx; y++) {
          let x = 0;
          while (x < bitmap.widthPx) {
            if (!isBitmapPixelBlack(bitmap, x, y)) {
              x++;
              continue;
            }
            const start = x;
            while (x < bitmap.widthPx && isBitmapPixelBlack(bitmap, x, y)) x++;
            doc.rect(pt(element.x) + start * pixelWidth, pt(element.y) + y * pixelHeight, (x - start) * pixelWidth, pixelHeight);
          }
        }
        doc.fill('#000');
        break;
      }
    }
  }
}

/**
 * Runs `draw` on a new document and resolves with its bytes. The first page has `size` (points);
 * `draw` adds any further pages itself.
 */
export function buildPdf(size: [number, number], draw: (doc: PDFDocument) => void, info: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const doc = new (pdfDocumentClass())({ size, margin: 0, info: { Producer: 'Shipshape', ...info } });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

export function renderPdf(layout: LabelLayout, options: PdfRenderOptions = {}): Promise<Buffer> {
  return buildPdf([pt(layout.widthMm), pt(layout.heightMm)], (doc) => {
    doc.font(chooseFont(layout, options));
    drawLayout(doc, layout);
  });
}
