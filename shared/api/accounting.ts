import { z } from 'zod';
import { method } from './contract';

/** The accounts the journal books to; each has a name the owner sets to match the books. */
export const ACCOUNT_KEYS = ['funds', 'sales', 'shipping_income', 'sales_tax', 'returns', 'cogs', 'inventory', 'postage', 'payable', 'grni', 'purchase_variance'] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];

/**
 * What a goods receipt is booked against: a goods-received-not-invoiced clearing account (the
 * supplier's bill then moves it to Accounts Payable), or Accounts Payable at once.
 */
export const RECEIPT_BOOKINGS = ['grni', 'payable'] as const;
export type ReceiptBooking = (typeof RECEIPT_BOOKINGS)[number];
/** Xero reads invoice dates in the organisation's regional format. */
export const XERO_DATE_FORMATS = ['DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type XeroDateFormat = (typeof XERO_DATE_FORMATS)[number];

/** Bookkeeping settings besides account names (which `accounting.accounts` keeps). */
export interface AccountingSettingsDto {
  accounts: Record<AccountKey, string>;
  /** Xero account code per account (Xero's invoice import wants codes, not names). */
  codes: Record<AccountKey, string>;
  receiptsAgainst: ReceiptBooking;
  xeroDateFormat: XeroDateFormat;
}

export interface JournalLineDto {
  account: AccountKey;
  debitCents: number;
  creditCents: number;
}

export interface JournalEntryDto {
  /** Shop-calendar date, YYYY-MM-DD. */
  date: string;
  kind: 'sale' | 'refund' | 'cogs' | 'restock' | 'postage' | 'receipt' | 'bill';
  reference: string;
  memo: string;
  currency: string;
  lines: JournalLineDto[];
  /** For sales: what the invoice formats (QuickBooks Online, Xero) need. */
  sale?: {
    customer: string;
    email: string | null;
    address: { line1: string; line2: string | null; city: string; region: string | null; postalCode: string; country: string };
    lines: { sku: string; name: string; quantity: number; unitPriceCents: number; discountCents: number; taxCents: number }[];
    shippingCents: number;
    taxCents: number;
  };
  /** For receipts booked straight to Accounts Payable and for supplier bills: who is owed, and when. */
  vendor?: { name: string; billNumber: string | null; dueOn: string | null };
}

export interface JournalDto {
  from: string;
  to: string;
  /** Account names as they were when the period was closed. */
  accounts: Record<AccountKey, string>;
  /** Xero account codes and date format as they were when the period was closed (absent in periods closed before codes existed: defaults apply). */
  codes?: Record<AccountKey, string>;
  xeroDateFormat?: XeroDateFormat;
  entries: JournalEntryDto[];
}

export interface AccountingPeriodDto {
  id: number;
  from: string;
  to: string;
  entries: number;
  /** Totals of the period, per kind (debits of its entries). */
  totals: { sales: number; refunds: number; cogs: number; postage: number; receipts: number; bills: number };
  sha256: string;
  closedBy: string;
  closedAt: string;
}

/** A journal's totals per kind (the debits of its entries); cost of goods is net of restocks. */
export function journalTotals(journal: JournalDto): AccountingPeriodDto['totals'] {
  const total = (kind: JournalEntryDto['kind']) => journal.entries.filter((e) => e.kind === kind).reduce((s, e) => s + e.lines.reduce((d, l) => d + l.debitCents, 0), 0);
  // A bill's debits are what it clears from goods received (plus any price difference): its amount owed is its credit to payables.
  const billed = journal.entries.filter((e) => e.kind === 'bill').reduce((s, e) => s + e.lines.reduce((d, l) => d + (l.account === 'payable' ? l.creditCents - l.debitCents : 0), 0), 0);
  return { sales: total('sale'), refunds: total('refund'), cogs: total('cogs') - total('restock'), postage: total('postage'), receipts: total('receipt'), bills: billed };
}

export const EXPORT_FORMATS = ['journal', 'iif', 'qbo', 'xero'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const id = z.number().int().positive();

export const accountingApi = {
  'accounting.periods': method<AccountingPeriodDto[]>()(z.object({}).strict(), { description: 'Closed accounting periods, newest first', roles: ['owner'] }),
  /** What closing these dates would book (nothing is stored). */
  'accounting.preview': method<JournalDto>()(z.object({ from: date, to: date }).strict(), { description: 'The journal these dates would get', roles: ['owner'] }),
  'accounting.closePeriod': method<AccountingPeriodDto>()(z.object({ from: date, to: date }).strict(), {
    description: 'Close a period: its journal is computed once and kept; periods never overlap',
    audit: 'money',
    roles: ['owner'],
  }),
  'accounting.export': method<{ filename: string; contentType: string; content: string }>()(z.object({ period: id, format: z.enum(EXPORT_FORMATS) }).strict(), {
    description: 'A closed period as generic journal CSV, QuickBooks IIF, QuickBooks Online invoice CSV or Xero invoice CSV (always the same bytes)',
    roles: ['owner'],
  }),
  'accounting.accounts': method<Record<AccountKey, string>>()(z.object({}).strict(), { description: 'Account names used by the next period closed', roles: ['owner'] }),
  'accounting.updateAccounts': method<Record<AccountKey, string>>()(z.object(Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, z.string().trim().min(1).max(100).optional()]))).strict(), {
    description: 'Rename accounts (applies to periods closed from now on)',
    audit: 'money',
    roles: ['owner'],
  }),
  'accounting.settings': method<AccountingSettingsDto>()(z.object({}).strict(), { description: 'Account names, Xero account codes, how receipts are booked, Xero date format', roles: ['owner'] }),
  'accounting.updateSettings': method<AccountingSettingsDto>()(
    z
      .object({
        codes: z.object(Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, z.string().trim().min(1).max(10).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore').optional()]))).strict().optional(),
        receiptsAgainst: z.enum(RECEIPT_BOOKINGS).optional(),
        xeroDateFormat: z.enum(XERO_DATE_FORMATS).optional(),
      })
      .strict(),
    { description: 'Set Xero account codes, how goods receipts are booked and the Xero date format (applies to periods closed from now on)', audit: 'money', roles: ['owner'] },
  ),
};
