import { z } from 'zod';
import { method } from './contract';
import type { PrintJobDto } from './devices';

/**
 * Paper documents as PDF (packing slips, pick lists, labels for office printers) and what they say
 * about the shop. A PDF crosses the API as base64 so every transport (IPC, HTTP JSON, CLI) carries it.
 */

export type PaperSize = 'A4' | 'Letter';

export interface DocumentSettingsDto {
  /** Printed at the top of slips; empty: the ship-from warehouse's name. */
  shopName: string;
  /** A PNG or JPEG on this machine; an uploaded logo (logoUploaded) wins over it. */
  logoPath: string | null;
  logoUploaded: boolean;
  returnInstructions: string;
  paper: PaperSize;
  /** Prices and totals on packing slips (off: a gift-friendly slip). */
  showPrices: boolean;
}

export interface PdfFileDto {
  filename: string;
  /** The PDF's bytes, base64. */
  base64: string;
  pages: number;
}

const id = z.number().int().positive();
const paper = z.enum(['A4', 'Letter']);

export const documentSettingsInput = z
  .object({
    shopName: z.string().trim().max(120).optional(),
    logoPath: z.string().trim().max(1000).nullable().optional(),
    /** An uploaded PNG (≤ 512 KB), base64; null removes it. */
    logoPngBase64: z.string().max(700_000).nullable().optional(),
    returnInstructions: z.string().trim().max(1000).optional(),
    paper: paper.optional(),
    showPrices: z.boolean().optional(),
  })
  .strict();
export type DocumentSettingsInput = z.output<typeof documentSettingsInput>;

export const documentsApi = {
  'documents.settings': method<DocumentSettingsDto>()(z.object({}).strict(), { description: 'Shop name, logo, return instructions and paper for PDF documents' }),
  'documents.updateSettings': method<DocumentSettingsDto>()(documentSettingsInput, { audit: 'settings', description: 'Change what PDF documents say about the shop', roles: ['owner'] }),
  /** The order's packing slip as a PDF (A4/Letter): shop, ship-to, items, optional prices, returns barcode. */
  'documents.packingSlip': method<PdfFileDto>()(z.object({ orderId: id, paper: paper.optional(), prices: z.boolean().optional() }).strict(), {
    audit: false, // renders a document, changes nothing
    description: 'Packing slip PDF for an order',
  }),
  /** Queues the packing slip on a system (PDF) printer through the print queue. */
  'documents.printPackingSlip': method<PrintJobDto>()(
    z.object({ orderId: id, printer: z.string().trim().min(1).max(60), paper: paper.optional(), prices: z.boolean().optional() }).strict(),
    { audit: 'devices', description: 'Print an order’s packing slip on a system printer' },
  ),
  /** A pick batch's pick list as a PDF, in route order. */
  'documents.pickList': method<PdfFileDto>()(z.object({ batchId: id, paper: paper.optional() }).strict(), { audit: false, description: 'Pick list PDF for a pick batch' }),
  /** A shipment's labels as a PDF: one per 4×6 in page, or two per A4/Letter sheet. */
  /** Queues a shipment's labels as one PDF on a system printer (one per 4×6 page, or two per A4/Letter sheet, as its paper says). */
  'documents.printShipmentLabels': method<PrintJobDto>()(z.object({ shipmentId: id, printer: z.string().trim().min(1).max(60) }).strict(), {
    audit: 'devices',
    description: 'Print a shipment’s labels on a system printer',
  }),
  'documents.shipmentLabels': method<PdfFileDto>()(
    z.object({ shipmentId: id, paper: z.enum(['4x6', 'A4', 'Letter']).default('4x6') }).strict(),
    { audit: false, description: 'Shipping labels of a shipment as PDF' },
  ),
};
