// pdfkit 0.17 ships no type declarations and @types/pdfkit is not installed; this covers the
// small surface renderPdf uses. Delete it if @types/pdfkit is ever added.
declare module 'pdfkit' {
  import type { Readable } from 'node:stream';

  interface PDFDocumentOptions {
    size?: [number, number] | string;
    margin?: number;
    autoFirstPage?: boolean;
    compress?: boolean;
    info?: Record<string, string | Date>;
  }

  interface TextOptions {
    width?: number;
    height?: number;
    ellipsis?: boolean | string;
    continued?: boolean;
    align?: 'left' | 'center' | 'right' | 'justify';
    lineBreak?: boolean;
    baseline?: 'top' | 'middle' | 'bottom' | 'alphabetic' | 'hanging';
  }

  interface ImageOptions {
    fit?: [number, number];
    width?: number;
    height?: number;
    align?: 'left' | 'center' | 'right';
    valign?: 'top' | 'center' | 'bottom';
  }

  class PDFDocument extends Readable {
    constructor(options?: PDFDocumentOptions);
    y: number;
    addPage(options?: PDFDocumentOptions): this;
    image(source: string | Buffer, x?: number, y?: number, options?: ImageOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    widthOfString(text: string): number;
    rotate(angle: number, options?: { origin?: [number, number] }): this;
    dash(length: number, options?: { space?: number }): this;
    undash(): this;
    font(source: string | Buffer): this;
    fontSize(size: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    rect(x: number, y: number, width: number, height: number): this;
    roundedRect(x: number, y: number, width: number, height: number, radius: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    path(svgPath: string): this;
    lineWidth(width: number): this;
    fill(color?: string): this;
    stroke(color?: string): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    save(): this;
    restore(): this;
    translate(x: number, y: number): this;
    scale(xFactor: number, yFactor?: number): this;
    end(): void;
  }

  export default PDFDocument;
}
