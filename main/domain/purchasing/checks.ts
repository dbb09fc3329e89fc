import type { InvariantCheck } from '../system/checks';

/** A PO line's received and damaged units equal the sums of its receipt lines (counters that drift are how ledgers lie). */
export const poLinesEqualReceipts: InvariantCheck = {
  name: 'purchasing.po_lines_equal_receipts',
  async run({ store }) {
    return (await store
      .raw<{ id: number; po_id: number; line_no: number; received_qty: number; damaged_qty: number; got: number | null; damaged: number | null }>(
        `select l.id, l.po_id, l.line_no, l.received_qty, l.damaged_qty, r.got, r.damaged
         from purchase_order_line l
         left join (select po_line_id, sum(quantity) as got, sum(damaged_qty) as damaged from po_receipt_line group by po_line_id) r on r.po_line_id = l.id
         where l.received_qty <> coalesce(r.got, 0) or l.damaged_qty <> coalesce(r.damaged, 0)`,
      ))
      .map((r) => ({
        check: 'purchasing.po_lines_equal_receipts',
        message: `PO ${r.po_id} line ${r.line_no}: received ${r.received_qty} / damaged ${r.damaged_qty}, receipts say ${r.got ?? 0} / ${r.damaged ?? 0}`,
        details: r,
      }));
  },
};
