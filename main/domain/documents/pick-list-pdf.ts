import type { PaperSize } from '../../../shared/api/documents';
import type { PickBatchDto } from '../../../shared/api/fulfilment';
import { buildPdf, code128Modules, drawSymbol, placeLinearBarcode } from '../../devices/labels';
import { linearBarcodeSymbol } from '../../devices/labels/barcode-symbols';
import { fontsFor, PAGE_MARGIN_PT, PageCursor, paperPoints, PT_PER_MM } from './pdf-page';

/**
 * A pick batch's pick list on office paper: the batch barcode (scanned to start picking), totes
 * with their orders, then every open task in route order grouped by stop, with a box to tick.
 */
export function renderPickListPdf(batch: PickBatchDto, opts: { paper: PaperSize; printedAt: string }): Promise<Buffer> {
  const size = paperPoints(opts.paper);
  const tasks = batch.tasks.filter((t) => t.status !== 'cancelled');
  const fonts = fontsFor([batch.warehouse, batch.zone ?? '', ...tasks.map((t) => t.name)]);
  return buildPdf(
    size,
    (doc) => {
      const m = PAGE_MARGIN_PT;
      const columns = { box: 0, qty: 0.05, sku: 0.13, name: 0.33, tote: 0.88 };
      const header = () => {
        doc.font(fonts.bold).fontSize(9);
        doc.text('Qty', m + cursor.width * columns.qty, cursor.y, { lineBreak: false });
        doc.text('SKU', m + cursor.width * columns.sku, cursor.y, { lineBreak: false });
        doc.text('Item', m + cursor.width * columns.name, cursor.y, { lineBreak: false });
        doc.text('Tote', m + cursor.width * columns.tote, cursor.y, { lineBreak: false });
        cursor.y += 12;
        cursor.rule(0.5);
      };
      const cursor = new PageCursor(doc, size, () => {
        doc.font(fonts.regular).fontSize(8).text(`Pick list — batch ${batch.id} (continued)`, m, cursor.y, { lineBreak: false });
        cursor.y += 14;
        header();
      });
      const w = cursor.width;
      doc.font(fonts.bold).fontSize(18).text(`PICK LIST — BATCH ${batch.id}`, m, m, { lineBreak: false });
      doc.font(fonts.regular).fontSize(10);
      doc.text(`${batch.warehouse}${batch.zone ? ` · zone ${batch.zone}` : ''} · ${batch.orderCount} order(s), ${batch.taskCount} pick(s) · route ${batch.routeM.toFixed(1)} m`, m, m + 24, { width: w * 0.6 });
      doc.text(`Printed ${opts.printedAt.slice(0, 16).replace('T', ' ')}`, m, m + 38, { lineBreak: false });
      const code = `B${batch.id}`;
      const place = placeLinearBarcode({ labelWidthMm: size[0] / PT_PER_MM, marginMm: (m + w * 0.65) / PT_PER_MM, modules: code128Modules(code), maxModuleMm: 0.4 });
      drawSymbol(doc, linearBarcodeSymbol({ kind: 'code128', x: place.x, y: m / PT_PER_MM, data: code, heightMm: 12, moduleMm: place.moduleMm }), place.x, m / PT_PER_MM);
      doc.font(fonts.regular);
      cursor.y = m + 20 * PT_PER_MM;
      cursor.rule();
      doc.font(fonts.bold).fontSize(10).text('Totes', m, cursor.y, { lineBreak: false });
      cursor.y += 14;
      doc.font(fonts.regular).fontSize(9.5);
      for (const t of batch.totes) {
        cursor.need(12);
        doc.text(`Tote ${t.tote} (${t.toteCode})  —  order ${t.orderNumber}`, m, cursor.y, { lineBreak: false });
        cursor.y += 12;
      }
      cursor.y += 6;
      cursor.rule();
      header();
      let stop: number | null | undefined;
      for (const task of tasks) {
        if (task.stop !== stop || stop === undefined) {
          stop = task.stop;
          cursor.need(34);
          cursor.y += 4;
          doc.font(fonts.bold).fontSize(12).text(`${task.stop ?? '–'}. ${task.bin}`, m, cursor.y, { lineBreak: false });
          cursor.y += 16;
        }
        doc.font(fonts.regular).fontSize(10);
        const name = `${task.name}${task.lot ? ` · lot ${task.lot}` : ''}`;
        const nameWidth = w * (columns.tote - columns.name) - 6;
        const height = Math.max(14, doc.heightOfString(name, { width: nameWidth }) + 3);
        cursor.need(height);
        const y = cursor.y;
        doc.rect(m + 1, y + 1, 8, 8).lineWidth(0.8).stroke('#000');
        doc.font(fonts.bold).text(String(task.qty), m + w * columns.qty, y, { lineBreak: false });
        doc.font(fonts.regular).text(task.sku, m + w * columns.sku, y, { width: w * (columns.name - columns.sku) - 6, lineBreak: false, ellipsis: true });
        doc.text(name, m + w * columns.name, y, { width: nameWidth });
        doc.text(String(task.tote), m + w * columns.tote, y, { lineBreak: false });
        cursor.y = y + height;
      }
    },
    { Title: `Pick list batch ${batch.id}` },
  );
}
