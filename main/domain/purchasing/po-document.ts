import type PDFDocument from 'pdfkit';
import type { PoDetailDto } from '../../../shared/api/purchasing';
import { csvLine } from '../../util/csv';
import { pdfDocumentClass } from '../../devices/lazy-modules';
import { DEFAULT_LOCALE, formatAmount, formatMoney, fromMinor } from '../../../shared/money';

/** The PO as CSV for the supplier's system: one row per line, amounts as decimal text. */
export function purchaseOrderCsv(po: PoDetailDto): string {
  const money = (c: number) => fromMinor(c, po.currency);
  const rows = [
    csvLine(['po_number', 'supplier', 'line', 'supplier_sku', 'sku', 'name', 'quantity', 'case_pack', 'cases', 'unit_cost', 'line_total', 'currency', 'expected_on']),
    ...po.lines.map((l) =>
      csvLine([po.number, po.supplierName, l.lineNo, l.supplierSku, l.sku, l.name, l.quantity, l.casePack, l.cases, money(l.unitCostCents), money(l.lineTotalCents), po.currency, l.expectedOn ?? po.expectedOn]),
    ),
  ];
  return `${rows.join('\r\n')}\r\n`;
}

interface PagedDoc extends PDFDocument {
  /** pdfkit has it; the local declaration file (devices/labels/pdfkit.d.ts) covers only the label renderer's surface. */
  addPage(options?: { size?: string; margin?: number }): this;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const ROW = 16;

/** The PO document to send the supplier: header, lines in cases, landed costs, totals (A4, Helvetica). */
export function purchaseOrderPdf(po: PoDetailDto, shopName: string, locale = DEFAULT_LOCALE): Promise<Buffer> {
  // Written the shop's way (Settings → Shop format), with the currency's own decimals; the code, not
  // the symbol, since Helvetica has no ¥ or ₩ (and "$" alone is ambiguous to a supplier abroad).
  const money = (c: number) => formatMoney(c, po.currency, locale, { currencyDisplay: 'code' });
  return new Promise((resolve, reject) => {
    try {
      const doc = new (pdfDocumentClass())({ size: 'A4', margin: 0, info: { Producer: 'Shipshape', Title: `Purchase order ${po.number}` } }) as PagedDoc;
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      let y = MARGIN;
      const text = (t: string, x: number, opts: { width?: number; align?: 'left' | 'right'; bold?: boolean; size?: number } = {}) => {
        doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size ?? 9);
        doc.text(latin1(t), x, y, { width: opts.width ?? 200, align: opts.align ?? 'left', lineBreak: false });
      };
      text(`Purchase order ${po.number}`, MARGIN, { bold: true, size: 16, width: 400 });
      y += 26;
      text(`From: ${shopName}`, MARGIN, { width: 260 });
      text(`To: ${po.supplierName}`, 320, { width: 235 });
      y += ROW;
      text(`Deliver to warehouse ${po.warehouse}`, MARGIN, { width: 260 });
      text(`Expected: ${po.expectedOn ?? '—'}`, 320, { width: 235 });
      y += ROW;
      text(`Status: ${po.status.replace('_', ' ')}${po.sentAt ? `, sent ${po.sentAt.slice(0, 10)}` : ''}`, MARGIN, { width: 260 });
      text(`Currency: ${po.currency}`, 320, { width: 235 });
      y += ROW * 2;
      const cols = { line: MARGIN, sku: 65, supplierSku: 150, name: 235, qty: 380, cost: 440, total: 500 };
      const header = () => {
        text('#', cols.line, { bold: true, width: 20 });
        text('Our SKU', cols.sku, { bold: true, width: 80 });
        text('Your SKU', cols.supplierSku, { bold: true, width: 80 });
        text('Description', cols.name, { bold: true, width: 140 });
        text('Quantity', cols.qty, { bold: true, width: 55, align: 'right' });
        text('Unit cost', cols.cost, { bold: true, width: 55, align: 'right' });
        text('Total', cols.total, { bold: true, width: 55, align: 'right' });
        y += ROW;
        doc.moveTo(MARGIN, y - 4).lineTo(A4.width - MARGIN, y - 4).lineWidth(0.5).stroke('#000');
      };
      header();
      for (const l of po.lines) {
        if (y > A4.height - MARGIN - ROW * 6) {
          doc.addPage({ size: 'A4', margin: 0 });
          y = MARGIN;
          header();
        }
        text(String(l.lineNo), cols.line, { width: 20 });
        text(l.sku, cols.sku, { width: 80 });
        text(l.supplierSku ?? '', cols.supplierSku, { width: 80 });
        text(l.name, cols.name, { width: 140 });
        text(l.cases != null ? `${l.quantity} (${l.cases}×${l.casePack})` : String(l.quantity), cols.qty - 15, { width: 70, align: 'right' });
        text(formatAmount(l.unitCostCents, po.currency, locale), cols.cost, { width: 55, align: 'right' });
        text(formatAmount(l.lineTotalCents, po.currency, locale), cols.total, { width: 55, align: 'right' });
        y += ROW;
      }
      y += ROW / 2;
      const totals: [string, number][] = [['Goods', po.goodsCents]];
      if (po.freightCents) totals.push(['Freight', po.freightCents]);
      if (po.dutyCents) totals.push(['Duty', po.dutyCents]);
      if (po.otherCostCents) totals.push(['Other costs', po.otherCostCents]);
      totals.push(['Total', po.totalCents]);
      for (const [label, cents] of totals) {
        text(label, 380, { width: 100, align: 'right', bold: label === 'Total' });
        text(money(cents), 480, { width: 75, align: 'right', bold: label === 'Total' });
        y += ROW;
      }
      if (po.notes) {
        y += ROW;
        text(`Notes: ${po.notes}`, MARGIN, { width: A4.width - 2 * MARGIN });
      }
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

/** The built-in Helvetica covers Latin-1 only; other characters print as '?'. */
function latin1(s: string): string {
  // Narrow and thin spaces: some locales' thousands separators (fr-FR writes 1 234,56).
  return s.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => (c === '—' ? '-' : c === '×' ? 'x' : c === '\u202f' || c === '\u2009' ? '\xa0' : '?'));
}
