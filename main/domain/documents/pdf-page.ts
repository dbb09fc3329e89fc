import { existsSync } from 'node:fs';
import type PDFDocument from 'pdfkit';
import type { PaperSize } from '../../../shared/api/documents';
import { LATIN_1, MM_PER_INCH, PAPER_MM } from '../../devices/labels';

/**
 * Shared page furniture for office documents (packing slips, pick lists): paper in points, the
 * fonts (pdfkit's Helvetica covers Latin-1 only; names in other scripts need an embedded font),
 * and a cursor that starts a new page when the next block would not fit.
 */
export const PT_PER_MM = 72 / MM_PER_INCH;

export function paperPoints(paper: PaperSize): [number, number] {
  const { widthMm, heightMm } = PAPER_MM[paper];
  return [widthMm * PT_PER_MM, heightMm * PT_PER_MM];
}

export const PAGE_MARGIN_PT = 15 * PT_PER_MM;

export interface Fonts {
  regular: string;
  bold: string;
}

const UNICODE_PAIRS: [string, string][] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
  ['/Library/Fonts/Arial Unicode.ttf', '/Library/Fonts/Arial Unicode.ttf'],
];

/** Helvetica when every string is Latin-1 (smallest file, text extracts cleanly); otherwise an embedded Unicode font if the machine has one. */
export function fontsFor(texts: string[]): Fonts {
  if (texts.every((t) => LATIN_1.test(t))) return { regular: 'Helvetica', bold: 'Helvetica-Bold' };
  const pair = UNICODE_PAIRS.find(([r, b]) => existsSync(r) && existsSync(b));
  return pair ? { regular: pair[0], bold: pair[1] } : { regular: 'Helvetica', bold: 'Helvetica-Bold' };
}

/** A top-to-bottom writer over pages of one size. */
export class PageCursor {
  y = PAGE_MARGIN_PT;
  pages = 1;
  constructor(
    readonly doc: PDFDocument,
    readonly size: [number, number],
    /** Called on each new page (repeat a table header, say). */
    private readonly onNewPage: () => void = () => undefined,
  ) {}

  get width(): number {
    return this.size[0] - 2 * PAGE_MARGIN_PT;
  }

  /** Makes sure `heightPt` fits below the cursor, starting a new page if not. */
  need(heightPt: number): void {
    if (this.y + heightPt <= this.size[1] - PAGE_MARGIN_PT) return;
    this.doc.addPage({ size: this.size, margin: 0 });
    this.pages++;
    this.y = PAGE_MARGIN_PT;
    this.onNewPage();
  }

  rule(thickness = 0.75): void {
    this.doc.rect(PAGE_MARGIN_PT, this.y, this.width, thickness).fill('#000');
    this.y += thickness + 6;
  }
}
