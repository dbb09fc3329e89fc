import { z } from 'zod';
import { method } from './contract';

/** A supplier's bill (invoice) for a purchase order. */
export interface SupplierBillDto {
  id: number;
  poId: number;
  poNumber: string;
  supplier: string;
  number: string;
  /** YYYY-MM-DD: the bill's date, and when it is due (the supplier's payment terms later). */
  billedOn: string;
  dueOn: string;
  amountCents: number;
  currency: string;
  /** What the PO's receipts put into stock (unit cost + landed share), to compare the bill with. */
  receivedCents: number;
  recordedAt: string;
}

const id = z.number().int().positive();

export const supplierBillsApi = {
  /** Books: goods received not invoiced (and any price variance) against Accounts Payable. */
  'bills.record': method<SupplierBillDto>()(
    z
      .object({
        /** The PO's id, or its number (PO-000012). */
        po: z.union([id, z.string().trim().min(1).max(40)]),
        number: z.string().trim().min(1, 'the bill number is required').max(60),
        amountCents: z.number().int().positive('the bill amount must be more than zero').max(1e12),
        billedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
      })
      .strict(),
    { description: "Record a supplier's bill for a received purchase order", audit: 'money', roles: ['owner'] },
  ),
  'bills.list': method<SupplierBillDto[]>()(z.object({ poId: id.optional() }).strict(), { description: 'Supplier bills recorded, newest first', roles: ['owner'] }),
};
