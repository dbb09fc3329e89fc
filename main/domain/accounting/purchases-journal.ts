import type { AccountKey, JournalEntryDto, ReceiptBooking } from '../../../shared/api/accounting';
import { sql } from 'kysely';
import type { Core } from '../../core';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';

interface ReceiptRow {
  id: number;
  po_id: number;
  received_at: string;
  po_number: string;
  currency: string;
  supplier: string;
  payment_terms_days: number;
  cents: number;
}
interface BillRow {
  id: number;
  po_id: number;
  bill_number: string;
  billed_on: string;
  due_on: string;
  amount_cents: number;
  currency: string;
  recorded_at: string;
  po_number: string;
  supplier: string;
}

const line = (account: AccountKey, debitCents: number, creditCents: number) => ({ account, debitCents, creditCents });

/**
 * Goods received against purchase orders, one entry per receipt: inventory at the value the
 * receipt put on the shelf — each movement's quantity × its unit cost, which is the PO's unit cost
 * plus the unit's share of freight, duty and other landed costs — against goods received not
 * invoiced (GRNI), or straight against Accounts Payable when the owner books receipts that way
 * (then the receipt is what QuickBooks gets as the vendor's bill).
 *
 * `inPeriod` maps an instant to its shop day if it falls in the period (else null).
 */
export async function receiptEntries(core: Core, lo: string, hi: string, inPeriod: (iso: string) => string | null, booking: ReceiptBooking): Promise<JournalEntryDto[]> {
  const entries: JournalEntryDto[] = [];
  for (const r of await receiptValues(core, { receivedFrom: lo, receivedBefore: hi })) {
    const date = inPeriod(r.received_at);
    if (!date || r.cents === 0) continue;
    const credit: AccountKey = booking === 'payable' ? 'payable' : 'grni';
    entries.push({
      date,
      kind: 'receipt',
      reference: `${r.po_number} receipt ${r.id}`,
      memo: `Goods received on ${r.po_number} from ${r.supplier} (cost incl. landed costs)`,
      currency: r.currency,
      lines: [line('inventory', r.cents, 0), line(credit, 0, r.cents)],
      ...(booking === 'payable' ? { vendor: { name: r.supplier, billNumber: null, dueOn: addDays(date, r.payment_terms_days) } } : {}),
    });
  }
  return entries;
}

/**
 * Supplier bills recorded in the period (on their bill date). A bill clears what was received on
 * its PO before it was recorded and not yet cleared by an earlier bill of that PO; the rest — the
 * supplier charging more or less than the PO's cost — is a purchase price variance:
 * - receipts against GRNI: GRNI (cleared) ± price variance against Accounts Payable (the bill's amount);
 * - receipts against Accounts Payable: the receipt already owes the supplier, so the bill books
 *   only the variance (nothing when it matches).
 */
export async function billEntries(core: Core, from: string, to: string, booking: ReceiptBooking): Promise<JournalEntryDto[]> {
  const { store } = core;
  const bills: BillRow[] = await store.all(
    store.kysely
      .selectFrom('supplier_bill as b')
      .innerJoin('purchase_order as po', 'po.id', 'b.po_id')
      .innerJoin('supplier as s', 's.id', 'b.supplier_id')
      .select(['b.id', 'b.po_id', 'b.bill_number', 'b.billed_on', 'b.due_on', 'b.amount_cents', 'b.currency', 'b.recorded_at', 'po.number as po_number', 's.name as supplier'])
      // Every bill of a PO billed in the period: earlier ones tell what was already cleared.
      .where('b.po_id', 'in', (eb) => eb.selectFrom('supplier_bill').select('po_id').where('billed_on', '>=', from).where('billed_on', '<=', to))
      .orderBy('b.po_id')
      .orderBy('b.recorded_at')
      .orderBy('b.id'),
  );
  if (bills.length === 0) return [];
  const poIds = [...new Set(bills.map((b) => b.po_id))];
  const receipts = await receiptValues(core, { poIds });
  const entries: JournalEntryDto[] = [];
  const clearedPerPo = new Map<number, number>();
  for (const b of bills) {
    const receivedBefore = receipts.filter((r) => r.po_id === b.po_id && r.received_at <= b.recorded_at).reduce((s, r) => s + r.cents, 0);
    const cleared = clearedPerPo.get(b.po_id) ?? 0;
    const clears = Math.max(0, receivedBefore - cleared);
    clearedPerPo.set(b.po_id, cleared + clears);
    // Earlier bills of the PO are walked only to know what they cleared; only the period's bills are booked.
    if (b.billed_on < from || b.billed_on > to) continue;
    const variance = b.amount_cents - clears;
    const varianceLine = variance > 0 ? line('purchase_variance', variance, 0) : line('purchase_variance', 0, -variance);
    const lines =
      booking === 'grni'
        ? [line('payable', 0, b.amount_cents), line('grni', clears, 0), varianceLine]
        : variance > 0
          ? [line('payable', 0, variance), varianceLine]
          : [line('payable', -variance, 0), varianceLine];
    const kept = lines.filter((l) => l.debitCents !== 0 || l.creditCents !== 0);
    if (kept.length < 2) continue; // a bill that matches what a payable-booked receipt already owes
    entries.push({
      date: b.billed_on,
      kind: 'bill',
      reference: `${b.supplier} bill ${b.bill_number}`,
      memo: `Bill ${b.bill_number} for ${b.po_number}${variance !== 0 ? ` (${variance > 0 ? 'over' : 'under'} the goods received by ${Math.abs(variance)} minor units: price variance)` : ''}`,
      currency: b.currency,
      lines: kept,
      vendor: { name: b.supplier, billNumber: b.bill_number, dueOn: b.due_on },
    });
  }
  return entries;
}

/** Each receipt's value: Σ quantity × unit cost of its movements (the PO cost plus landed share when no movement is linked). */
async function receiptValues(core: Core, filter: { receivedFrom: string; receivedBefore: string } | { poIds: number[] }): Promise<ReceiptRow[]> {
  const { store } = core;
  let q = store.kysely
    .selectFrom('po_receipt as r')
    .innerJoin('purchase_order as po', 'po.id', 'r.po_id')
    .innerJoin('supplier as s', 's.id', 'po.supplier_id')
    .leftJoin('po_receipt_line as l', 'l.receipt_id', 'r.id')
    .leftJoin('stock_movement as m', 'm.id', 'l.movement_id')
    .select([
      'r.id',
      'r.po_id',
      'r.received_at',
      'po.number as po_number',
      'po.currency',
      's.name as supplier',
      's.payment_terms_days',
      sql<number>`coalesce(sum(case when m.id is not null then m.quantity * coalesce(m.unit_cost_cents, 0) else l.quantity * (l.unit_cost_cents + l.landed_unit_cents) end), 0)`.as('cents'),
    ])
    .groupBy(['r.id', 'r.po_id', 'r.received_at', 'po.number', 'po.currency', 's.name', 's.payment_terms_days'])
    .orderBy('r.received_at')
    .orderBy('r.id');
  q = 'poIds' in filter ? q.where('r.po_id', 'in', filter.poIds) : q.where('r.received_at', '>=', filter.receivedFrom).where('r.received_at', '<', filter.receivedBefore);
  return await store.all(q);
}

function addDays(day: string, days: number): string {
  return formatLocalDate(parseLocalDate(day) + days);
}
