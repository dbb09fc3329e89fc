import { QUIET_ZONE_MODULES } from './barcode-placement';
import { encodeZplCode128, code128WidthModules } from './code128-zpl';
import { gs1DataStream, gs1HumanReadable } from './gs1';
import {
  bitmapBytesPerRow,
  HUMAN_READABLE_GAP_MM,
  HUMAN_READABLE_HEIGHT_MM,
  isBitmapPixelBlack,
  type BoxElement,
  type Code128Element,
  type Gs1_128Element,
  type ImageElement,
  type LabelLayout,
  type LineElement,
  type MonochromeBitmap,
  type QrElement,
  type TextElement,
} from './layout';
import { dotsPerMm, type ZplPrinterProfile } from './printer-profile';
import { fitText, LINE_SPACING } from './text-fit';

/**
 * Layout → ZPL II. Barcodes are left to the printer (^BC, ^BQ): it draws them at its own
 * resolution, so this path stays pure string building and renders a 4×6 label in microseconds.
 */

interface DotContext {
  perMm: number;
  /** ^PW, for keeping barcode quiet zones on the label. */
  widthDots: number;
  offsetX: number;
  offsetY: number;
}

const round = Math.round;

function origin(ctx: DotContext, xMm: number, yMm: number): string {
  return `^FO${Math.max(0, round(xMm * ctx.perMm) + ctx.offsetX)},${Math.max(0, round(yMm * ctx.perMm) + ctx.offsetY)}`;
}

function dots(ctx: DotContext, mm: number, minimum = 1): number {
  return Math.max(minimum, round(mm * ctx.perMm));
}

/**
 * ^FD text for a ^FB block: `\&` breaks lines, so backslashes are doubled, and ^/~ would start
 * commands, so they go through ^FH hex escapes (which are UTF-8 bytes under ^CI28).
 */
function fieldText(lines: string[]): { prefix: string; data: string } {
  return fieldHex(lines.map((line) => line.replace(/\\/g, '\\\\')).join('\\&'));
}

function fieldHex(data: string): { prefix: string; data: string } {
  if (!/[\^~]/.test(data)) return { prefix: '', data };
  return { prefix: '^FH', data: data.replace(/_/g, '_5F').replace(/\^/g, '_5E').replace(/~/g, '_7E') };
}

const JUSTIFY = { left: 'L', center: 'C', right: 'R' } as const;

function textZpl(ctx: DotContext, element: TextElement): string {
  const fitted = fitText(element);
  const height = dots(ctx, fitted.heightMm);
  const width = dots(ctx, element.maxWidthMm);
  const lineGap = round(height * (LINE_SPACING - 1));
  const { prefix, data } = fieldText(fitted.lines);
  let out = '';
  if (element.reverse) {
    const blockHeight = fitted.lines.length * (height + lineGap);
    out += `${origin(ctx, element.x, element.y)}^GB${width},${blockHeight},${blockHeight},B,0^FS`;
  }
  const reverse = element.reverse ? '^FR' : '';
  out += `${origin(ctx, element.x, element.y)}^A0N,${height},${height}^FB${width},${fitted.lines.length},${lineGap},${JUSTIFY[element.align ?? 'left']},0${reverse}${prefix}^FD${data}^FS`;
  return out;
}

function boxZpl(ctx: DotContext, element: BoxElement): string {
  const width = dots(ctx, element.widthMm);
  const height = dots(ctx, element.heightMm);
  const thickness = element.filled ? Math.min(width, height) : dots(ctx, element.thicknessMm);
  const rounding = Math.min(8, Math.max(0, round(element.rounding ?? 0)));
  return `${origin(ctx, element.x, element.y)}^GB${width},${height},${thickness},B,${rounding}^FS`;
}

function lineZpl(ctx: DotContext, element: LineElement): string {
  const length = dots(ctx, element.lengthMm);
  const thickness = dots(ctx, element.thicknessMm);
  const [width, height] = element.direction === 'horizontal' ? [length, thickness] : [thickness, length];
  return `${origin(ctx, element.x, element.y)}^GB${width},${height},${thickness},B,0^FS`;
}

function humanReadableZpl(ctx: DotContext, text: string, xMm: number, yMm: number, widthDots: number): string {
  const height = dots(ctx, HUMAN_READABLE_HEIGHT_MM);
  const { prefix, data } = fieldText([text]);
  return `${origin(ctx, xMm, yMm)}^A0N,${height},${height}^FB${widthDots},1,0,C,0${prefix}^FD${data}^FS`;
}

function barcodeZpl(
  ctx: DotContext,
  element: Code128Element | Gs1_128Element,
  tokens: Parameters<typeof encodeZplCode128>[0],
  humanReadable: string,
): string {
  const height = dots(ctx, element.heightMm);
  const encoding = encodeZplCode128(tokens);
  const modules = code128WidthModules(encoding.symbolCharacterCount);
  const originX = Math.max(0, round(element.x * ctx.perMm) + ctx.offsetX);
  // Nearest whole dot, unless rounding up would push bars into a quiet zone (10 modules each side,
  // which the layout left in mm): then round down. Never below one dot.
  let moduleDots = Math.min(10, dots(ctx, element.moduleMm));
  const quietFits = (m: number) => originX >= QUIET_ZONE_MODULES * m && originX + (modules + QUIET_ZONE_MODULES) * m <= ctx.widthDots;
  if (!quietFits(moduleDots) && moduleDots > 1 && quietFits(moduleDots - 1)) moduleDots -= 1;
  let out = `^BY${moduleDots},3,${height}${origin(ctx, element.x, element.y)}^BCN,${height},N,N,N,N${encoding.needsFieldHex ? '^FH' : ''}^FD${encoding.fieldData}^FS`;
  if (element.humanReadable ?? true) {
    const widthDots = modules * moduleDots;
    out += humanReadableZpl(ctx, humanReadable, element.x, element.y + element.heightMm + HUMAN_READABLE_GAP_MM, widthDots);
  }
  return out;
}

function qrZpl(ctx: DotContext, element: QrElement): string {
  const magnification = Math.min(10, dots(ctx, element.moduleMm));
  const { prefix, data } = fieldHex(element.data);
  return `${origin(ctx, element.x, element.y)}^BQN,2,${magnification}${prefix}^FD${element.errorCorrection ?? 'M'}A,${data}^FS`;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).toUpperCase().padStart(2, '0'));
const graphicCache = new WeakMap<MonochromeBitmap, Map<string, string>>();

/** Nearest-neighbour scale to the target dot size, then ^GFA hex; cached because logos repeat on every label. */
function graphicField(bitmap: MonochromeBitmap, widthDots: number, heightDots: number): string {
  const key = `${widthDots}x${heightDots}`;
  let perBitmap = graphicCache.get(bitmap);
  const cached = perBitmap?.get(key);
  if (cached) return cached;
  const sameSize = widthDots === bitmap.widthPx && heightDots === bitmap.heightPx;
  const bytesPerRow = Math.ceil(widthDots / 8);
  const hex: string[] = [];
  for (let y = 0; y < heightDots; y++) {
    const sourceY = Math.min(bitmap.heightPx - 1, Math.floor((y * bitmap.heightPx) / heightDots));
    for (let byteIndex = 0; byteIndex < bytesPerRow; byteIndex++) {
      let byte = 0;
      if (sameSize) {
        byte = bitmap.data[sourceY * bitmapBytesPerRow(bitmap) + byteIndex] ?? 0;
      } else {
        for (let bit = 0; bit < 8; bit++) {
          const x = byteIndex * 8 + bit;
          if (x >= widthDots) break;
          const sourceX = Math.min(bitmap.widthPx - 1, Math.floor((x * bitmap.widthPx) / widthDots));
          if (isBitmapPixelBlack(bitmap, sourceX, sourceY)) byte |= 0x80 >> bit;
        }
      }
      hex.push(HEX[byte]);
    }
  }
  const total = bytesPerRow * heightDots;
  const field = `^GFA,${total},${total},${bytesPerRow},${hex.join('')}`;
  if (!perBitmap) {
    perBitmap = new Map();
    graphicCache.set(bitmap, perBitmap);
  }
  perBitmap.set(key, field);
  return field;
}

function imageZpl(ctx: DotContext, element: ImageElement): string {
  const field = graphicField(element.bitmap, dots(ctx, element.widthMm), dots(ctx, element.heightMm));
  return `${origin(ctx, element.x, element.y)}${field}^FS`;
}

export function renderZpl(layout: LabelLayout, profile: ZplPrinterProfile): string {
  const perMm = dotsPerMm(profile);
  // Rounded to 4 decimals first so 101.6 mm × 203/25.4 lands on 812, not 811.99… floored to 811.
  const widthDots = Math.floor(Number(((profile.labelWidthMm ?? layout.widthMm) * perMm).toFixed(4)));
  const heightDots = Math.floor(Number(((profile.labelHeightMm ?? layout.heightMm) * perMm).toFixed(4)));
  const ctx: DotContext = {
    perMm,
    widthDots,
    offsetX: round((profile.offsetXMm ?? 0) * perMm),
    offsetY: round((profile.offsetYMm ?? 0) * perMm),
  };
  let out = '';
  if (profile.darkness !== undefined) {
    out += `~SD${String(Math.min(30, Math.max(0, round(profile.darkness)))).padStart(2, '0')}`;
  }
  out += `^XA^CI28^PW${widthDots}^LL${heightDots}^LH0,0`;
  if (profile.printSpeedIps !== undefined) out += `^PR${round(profile.printSpeedIps)}`;
  out += '\n';
  for (const element of layout.elements) {
    switch (element.kind) {
      case 'text':
        out += textZpl(ctx, element);
        break;
      case 'box':
        out += boxZpl(ctx, element);
        break;
      case 'line':
        out += lineZpl(ctx, element);
        break;
      case 'code128':
        out += barcodeZpl(ctx, element, [element.data], element.data);
        break;
      case 'gs1-128':
        out += barcodeZpl(ctx, element, gs1DataStream(element.elements), gs1HumanReadable(element.elements));
        break;
      case 'qr':
        out += qrZpl(ctx, element);
        break;
      case 'image':
        out += imageZpl(ctx, element);
        break;
    }
    out += '\n';
  }
  return `${out}^XZ\n`;
}
