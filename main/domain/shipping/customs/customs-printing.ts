import { invalid } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { pdfJob } from '../../../devices/print-documents';
import type { PrinterRow } from '../../../store/schema';
import type { CustomsDocumentKind } from './documents';

const TITLES: Record<CustomsDocumentKind, string> = { cn22: 'Customs declaration CN22', cn23: 'Customs declaration CN23', commercial_invoice: 'Commercial invoice' };

export interface RenderedCustomsDocument {
  kind: CustomsDocumentKind;
  bytes: Buffer;
}

/**
 * Customs documents are A4/A6 PDFs: they go to a printer that takes PDF (the "system printer"
 * device type, printing through the operating system), never to a ZPL label printer or a receipt
 * printer, which would print the PDF's bytes as garbage.
 */
export function assertPdfPrinter(printer: PrinterRow): PrinterRow {
  if (printer.language !== 'pdf') throw invalid(`${printer.name} cannot print PDF customs documents; choose a system (PDF) printer`, { field: 'documentPrinter' });
  return printer;
}

/** Queues a shipment's customs documents (CN form first, then the invoice) through the persisted print queue. */
export async function enqueueCustomsDocuments(devices: Devices, printer: PrinterRow, documents: { kind: CustomsDocumentKind; bytes: Buffer }[], actor: string): Promise<number[]> {
  assertPdfPrinter(printer);
  return await devices.queue.enqueueAll(
    printer,
    documents.map((d) => ({ rendered: pdfJob(d.bytes, { title: TITLES[d.kind] }), meta: { kind: `customs_${d.kind}`, actor } })),
  );
}
