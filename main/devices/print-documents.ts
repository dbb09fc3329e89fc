import type { PrinterRow } from '../store/schema';
import {
  escapeXml,
  renderEscPos,
  renderLabelsPdf,
  renderSvg,
  renderZpl,
  testLabel,
  type LabelLayout,
  type LabelPaper,
  type LabelSize,
  type ReceiptBlock,
  type ReceiptDocument,
  type ZplPrinterProfile,
} from './labels';

/**
 * What a print job was rendered from, kept beside its bytes: the preview in the UI is drawn from
 * the same document the printer's bytes came from, and never re-rendered for a reprint (a reprint
 * sends the stored bytes).
 */
export type PrintDocument =
  | { format: 'label'; layout: LabelLayout }
  | { format: 'receipt'; receipt: ReceiptDocument }
  /** A PDF document (packing slip, pick list, customs form) for a system printer: no layout to redraw. */
  | { format: 'pdf'; kind?: string; title?: string; pages?: number };

export interface RenderedJob {
  contentType: 'zpl' | 'escpos' | 'pdf';
  payload: Buffer;
  document: PrintDocument;
}

/**
 * Label stock is stored in whole millimetres; inch stock (4×6 in = 101.6 × 152.4 mm) is stored as
 * 102 × 152. Snapping back to the exact quarter inch keeps ^PW/^LL at the printer's true 812 × 1218
 * dots. Metric stock (50 × 30 mm) is more than half a millimetre from any quarter inch and stays as is.
 */
export function physicalMm(mm: number): number {
  const exact = (Math.round((mm / 25.4) * 4) * 25.4) / 4;
  return exact > 0 && Math.abs(exact - mm) <= 0.5 ? exact : mm;
}

export function labelSizeOf(printer: PrinterRow): LabelSize {
  return { widthMm: physicalMm(printer.label_width_mm), heightMm: physicalMm(printer.label_height_mm) };
}

export function zplProfileOf(printer: PrinterRow): ZplPrinterProfile {
  return {
    dpi: printer.dpi as ZplPrinterProfile['dpi'],
    darkness: printer.darkness ?? undefined,
    offsetXMm: printer.offset_x_mm,
    offsetYMm: printer.offset_y_mm,
  };
}

/** Receipt paper: 48 characters per line on 80 mm rolls, 32 on 58 mm. */
function receiptWidthChars(printer: PrinterRow): number {
  return printer.label_width_mm >= 72 ? 48 : 32;
}

/** A PDF for a system printer; label PDFs keep their layout so the queue's preview shows the label. */
export function pdfJob(pdf: Buffer, document: { title: string; layout?: LabelLayout }): RenderedJob {
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return { contentType: 'pdf', payload: pdf, document: document.layout ? { format: 'label', layout: document.layout } : { format: 'pdf', title: document.title, pages } };
}

/** What label pages a system printer's paper makes: A4 or Letter sheets take two labels, anything else one label per page. */
export function labelPaperOf(printer: PrinterRow): LabelPaper {
  const near = (a: number, b: number) => Math.abs(a - b) <= 3;
  if (near(printer.label_width_mm, 210) && near(printer.label_height_mm, 297)) return 'A4';
  if (near(printer.label_width_mm, 216) && near(printer.label_height_mm, 279)) return 'Letter';
  return '4x6';
}

/** Labels for a system printer: one PDF (one label per page, or two per A4/Letter sheet). */
export async function renderLabelsPdfFor(printer: PrinterRow, layouts: LabelLayout[], title: string): Promise<RenderedJob> {
  const pdf = await renderLabelsPdf(layouts, labelPaperOf(printer));
  return pdfJob(pdf, { title, layout: layouts.length === 1 ? layouts[0] : undefined });
}

export function renderLabelFor(printer: PrinterRow, layout: LabelLayout): RenderedJob {
  if (printer.language !== 'zpl') {
    throw new Error(`${printer.name} is a receipt (ESC/POS) printer; labels need a ZPL label printer`);
  }
  return { contentType: 'zpl', payload: Buffer.from(renderZpl(layout, zplProfileOf(printer)), 'utf8'), document: { format: 'label', layout } };
}

export function renderReceiptFor(printer: PrinterRow, receipt: ReceiptDocument): RenderedJob {
  const sized = { ...receipt, widthChars: receipt.widthChars ?? receiptWidthChars(printer) };
  return { contentType: 'escpos', payload: renderEscPos(sized), document: { format: 'receipt', receipt: sized } };
}

/** The test print for a printer in its own language and on its own stock. */
export function renderTestPrint(printer: PrinterRow, at: Date): RenderedJob {
  if (printer.language === 'zpl') return renderLabelFor(printer, testLabel({ printerName: printer.name, at }, labelSizeOf(printer)));
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: 'Shipshape test print', align: 'center', bold: true, size: 'double-height' },
    { kind: 'text', text: printer.name, align: 'center' },
    { kind: 'text', text: at.toISOString(), align: 'center' },
    { kind: 'rule' },
    // Non-ASCII proves the code page is right before customer names hit the printer.
    { kind: 'text', text: 'ÄÖÜ äöü ß é ñ €' },
    { kind: 'left-right', left: 'Left', right: 'Right' },
    { kind: 'code128', data: 'SHIPSHAPE-TEST' },
    { kind: 'qr', data: `shipshape:test:${printer.name}`, cellSize: 4 },
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  ];
  return renderReceiptFor(printer, { blocks });
}

// ---- storage: layouts carry bitmaps (Uint8Array), which JSON does not round-trip by itself ----

export function serialiseDocument(document: PrintDocument): string {
  return JSON.stringify(document, (_key, value) => (value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value));
}

export function parseDocument(text: string): PrintDocument {
  return JSON.parse(text, (_key, value) =>
    value && typeof value === 'object' && typeof value.$bytes === 'string' ? new Uint8Array(Buffer.from(value.$bytes, 'base64')) : value,
  ) as PrintDocument;
}

export function previewSvg(document: PrintDocument): string {
  if (document.format === 'label') return renderSvg(document.layout);
  if (document.format === 'receipt') return receiptPreviewSvg(document.receipt);
  return pdfPreviewSvg(document);
}

/** A PDF job's stand-in: what it is and how many pages (the PDF itself is what printed). */
function pdfPreviewSvg(document: { kind?: string; title?: string; pages?: number }): string {
  const title = document.title ?? document.kind ?? 'PDF document';
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297" viewBox="0 0 210 297" font-family="Arial,sans-serif">',
    '<rect x="0.5" y="0.5" width="209" height="296" fill="#fff" stroke="#000"/>',
    `<text x="105" y="140" text-anchor="middle" font-size="12">${escapeXml(title)}</text>`,
    `<text x="105" y="160" text-anchor="middle" font-size="9">PDF${document.pages ? `, ${document.pages} page${document.pages === 1 ? '' : 's'}` : ''}</text>`,
    '</svg>',
  ].join('');
}

/**
 * A receipt as the printer lays it out: fixed-pitch lines (font A, 12 dots wide on a 576-dot
 * 80 mm head). Barcodes and QR codes are drawn as labelled placeholders; the printer makes them.
 */
function receiptPreviewSvg(receipt: ReceiptDocument): string {
  const width = receipt.widthChars ?? 48;
  const charW = 6;
  const lineH = 12;
  const lines: { text: string; align: 'left' | 'center' | 'right'; bold?: boolean; scale?: number; box?: string }[] = [];
  const pad = (left: string, right: string) => left + ' '.repeat(Math.max(1, width - left.length - right.length)) + right;
  for (const block of receipt.blocks) {
    switch (block.kind) {
      case 'text': {
        const scale = block.size === 'double-height' || block.size === 'quad' ? 2 : 1;
        lines.push({ text: block.text, align: block.align ?? 'left', bold: block.bold, scale });
        break;
      }
      case 'left-right':
        lines.push({ text: pad(block.left, block.right), align: 'left', bold: block.bold });
        break;
      case 'columns':
        lines.push({ text: block.cells.map((c) => c.text).join('  '), align: 'left' });
        break;
      case 'rule':
        lines.push({ text: (block.character ?? '-').repeat(width), align: 'left' });
        break;
      case 'code128':
        lines.push({ text: block.data, align: 'center', box: 'barcode' });
        break;
      case 'qr':
        lines.push({ text: 'QR', align: 'center', box: 'qr' });
        break;
      case 'feed':
        for (let i = 0; i < (block.lines ?? 1); i++) lines.push({ text: '', align: 'left' });
        break;
      case 'cut':
        lines.push({ text: '✂ '.repeat(Math.floor(width / 2)), align: 'left' });
        break;
      case 'open-cash-drawer':
        break;
    }
  }
  const svgWidth = width * charW + 16;
  let y = 8;
  const parts: string[] = [];
  for (const line of lines) {
    const scale = line.scale ?? 1;
    const x = line.align === 'center' ? svgWidth / 2 : line.align === 'right' ? svgWidth - 8 : 8;
    const anchor = line.align === 'center' ? 'middle' : line.align === 'right' ? 'end' : 'start';
    if (line.box) {
      const h = line.box === 'qr' ? 60 : 40;
      const w = line.box === 'qr' ? 60 : Math.min(svgWidth - 16, 200);
      parts.push(`<rect x="${(svgWidth - w) / 2}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#000" stroke-dasharray="3 2"/>`);
      parts.push(`<text x="${svgWidth / 2}" y="${y + h / 2 + 4}" text-anchor="middle" font-size="10">${escapeXml(line.text)}</text>`);
      y += h + 4;
      continue;
    }
    y += lineH * scale;
    parts.push(
      `<text x="${x}" y="${y - 2}" text-anchor="${anchor}" font-size="${10 * scale}" ${line.bold ? 'font-weight="bold" ' : ''}xml:space="preserve">${escapeXml(line.text)}</text>`,
    );
  }
  const height = y + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${svgWidth}" height="${height}" viewBox="0 0 ${svgWidth} ${height}" font-family="'DejaVu Sans Mono',Consolas,monospace">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
