/**
 * The label layout model: plain, serialisable data that every renderer (ZPL, SVG, PDF) reads.
 * All positions and sizes are millimetres from the top-left corner of the label, so one layout
 * prints the same physical size on a 203 dpi and a 300 dpi printer.
 */

export type TextAlign = 'left' | 'center' | 'right';

export interface TextElement {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  /** Cap-to-descender height of one line. */
  heightMm: number;
  /** The text wraps inside this width and never runs past it. */
  maxWidthMm: number;
  /** Lines allowed before the font shrinks (default 1). */
  maxLines?: number;
  /** Smallest height shrink-to-fit may go to; below it the text is truncated with an ellipsis. */
  minHeightMm?: number;
  /** The wrapped block must fit in this height too (lines × height × line spacing), so wrapping never runs into what is below. */
  maxBlockHeightMm?: number;
  align?: TextAlign;
  bold?: boolean;
  /** White text on a black bar (ZPL ^FR). */
  reverse?: boolean;
}

export interface BoxElement {
  kind: 'box';
  x: number;
  y: number;
  widthMm: number;
  heightMm: number;
  thicknessMm: number;
  /** Corner rounding 0–8, the ZPL ^GB scale. */
  rounding?: number;
  filled?: boolean;
}

export interface LineElement {
  kind: 'line';
  x: number;
  y: number;
  /** Lines are horizontal or vertical: that is all a thermal label ever needs. */
  direction: 'horizontal' | 'vertical';
  lengthMm: number;
  thicknessMm: number;
}

export interface Code128Element {
  kind: 'code128';
  x: number;
  y: number;
  data: string;
  heightMm: number;
  /** Narrow bar width; snapped to whole printer dots. */
  moduleMm: number;
  humanReadable?: boolean;
}

export interface Gs1ElementString {
  ai: string;
  value: string;
}

export interface Gs1_128Element {
  kind: 'gs1-128';
  x: number;
  y: number;
  elements: Gs1ElementString[];
  heightMm: number;
  moduleMm: number;
  humanReadable?: boolean;
}

export interface QrElement {
  kind: 'qr';
  x: number;
  y: number;
  data: string;
  /** Size of one QR module; snapped to whole printer dots (ZPL magnification). */
  moduleMm: number;
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
}

/** 1 bit per pixel, rows packed MSB-first and padded to whole bytes, 1 = black. */
export interface MonochromeBitmap {
  widthPx: number;
  heightPx: number;
  data: Uint8Array;
}

export interface ImageElement {
  kind: 'image';
  x: number;
  y: number;
  widthMm: number;
  heightMm: number;
  bitmap: MonochromeBitmap;
}

export type LabelElement =
  | TextElement
  | BoxElement
  | LineElement
  | Code128Element
  | Gs1_128Element
  | QrElement
  | ImageElement;

export interface LabelLayout {
  widthMm: number;
  heightMm: number;
  elements: LabelElement[];
}

export const MM_PER_INCH = 25.4;

export const LABEL_4X6_MM = { widthMm: 101.6, heightMm: 152.4 } as const;

export function bitmapBytesPerRow(bitmap: MonochromeBitmap): number {
  return Math.ceil(bitmap.widthPx / 8);
}

export function isBitmapPixelBlack(bitmap: MonochromeBitmap, x: number, y: number): boolean {
  const byte = bitmap.data[y * bitmapBytesPerRow(bitmap) + (x >> 3)];
  return ((byte >> (7 - (x & 7))) & 1) === 1;
}

/** Human-readable line under linear barcodes, drawn by us so every renderer prints the same text. */
export const HUMAN_READABLE_HEIGHT_MM = 2.8;
export const HUMAN_READABLE_GAP_MM = 0.8;
