import { z } from 'zod';
import { method } from './contract';

export const CONTENTS_TYPES = ['merchandise', 'gift', 'documents', 'sample', 'returned_goods'] as const;
export const INCOTERMS = ['DDU', 'DDP'] as const;
export const CUSTOMS_DOCUMENT_KINDS = ['cn22', 'cn23', 'commercial_invoice'] as const;
export type CustomsDocumentKind = (typeof CUSTOMS_DOCUMENT_KINDS)[number];

/** The shop's customs numbers and defaults (Settings → Customs). */
export interface CustomsSettingsDto {
  eori: string | null;
  ioss: string | null;
  ukVat: string | null;
  signer: string | null;
  defaultContentsType: (typeof CONTENTS_TYPES)[number];
  defaultIncoterm: (typeof INCOTERMS)[number];
}
export type CustomsSettingsUpdate = Partial<CustomsSettingsDto>;

/** What customs will be told about an order, before it ships (the order page's customs form). */
export interface CustomsPreviewDto {
  /** False for a shipment inside one customs territory (domestic, intra-EU). */
  required: boolean;
  /** False: `problems` names each product and field missing; shipping is refused until they are fixed. */
  ok: boolean;
  form: 'CN22' | 'CN23' | null;
  documents: CustomsDocumentKind[];
  problems: string[];
  contentsType: (typeof CONTENTS_TYPES)[number];
  incoterm: (typeof INCOTERMS)[number];
  currency: string;
  items: { sku: string; description: string; hsCode: string; originCountry: string; quantity: number; valueCents: number; weightG: number }[];
  totalValueCents: number;
  taxIds: { type: string; number: string }[];
  /** The customs data of each product on the order, as the catalog has it now (to fix on the spot). */
  products: { sku: string; name: string; hsCode: string | null; originCountry: string | null; customsDescription: string | null }[];
}

const id = z.number().int().positive();
const choice = { contentsType: z.enum(CONTENTS_TYPES).optional(), incoterm: z.enum(INCOTERMS).optional() };
const nullableText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v === '' ? null : v));

export const customsApi = {
  'customs.settings': method<CustomsSettingsDto>()(z.object({}).strict(), { description: 'Customs numbers (EORI, IOSS, UK VAT) and defaults' }),
  'customs.updateSettings': method<CustomsSettingsDto>()(
    z
      .object({
        eori: nullableText(17),
        ioss: nullableText(12),
        ukVat: nullableText(14),
        signer: nullableText(100),
        defaultContentsType: z.enum(CONTENTS_TYPES).optional(),
        defaultIncoterm: z.enum(INCOTERMS).optional(),
      })
      .strict(),
    { audit: 'settings', description: 'Change the customs numbers and defaults', roles: ['owner'] },
  ),
  /** Sets a product's customs data (HS code, country of origin, customs description); absent fields are unchanged. */
  'customs.updateProduct': method<{ sku: string; hsCode: string | null; originCountry: string | null; customsDescription: string | null }>()(
    z
      .object({
        sku: z.string().trim().min(1).max(64),
        hsCode: z.string().trim().max(16).nullable().optional(),
        originCountry: z.string().trim().toUpperCase().length(2, 'use a 2-letter country code').nullable().optional(),
        customsDescription: z.string().trim().max(200).nullable().optional(),
      })
      .strict(),
    { audit: 'catalog', description: "Set a product's HS code, country of origin and customs description", roles: ['owner'] },
  ),
  /** The declaration an order would ship with, or each missing product field; with the documents it gets. */
  'customs.preview': method<CustomsPreviewDto>()(z.object({ orderId: id, ...choice }).strict(), { description: "An order's customs declaration before it ships" }),
  /** Saves an order's contents type and incoterm for when it ships (a `shipping.ship` input still wins). */
  'customs.setChoice': method<CustomsPreviewDto>()(z.object({ orderId: id, ...choice }).strict(), { audit: 'shipping', description: "Choose an order's customs contents type and incoterm" }),
  /**
   * One customs document as PDF (base64): a shipment's stored copy (`shipmentId`), or a preview for
   * an order not shipped yet (`orderId`).
   */
  'customs.document': method<{ fileName: string; contentType: 'application/pdf'; base64: string }>()(
    z
      .object({ orderId: id.optional(), shipmentId: id.optional(), kind: z.enum(CUSTOMS_DOCUMENT_KINDS), ...choice })
      .strict()
      .refine((v) => (v.orderId === undefined) !== (v.shipmentId === undefined), { message: 'give an orderId or a shipmentId', path: ['orderId'] }),
    // A read: renders or returns a document, changes nothing.
    { description: 'A CN22 / CN23 / commercial invoice as PDF', audit: false },
  ),
};
