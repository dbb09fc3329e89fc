import { z } from 'zod';
import { method } from './contract';

const id = z.number().int().positive();
const cents = z.number().int().min(0);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

export type PoStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';

export interface PriceBreakDto {
  minQty: number;
  unitCostCents: number;
}

export interface SupplierDto {
  id: number;
  name: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  currency: string;
  paymentTermsDays: number;
  /** The lead time the supplier promises. */
  leadTimeDays: number;
  /** Measured on its POs: sent → each receipt (null until something was received). */
  observedLeadTime: { meanDays: number; sdDays: number; samples: number } | null;
  orderMinimumCents: number;
  notes: string;
  active: boolean;
  itemCount: number;
}

export interface SupplierItemDto {
  id: number;
  supplierId: number;
  productId: number;
  sku: string;
  productName: string;
  supplierSku: string | null;
  unitCostCents: number;
  casePack: number;
  moq: number;
  /** Overrides the supplier's lead time (null: the supplier's). */
  leadTimeDays: number | null;
  priceBreaks: PriceBreakDto[];
  /** This supplier is the product's preferred one. */
  preferred: boolean;
}

export interface PoSummaryDto {
  id: number;
  number: string;
  supplierId: number;
  supplierName: string;
  warehouse: string;
  status: PoStatus;
  currency: string;
  expectedOn: string | null;
  /** Sent or partially received and past its expected day. */
  overdue: boolean;
  lineCount: number;
  units: number;
  openUnits: number;
  goodsCents: number;
  /** Freight + duty + other. */
  landedCents: number;
  totalCents: number;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
}

export interface PoLineDto {
  lineNo: number;
  productId: number;
  sku: string;
  name: string;
  /** The product's GTIN barcodes (scanning matches them). */
  gtins: string[];
  supplierSku: string | null;
  quantity: number;
  casePack: number;
  /** quantity / casePack when the line is in whole cases. */
  cases: number | null;
  unitCostCents: number;
  lineTotalCents: number;
  expectedOn: string | null;
  receivedQty: number;
  damagedQty: number;
  openQty: number;
  lotTracked: boolean;
  /** The autopilot's arithmetic for lines it drafted. */
  reason: string | null;
}

export interface PoEventDto {
  id: number;
  at: string;
  actor: string;
  kind: string;
  /** One line a person reads ("line 2 quantity 24 → 36"). */
  summary: string;
  detail: Record<string, unknown>;
}

export interface PutawayDto {
  productId: number;
  sku: string;
  name: string;
  quantity: number;
  lot: string | null;
  bin: string;
  binId: number;
  /** Why this bin: 'home_bin' | 'last_stocked' | 'nearest_free' | 'default_bin' | 'chosen'. */
  reason: string;
}

export interface ReceiptLineDto {
  sku: string;
  quantity: number;
  overQty: number;
  damagedQty: number;
  lot: string | null;
  expiresOn: string | null;
  bin: string | null;
  unitCostCents: number;
  landedUnitCents: number;
}

export interface ReceiptDto {
  id: number;
  receivedAt: string;
  actor: string;
  note: string;
  lines: ReceiptLineDto[];
}

export interface PoDetailDto extends PoSummaryDto {
  freightCents: number;
  dutyCents: number;
  otherCostCents: number;
  landedCostMethod: 'value' | 'weight';
  notes: string;
  lines: PoLineDto[];
  events: PoEventDto[];
  receipts: ReceiptDto[];
}

export interface ReceiveResultDto {
  receiptId: number;
  po: string;
  status: PoStatus;
  lines: {
    sku: string;
    received: number;
    over: number;
    damaged: number;
    /** Still open on the line after this receipt (under-delivered so far). */
    stillOpen: number;
    unitCostCents: number;
    /** Landed cost per unit booked by this receipt (may differ by a cent between units; this is the average, rounded). */
    landedUnitCents: number;
    bin: string | null;
    lot: string | null;
  }[];
  putaway: PutawayDto[];
}

/** What a scan resolved to on a PO (receiving screen). */
export interface ScanMatchDto {
  lineNo: number;
  sku: string;
  name: string;
  openQty: number;
  casePack: number;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  /** Where it will be put away if received now. */
  putaway: { bin: string; reason: string };
}

const supplierFields = {
  contactName: text(200).nullable().optional(),
  email: text(200).nullable().optional(),
  phone: text(60).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as USD').optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  leadTimeDays: z.number().int().min(0).max(365).optional(),
  orderMinimumCents: cents.optional(),
  notes: text(2000).optional(),
  active: z.boolean().optional(),
};

const priceBreak = z.object({ minQty: z.number().int().min(1), unitCostCents: cents }).strict();
const poRef = z.union([id, z.string().trim().min(1).max(40)]);
const lineInput = z
  .object({ productId: id, quantity: z.number().int().positive(), unitCostCents: cents.optional(), expectedOn: day.nullable().optional(), reason: text(500).nullable().optional() })
  .strict();
const headerChanges = {
  expectedOn: day.nullable().optional(),
  freightCents: cents.optional(),
  dutyCents: cents.optional(),
  otherCostCents: cents.optional(),
  landedCostMethod: z.enum(['value', 'weight']).optional(),
  notes: text(2000).optional(),
};

export const purchasingApi = {
  'suppliers.list': method<SupplierDto[]>()(z.object({ includeInactive: z.boolean().default(false) }).strict(), { description: 'Suppliers with their promised and observed lead times' }),
  'suppliers.get': method<SupplierDto>()(z.object({ id }).strict(), { description: 'One supplier' }),
  'suppliers.create': method<{ id: number }>()(z.object({ name: text(200).min(1), ...supplierFields }).strict(), { description: 'Add a supplier', roles: ['owner'], audit: 'purchasing' }),
  'suppliers.update': method<SupplierDto>()(z.object({ id, name: text(200).min(1).optional(), ...supplierFields }).strict(), { description: "Change a supplier's details", roles: ['owner'], audit: 'purchasing' }),
  'suppliers.listItems': method<SupplierItemDto[]>()(z.object({ supplierId: id.optional(), productId: id.optional() }).strict(), { description: 'What suppliers sell us, with price breaks' }),
  'suppliers.upsertItem': method<{ id: number }>()(
    z
      .object({
        supplierId: id,
        productId: id,
        supplierSku: text(64).nullable().optional(),
        unitCostCents: cents,
        casePack: z.number().int().min(1).optional(),
        moq: z.number().int().min(0).optional(),
        leadTimeDays: z.number().int().min(0).max(365).nullable().optional(),
        priceBreaks: z.array(priceBreak).max(20).optional(),
        preferred: z.boolean().optional(),
      })
      .strict(),
    { description: "Add or change what a supplier charges for a product (replaces its price breaks when given)", roles: ['owner'], audit: 'purchasing' },
  ),
  'suppliers.removeItem': method<{ removed: true }>()(z.object({ id }).strict(), { description: 'Stop buying a product from a supplier', roles: ['owner'], audit: 'purchasing' }),
  'suppliers.setPreferred': method<{ ok: true }>()(z.object({ productId: id, supplierId: id.nullable() }).strict(), { description: "Set a product's preferred supplier", roles: ['owner'], audit: 'purchasing' }),

  'po.list': method<PoSummaryDto[]>()(
    z.object({ status: z.enum(['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled', 'open']).optional(), supplierId: id.optional(), overdueOnly: z.boolean().default(false), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    { description: "Purchase orders, newest first ('open' = sent or partially received)" },
  ),
  'po.get': method<PoDetailDto>()(z.object({ po: poRef }).strict(), { description: 'A purchase order with lines, history and receipts (by id or number)' }),
  'po.create': method<{ id: number; number: string }>()(
    z.object({ supplierId: id, warehouseId: id.optional(), lines: z.array(lineInput).min(1).max(500), ...headerChanges }).strict(),
    { description: 'Draft a purchase order (quantities in units, whole case packs)', roles: ['owner'], audit: 'purchasing' },
  ),
  'po.updateHeader': method<PoDetailDto>()(z.object({ po: id, ...headerChanges }).strict(), { description: 'Change landed costs, expected day or notes (recorded after sending)', roles: ['owner'], audit: 'purchasing' }),
  'po.updateLine': method<PoDetailDto>()(
    z.object({ po: id, lineNo: z.number().int().positive(), quantity: z.number().int().positive().optional(), unitCostCents: cents.optional(), expectedOn: day.nullable().optional() }).strict(),
    { description: 'Change a line (recorded with before/after after sending)', roles: ['owner'], audit: 'purchasing' },
  ),
  'po.addLine': method<PoDetailDto>()(z.object({ po: id, line: lineInput }).strict(), { description: 'Add a line', roles: ['owner'], audit: 'purchasing' }),
  'po.removeLine': method<PoDetailDto>()(z.object({ po: id, lineNo: z.number().int().positive() }).strict(), { description: 'Remove a line nothing arrived against', roles: ['owner'], audit: 'purchasing' }),
  'po.send': method<{ warnings: string[] }>()(z.object({ po: id }).strict(), { description: 'Mark a draft as sent to the supplier', roles: ['owner'], audit: 'purchasing' }),
  'po.cancel': method<{ ok: true }>()(z.object({ po: id, reason: text(500).default('') }).strict(), { description: 'Cancel a draft or sent PO', roles: ['owner'], audit: 'purchasing' }),
  'po.close': method<{ ok: true }>()(z.object({ po: id }).strict(), { description: 'Close a received or partially received PO', roles: ['owner'], audit: 'purchasing' }),
  'po.exportDocument': method<{ filename: string; mime: string; base64: string }>()(z.object({ po: poRef, format: z.enum(['pdf', 'csv']) }).strict(), { description: 'The PO document to send the supplier (PDF or CSV)' }),
  /** Scanner lookup on the receiving screen: a GTIN, our SKU or the supplier's SKU → the PO line. */
  'po.lookup': method<ScanMatchDto>()(z.object({ po: poRef, code: text(100).min(1) }).strict(), { description: 'Find the PO line a scanned code belongs to' }),
  'po.receive': method<ReceiveResultDto>()(
    z
      .object({
        po: poRef,
        lines: z
          .array(
            z
              .object({
                code: text(100).min(1).optional(),
                productId: id.optional(),
                quantity: z.number().int().min(0),
                damaged: z.number().int().min(0).default(0),
                lot: text(64).min(1).optional(),
                expiresOn: day.optional(),
                bin: text(64).min(1).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
        note: text(500).default(''),
      })
      .strict(),
    { description: 'Receive goods against a PO: stock in at PO cost plus landed share, backorders released', roles: ['owner', 'packer', 'picker'], audit: 'purchasing' },
  ),
  'po.listPutaway': method<PutawayDto[]>()(z.object({ receiptId: id }).strict(), { description: "A receipt's putaway list (bin per item)" }),
  'po.printPutawayLabels': method<{ count: number; jobIds: number[] }>()(z.object({ receiptId: id, printer: text(100).min(1) }).strict(), { description: "Print bin labels for a receipt's putaway bins", audit: 'devices' }),
};
