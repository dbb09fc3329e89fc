import type { SupplierBillDto } from '../../../shared/api/supplier-bills';
import { conflict, invalid, notFound } from '../../../shared/errors';
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

const BILL_COLUMNS = `b.id, b.po_id, po.number as po_number, s.name as supplier, b.bill_number, b.billed_on, b.due_on, b.amount_cents, b.currency, b.recorded_at`;

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
    const po = (await store.raw<{ id: number; number: string; status: string; supplier_id: number; currency: string; terms: number; supplier: string }>(
      `select po.id, po.number, po.status, po.supplier_id, po.currency, s.payment_terms_days as terms, s.name as supplier
         from purchase_order po join supplier s on s.id = po.supplier_id where ${typeof input.po === 'number' ? 'po.id' : 'po.number'} = ?`,
      input.po,
    ))[0];
    if (!po) throw notFound(`Purchase order ${input.po}`, { field: 'po' });
    poId = po.id;
    const received = (await store.raw<{ n: number }>('select count(*) as n from po_receipt where po_id = ?', po.id))[0].n;
    if (po.status === 'cancelled' || received === 0) throw conflict(`${po.number} has received nothing yet: record its bill once goods have arrived`, { field: 'po' });
    const number = input.number.trim();
    if (!number) throw invalid('The bill number is required', { field: 'number' });
    if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw invalid('The bill amount must be more than zero', { field: 'amountCents' });
    const today = (await shopCalendar(core)).today();
    const billedOn = input.billedOn ?? today;
    if (!isLocalDate(billedOn)) throw invalid(`${billedOn} is not a date (YYYY-MM-DD)`, { field: 'billedOn' });
    if (billedOn > today) throw invalid(`The bill date ${billedOn} is in the future (today is ${today})`, { field: 'billedOn' });
    const closed = (await store.raw<{ from_date: string; to_date: string }>('select from_date, to_date from accounting_period where from_date <= ? and to_date >= ?', billedOn, billedOn))[0];
    if (closed) throw conflict(`${billedOn} is in the closed bookkeeping period ${closed.from_date} – ${closed.to_date}: date the bill after it`, { field: 'billedOn' });
    const duplicate = (await store.raw<{ po_number: string }>(
      'select po.number as po_number from supplier_bill b join purchase_order po on po.id = b.po_id where b.supplier_id = ? and b.bill_number = ?',
      po.supplier_id,
      number,
    ))[0];
    if (duplicate) throw conflict(`${po.supplier}'s bill ${number} is already recorded (on ${duplicate.po_number})`, { field: 'number' });
    const dueOn = formatLocalDate(parseLocalDate(billedOn) + po.terms);
    return (await store.raw<{ id: number }>(
      'insert into supplier_bill (po_id, supplier_id, bill_number, billed_on, due_on, amount_cents, currency, recorded_at) values (?,?,?,?,?,?,?,?) returning id',
      po.id,
      po.supplier_id,
      number,
      billedOn,
      dueOn,
      input.amountCents,
      po.currency,
      core.clock.now().toISOString(),
    ))[0].id;
  });
  core.events.publish('purchasing.bills', { id, poId });
  return (await supplierBills(core, { poId })).find((b) => b.id === id)!;
}

/** Bills recorded, newest first (one PO's, or all). Each with what the PO received, to compare. */
export async function supplierBills(core: Core, filter: { poId?: number }): Promise<SupplierBillDto[]> {
  const rows = await core.store.raw<BillRow & { received_cents: number }>(
    `select ${BILL_COLUMNS},
            (select coalesce(sum(l.quantity * (l.unit_cost_cents + l.landed_unit_cents)), 0)
               from po_receipt r join po_receipt_line l on l.receipt_id = r.id where r.po_id = b.po_id) as received_cents
       from supplier_bill b join purchase_order po on po.id = b.po_id join supplier s on s.id = b.supplier_id
      ${filter.poId ? 'where b.po_id = ?' : ''}
      order by b.recorded_at desc, b.id desc`,
    ...(filter.poId ? [filter.poId] : []),
  );
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
    receivedCents: r.received_cents,
    recordedAt: r.recorded_at,
  }));
}
