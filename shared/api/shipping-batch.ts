import { z } from 'zod';

/**
 * Batch labels: rate, ship and print many orders in one action (the 4 pm rush). Orders are
 * labelled in pick order; each order is its own unit of work, so one failure never stops the
 * rest — the batch says what shipped, what failed and why, and can be voided as a whole.
 */

const id = z.number().int().positive();

/** Which orders: explicit ids (the queue's selection) or every order of a pick batch. */
export const batchOrdersSchema = z
  .object({
    orderIds: z.array(id).min(1).max(500).optional(),
    pickBatchId: id.optional(),
  })
  .strict()
  .refine((v) => (v.orderIds ? 1 : 0) + (v.pickBatchId ? 1 : 0) === 1, { message: 'give orderIds or pickBatchId (one of them)', path: ['orderIds'] });

export const batchCreateSchema = z
  .object({
    orderIds: z.array(id).min(1).max(500).optional(),
    pickBatchId: id.optional(),
    /** ZPL label printer for the labels (in pick order); none: labels are stored, not printed. */
    printer: z.string().min(1).optional(),
    /** Printer for the packing slips (PDF); none: slips are not printed (each can be opened from the batch). */
    slipPrinter: z.string().min(1).optional(),
  })
  .strict()
  .refine((v) => (v.orderIds ? 1 : 0) + (v.pickBatchId ? 1 : 0) === 1, { message: 'give orderIds or pickBatchId (one of them)', path: ['orderIds'] });

export interface BatchPlanLineDto {
  orderId: number;
  orderNumber: string;
  /** The recommended service after the rules (null when the order cannot ship: see `exception`). */
  serviceKey: string | null;
  serviceName: string | null;
  priceCents: number | null;
  currency: string | null;
  /** Whether the label will be postage, a reference-only label (NOT POSTAGE) or an own-fleet label. */
  labelKind: 'postage' | 'reference' | 'own-fleet' | null;
  /** Why this order cannot be labelled (its state, no service, no address…), null when it can. */
  exception: string | null;
}

export interface BatchPlanDto {
  /** In pick order. */
  orders: BatchPlanLineDto[];
  /** Sum of the recommended services' prices, per currency. */
  totals: { currency: string; cents: number }[];
  exceptions: number;
}

export interface BatchShippedDto {
  orderId: number;
  orderNumber: string;
  shipmentId: number;
  serviceName: string;
  status: string;
  labelKind: 'postage' | 'reference' | 'own-fleet';
  trackingNumbers: string[];
  priceCents: number;
  currency: string;
  printJobIds: number[];
}

export interface BatchDto {
  id: number;
  status: 'created' | 'voided';
  createdAt: string;
  printer: string | null;
  slipPrinter: string | null;
  /** Orders in the batch. */
  total: number;
  /** In pick order. */
  shipped: BatchShippedDto[];
  failed: { orderId: number; orderNumber: string; reason: string }[];
  totals: { currency: string; cents: number }[];
  /** One sentence: "10 of 10 orders shipped", "8 of 10 orders shipped; 2 failed". */
  summary: string;
  /** Packing slips sent to the slip printer. */
  slipJobIds: number[];
  /** Problems that did not stop the batch (a slip that could not print, a label that could not be voided). */
  notes: string[];
  voidReason: string | null;
}

/** Progress of a running batch, published as event `shipping.batch` (the console shows it live). */
export interface BatchProgressEvent {
  batchId: number;
  done: number;
  total: number;
  orderId: number;
  orderNumber: string;
  ok: boolean;
  reason: string | null;
}
