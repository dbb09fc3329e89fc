import type { SupplierBillDto } from '../../../shared/api/supplier-bills';
import { conflict, invalid, notFound } from '../../../shared/errors';
import { sql } from 'kysely';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import { formatLocalDate, isLocalDate, parseLocalDate } from '../calendar/local-days';

interface BillRow {
  id: number;
  po_id: number;
  po_number: string;
  supplier: string;
  bill_number: string;
  billed_on: string;
  due_on: string;
  amount_cents: number;
  currency: string;
  recorded_at: string;
}

/**
 * Records what a supplier invoiced for a purchase order (the books: goods received not invoiced,
 * and any price difference, against Accounts Payable — see purchases-journal.ts). A bill is for a PO
 * that has received goods; its number is unique per supplier; it is due after the supplier's
 * payment terms; it cannot be dated in a period already closed (it would never be booked).
 */
export async function recordSupplierBill(core: Core, input: { po: number | string; number: string; amountCents: number; billedOn?: string }): Promise<SupplierBillDto> {
  const { store } = core;
  let poId = 0;
  const id = await store.tx(async () => {
    const byPo = store.kysely
      .selectFrom('purchase_order as po')
      .innerJoin('supplier as s', 's.id', 'po.supplier_id')
      .select(['po.id', 'po.number', 'po.status', 'po.supplier_id', 'po.currency', 's.payment_terms_days as terms', 's.name as supplier']);
    const po = await store.get(typeof input.po === 'number' ? byPo.where('po.id', '=', input.po) : byPo.where('po.number', '=', input.po));
    if (!po) throw notFound(`Purchase order ${input.po}`, { field: 'po' });
    poId = po.id;
    const received = (await store.get(store.kysely.selectFrom('po_receipt').select((eb) => eb.fn.countAll<number>().as('n')).where('po_id', '=', po.id)))!.n;
    if (po.status === 'cancelled' || received === 0) throw conflict(`${po.number} has received nothing yet: record its bill once goods have arrived`, { field: 'po' });
    const number = input.number.trim();
    if (!number) throw invalid('The bill number is required', { field: 'number' });
    if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw invalid('The bill amount must be more than zero', { field: 'amountCents' });
    const today = (await shopCalendar(core)).today();
    const billedOn = input.billedOn ?? today;
    if (!isLocalDate(billedOn)) throw invalid(`${billedOn} is not a date (YYYY-MM-DD)`, { field: 'billedOn' });
    if (billedOn > today) throw invalid(`The bill date ${billedOn} is in the future (today is ${today})`, { field: 'billedOn' });
    const closed = await store.get(store.kysely.selectFrom('accounting_period').select(['from_date', 'to_date']).where('from_date', '<=', billedOn).where('to_date', '>=', billedOn));
    if (closed) throw conflict(`${billedOn} is in the closed bookkeeping period ${closed.from_date} – ${closed.to_date}: date the bill after it`, { field: 'billedOn' });
    const duplicate = await store.get(
      store.kysely
        .selectFrom('supplier_bill as b')
        .innerJoin('purchase_order as po', 'po.id', 'b.po_id')
        .select('po.number as po_number')
        .where('b.supplier_id', '=', po.supplier_id)
        .where('b.bill_number', '=', number),
    );
    if (duplicate) throw conflict(`${po.supplier}'s bill ${number} is already recorded (on ${duplicate.po_number})`, { field: 'number' });
    const dueOn = formatLocalDate(parseLocalDate(billedOn) + po.terms);
    const inserted = await store.get(
      store.kysely
        .insertInto('supplier_bill')
        .values({
          po_id: po.id,
          supplier_id: po.supplier_id,
          bill_number: number,
          billed_on: billedOn,
          due_on: dueOn,
          amount_cents: input.amountCents,
          currency: po.currency,
          recorded_at: core.clock.now().toISOString(),
        })
        .returning('id'),
    );
    return inserted!.id;
  });
  core.events.publish('purchasing.bills', { id, poId });
  return (await supplierBills(core, { poId })).find((b) => b.id === id)!;
}

/** Bills recorded, newest first (one PO's, or all). Each with what the PO received, to compare. */
export async function supplierBills(core: Core, filter: { poId?: number }): Promise<SupplierBillDto[]> {
  const { store } = core;
  let q = store.kysely
    .selectFrom('supplier_bill as b')
    .innerJoin('purchase_order as po', 'po.id', 'b.po_id')
    .innerJoin('supplier as s', 's.id', 'b.supplier_id')
    .select((eb) => [
      'b.id',
      'b.po_id',
      'po.number as po_number',
      's.name as supplier',
      'b.bill_number',
      'b.billed_on',
      'b.due_on',
      'b.amount_cents',
      'b.currency',
      'b.recorded_at',
      eb
        .selectFrom('po_receipt as r')
        .innerJoin('po_receipt_line as l', 'l.receipt_id', 'r.id')
        .select(sql<number>`coalesce(sum(l.quantity * (l.unit_cost_cents + l.landed_unit_cents)), 0)`.as('v'))
        .whereRef('r.po_id', '=', 'b.po_id')
        .as('received_cents'),
    ])
    .orderBy('b.recorded_at', 'desc')
    .orderBy('b.id', 'desc');
  if (filter.poId) q = q.where('b.po_id', '=', filter.poId);
  const rows: (BillRow & { received_cents: number | null })[] = await store.all(q);
  return rows.map((r) => ({
    id: r.id,
    poId: r.po_id,
    poNumber: r.po_number,
    supplier: r.supplier,
    number: r.bill_number,
    billedOn: r.billed_on,
    dueOn: r.due_on,
    amountCents: r.amount_cents,
    currency: r.currency,
    // A scalar subquery is typed nullable; coalesce(…, 0) in it makes it a number on both engines.
    receivedCents: r.received_cents ?? 0,
    recordedAt: r.recorded_at,
  }));
}
