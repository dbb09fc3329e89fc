import type { InvariantCheck } from '../system/checks';

/** A PO line's received and damaged units equal the sums of its receipt lines (counters that drift are how ledgers lie). */
export const poLinesEqualReceipts: InvariantCheck = {
  name: 'purchasing.po_lines_equal_receipts',
  async run({ store }) {
    const receipts = store.kysely
      .selectFrom('po_receipt_line')
      .select((eb) => ['po_line_id', eb.fn.sum<number>('quantity').as('got'), eb.fn.sum<number>('damaged_qty').as('damaged')])
      .groupBy('po_line_id');
    return (await store.all(
      store.kysely
        .selectFrom('purchase_order_line as l')
        .leftJoin(receipts.as('r'), 'r.po_line_id', 'l.id')
        .select(['l.id', 'l.po_id', 'l.line_no', 'l.received_qty', 'l.damaged_qty', 'r.got', 'r.damaged'])
        .where((eb) => eb.or([eb('l.received_qty', '<>', eb.fn.coalesce('r.got', eb.lit(0))), eb('l.damaged_qty', '<>', eb.fn.coalesce('r.damaged', eb.lit(0)))])),
    ))
      .map((r) => ({
        check: 'purchasing.po_lines_equal_receipts',
        message: `PO ${r.po_id} line ${r.line_no}: received ${r.received_qty} / damaged ${r.damaged_qty}, receipts say ${r.got ?? 0} / ${r.damaged ?? 0}`,
        details: r,
      }));
  },
};
