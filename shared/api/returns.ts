import { z } from 'zod';
import { RETURN_REASON_CODES, type ReturnReasonCode } from '../return-reasons';
import { method } from './contract';

/**
 * Returns: RMAs from shipped orders, received at a station by scan, graded per unit into the
 * ledger; reasons from a list with a note (shared/return-reasons.ts); the refunds they record.
 */


export type ReturnGrade = 'resellable' | 'damaged' | 'defective';
export type ReturnDisposition = 'restock' | 'quarantine' | 'scrap';

export interface RmaDto {
  id: number;
  number: string;
  orderId: number;
  orderNumber: string;
  status: 'open' | 'received' | 'closed' | 'cancelled';
  /** One line for people: the listed reason's label and the note beside it ("Too small: sleeves short"). */
  reason: string;
  reasonCode: ReturnReasonCode;
  reasonNote: string | null;
  refundCents: number;
  currency: string;
  returnTracking: string | null;
  /** The prepaid return label made with the RMA, if one was asked for. */
  returnLabel: { shipmentId: number; packageId: number | null; carrier: string; service: string; trackingNumber: string | null; priceCents: number; status: string } | null;
  note: string | null;
  createdAt: string;
  receivedAt: string | null;
  closedAt: string | null;
  lines: {
    id: number;
    orderLineId: number;
    sku: string;
    name: string;
    barcodes: string[];
    qty: number;
    gradedQty: number;
    reason: string;
    reasonCode: ReturnReasonCode;
    units: { id: number; grade: ReturnGrade; disposition: ReturnDisposition; bin: string; lot: string | null; gradedAt: string; actor: string }[];
  }[];
}

export interface ReturnReasonRowDto {
  sku: string;
  name: string;
  reasonCode: ReturnReasonCode;
  /** The listed reason's label: notes do not split a row. */
  reason: string;
  units: number;
  rmas: number;
  /** Returned units ÷ units shipped in the period (0–1), null when nothing shipped. */
  returnRate: number | null;
}

const id = z.number().int().positive();
const code = z.string().trim().min(1).max(64);
const stationName = z.string().trim().min(1).max(60);
const reasonText = z.string().trim().min(1, 'a reason is required').max(300);

export const returnsApi = {
  'returns.list': method<RmaDto[]>()(
    z.object({ status: z.enum(['open', 'received', 'closed', 'cancelled']).optional(), orderId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    { description: 'RMAs, newest first' },
  ),
  'returns.get': method<RmaDto>()(z.object({ id: id.optional(), number: code.optional() }).strict().refine((v) => v.id || v.number, 'id or number is required'), {
    description: 'One RMA',
  }),
  /** An RMA from a shipped order: lines and quantities, a reason, the refund owed, optionally a return label. */
  'returns.create': method<RmaDto>()(
    z
      .object({
        orderId: id,
        /** A listed reason; `reason` is the free text beside it (alone, it is matched to the list, else Other). */
        reasonCode: z.enum(RETURN_REASON_CODES).optional(),
        reason: z.string().trim().max(300).optional(),
        lines: z
          .array(z.object({ orderLineId: id, qty: z.number().int().positive(), reasonCode: z.enum(RETURN_REASON_CODES).optional(), reason: z.string().trim().min(1).max(300).optional() }).strict())
          .min(1),
        /** Default: the lines' paid price. */
        refundCents: z.number().int().min(0).optional(),
        note: z.string().max(1000).optional(),
        returnLabel: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.reasonCode || v.reason, { message: 'Pick a return reason', path: ['reasonCode'] }),
    { audit: 'orders', description: 'Create an RMA', roles: ['owner', 'packer'] },
  ),
  /** Scan an RMA number (or the order number) at a station to receive the parcel. */
  'returns.receive': method<RmaDto>()(z.object({ code, station: stationName.optional() }).strict(), { audit: 'stock', description: 'Receive a return', roles: ['owner', 'packer'] }),
  /**
   * Grade one returned unit. resellable → back to a returns/pick bin (return movement);
   * damaged → quarantine (return movement into quarantine) or scrap; defective → quarantine or
   * scrap (return then scrap movement). Every effect is a ledger movement.
   */
  'returns.grade': method<RmaDto>()(
    z
      .object({
        rmaId: id,
        lineId: id,
        grade: z.enum(['resellable', 'damaged', 'defective']),
        disposition: z.enum(['restock', 'quarantine', 'scrap']).optional(),
        /** Bin for the unit; default: the warehouse's returns bin (restock) or quarantine bin. */
        bin: code.optional(),
        lot: z.string().trim().min(1).max(64).optional(),
        note: z.string().max(500).optional(),
      })
      .strict(),
    { audit: 'stock', description: 'Grade a returned unit', roles: ['owner', 'packer'] },
  ),
  'returns.cancel': method<RmaDto>()(z.object({ id, reason: reasonText }).strict(), { audit: 'orders', description: 'Cancel an RMA not yet received', roles: ['owner'] }),
  'returns.reasons': method<ReturnReasonRowDto[]>()(z.object({ days: z.number().int().min(1).max(730).default(90) }).strict(), { description: 'Return reasons per product' }),
  'returns.refunds': method<{ id: number; rmaNumber: string | null; orderNumber: string; amountCents: number; currency: string; reason: string; recordedAt: string }[]>()(
    z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    { description: 'Refunds recorded for accounting' },
  ),
};
