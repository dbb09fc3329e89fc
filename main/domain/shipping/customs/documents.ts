import type PDFDocument from 'pdfkit';
import { fromMinor } from '../../../../shared/money';
import { pdfDocumentClass } from '../../../devices/lazy-modules';
import type { CustomsDeclaration, ContentsType } from './declaration';

/**
 * The paper a customs declaration travels on, as PDF: the CN22 (items up to 300 SDR, A6, stuck on
 * the parcel) or the CN23 (above, A4, in a pouch), and the commercial invoice the courier and the
 * destination's customs read for duties. Text is real PDF text (Helvetica), so what the form says
 * can be checked with pdftotext, and an office printer prints it through the print queue.
 */

export type CustomsDocumentKind = 'cn22' | 'cn23' | 'commercial_invoice';

const CONTENTS_LABEL: Record<ContentsType, string> = {
  merchandise: 'Sale of goods',
  gift: 'Gift',
  documents: 'Documents',
  sample: 'Commercial sample',
  returned_goods: 'Returned goods',
};

const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
const A6: [number, number] = [105 * MM, 148 * MM];

// Customs officers read plain decimals and the ISO code, whatever the shop's locale; the currency's own decimals (JPY none).
const amount = (minor: number, currency: string) => `${fromMinor(minor, currency)} ${currency}`;
const kg = (grams: number) => `${(grams / 1000).toFixed(3)} kg`;

/** Which documents a declaration needs: its CN form, and the commercial invoice for anything but documents. */
export function documentsFor(declaration: CustomsDeclaration): CustomsDocumentKind[] {
  const form: CustomsDocumentKind = declaration.form === 'CN22' ? 'cn22' : 'cn23';
  return declaration.contentsType === 'documents' ? [form] : [form, 'commercial_invoice'];
}

function collect(doc: PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Writes rows top to bottom, starting a new page when one is full. */
class Writer {
  y: number;
  constructor(
    readonly doc: PDFDocument,
    readonly margin: number,
    readonly width: number,
    readonly height: number,
  ) {
    this.y = margin;
  }
  line(text: string, size = 9, x = this.margin, width?: number): void {
    if (this.y + size * 1.4 > this.height - this.margin) {
      (this.doc as unknown as { addPage(o: unknown): void }).addPage({ size: [this.width, this.height], margin: this.margin });
      this.y = this.margin;
    }
    this.doc.fontSize(size).text(text, x, this.y, { width: width ?? this.width - x - this.margin, lineBreak: false });
    this.y += size * 1.4;
  }
  gap(points = 6): void {
    this.y += points;
  }
  rule(): void {
    this.doc.moveTo(this.margin, this.y).lineTo(this.width - this.margin, this.y).lineWidth(0.5).stroke('#000');
    this.y += 4;
  }
  /** A row of cells at fixed x offsets (a table without borders). */
  row(cells: [string, number][], size = 8): void {
    const startY = this.y;
    for (const [text, x] of cells) {
      this.y = startY;
      this.line(text, size, this.margin + x);
    }
  }
}

function party(w: Writer, title: string, p: CustomsDeclaration['sender']): void {
  w.line(title, 7);
  w.line(p.name, 9);
  for (const l of p.lines) w.line(l, 9);
  w.line(p.country, 9);
}

function taxIdLines(w: Writer, d: CustomsDeclaration): void {
  for (const t of d.taxIds) w.line(`Sender ${t.type}: ${t.number}`, 9);
}

function cnForm(w: Writer, d: CustomsDeclaration, kind: 'cn22' | 'cn23'): void {
  const wide = kind === 'cn23';
  w.line(kind === 'cn22' ? 'CUSTOMS DECLARATION CN 22' : 'CUSTOMS DECLARATION CN 23', 13);
  w.line('May be opened officially', 8);
  w.line(`Order ${d.orderNumber}`, 8);
  w.rule();
  if (wide) {
    party(w, 'From (sender)', d.sender);
    w.gap();
    party(w, 'To (addressee)', d.recipient);
    w.rule();
  }
  w.line(`Category of item: ${CONTENTS_LABEL[d.contentsType]}`, 9);
  w.gap(2);
  // The A6 CN22 has 269 pt of width: a smaller type and tighter columns than the A4 CN23.
  const cols: number[] = wide ? [0, 200, 270, 340, 440] : [0, 98, 116, 150, 198];
  const size = wide ? 7 : 6;
  w.row([
    ['Description of contents', cols[0]],
    ['Qty', cols[1]],
    ['Net weight', cols[2]],
    ['Value', cols[3]],
    ['HS no. / Origin', cols[4]],
  ], size);
  for (const item of d.items) {
    w.row([
      [item.description, cols[0]],
      [String(item.quantity), cols[1]],
      [kg(item.weightG), cols[2]],
      [amount(item.valueCents, d.currency), cols[3]],
      [`${item.hsCode} / ${item.originCountry}`, cols[4]],
    ], size);
  }
  w.rule();
  w.line(`Total gross weight: ${kg(d.totalWeightG)}`, 9);
  w.line(`Total value: ${amount(d.totalValueCents, d.currency)}`, 9);
  if (wide) {
    w.line(`Terms of delivery: ${d.incoterm}`, 9);
    w.line('In case of non-delivery: return to sender', 9);
  }
  taxIdLines(w, d);
  w.gap();
  w.line('I certify that the particulars given in this declaration are correct', 7);
  w.line('and that this item does not contain any dangerous article.', 7);
  w.line(`Date and sender's signature: ${d.date} ${d.signer}`, 8);
}

function commercialInvoice(w: Writer, d: CustomsDeclaration): void {
  w.line('COMMERCIAL INVOICE', 14);
  w.line(`Invoice number: ${d.orderNumber}    Date: ${d.date}`, 9);
  w.line(`Currency: ${d.currency}    Terms of delivery (Incoterm): ${d.incoterm}    Reason for export: ${CONTENTS_LABEL[d.contentsType]}`, 9);
  w.rule();
  party(w, 'Exporter / shipper', d.sender);
  taxIdLines(w, d);
  w.gap();
  party(w, 'Consignee', d.recipient);
  w.rule();
  const cols = [0, 70, 230, 300, 340, 400, 460];
  w.row([
    ['SKU', cols[0]],
    ['Description', cols[1]],
    ['HS code', cols[2]],
    ['Origin', cols[3]],
    ['Qty', cols[4]],
    ['Unit value', cols[5]],
    ['Line value', cols[6]],
  ], 7);
  for (const i of d.items) {
    const unit = Math.round(i.valueCents / i.quantity);
    w.row([
      [i.sku, cols[0]],
      [i.description, cols[1]],
      [i.hsCode, cols[2]],
      [i.originCountry, cols[3]],
      [String(i.quantity), cols[4]],
      [amount(unit, d.currency), cols[5]],
      [amount(i.valueCents, d.currency), cols[6]],
    ], 7);
  }
  w.rule();
  w.line(`Total value: ${amount(d.totalValueCents, d.currency)}`, 10);
  w.line(`Total net weight: ${kg(d.totalWeightG)}    Packages: 1`, 9);
  w.gap();
  w.line('I declare that the information on this invoice is true and correct.', 8);
  w.line(`Signature: ${d.signer}    Date: ${d.date}`, 9);
}

/** One customs document as PDF bytes. */
export function renderCustomsPdf(d: CustomsDeclaration, kind: CustomsDocumentKind): Promise<Buffer> {
  const size = kind === 'cn22' ? A6 : A4;
  const margin = kind === 'cn22' ? 5 * MM : 15 * MM;
  const PDF = pdfDocumentClass();
  const doc = new PDF({ size, margin, info: { Title: `${kind.toUpperCase()} ${d.orderNumber}` } });
  doc.font('Helvetica');
  const w = new Writer(doc, margin, size[0], size[1]);
  if (kind === 'commercial_invoice') commercialInvoice(w, d);
  else cnForm(w, d, kind);
  return collect(doc);
}
