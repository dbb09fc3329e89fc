import type { Core } from '../../core';

/** PO statuses whose open quantities are still coming (counted as on order by the policy). */
export const OPEN_PO_STATUSES = ['sent', 'partially_received'] as const;

/**
 * Units still to come per product on sent / partially received POs
 * (open qty = quantity − received − damaged, ≥ 0), with the earliest expected day among them.
 * `includeDrafts` also counts draft POs' quantities (the replenishment policy: an approved
 * suggestion waiting as a draft must not be ordered a second time by the next run); a draft's
 * expected day is not a promise yet, so it never sets `nextExpectedOn`.
 */
export async function openPurchaseQuantities(core: Core, opts: { warehouseId?: number; includeDrafts?: boolean } = {}): Promise<Map<number, { onOrder: number; nextExpectedOn: string | null }>> {
  const { store } = core;
  const statuses = opts.includeDrafts ? [...OPEN_PO_STATUSES, 'draft' as const] : [...OPEN_PO_STATUSES];
  let q = store.kysely
    .selectFrom('purchase_order_line as l')
    .innerJoin('purchase_order as po', 'po.id', 'l.po_id')
    .select(['l.product_id', 'l.quantity', 'l.received_qty', 'l.damaged_qty', 'l.expected_on as line_expected', 'po.expected_on as po_expected', 'po.status'])
    .where('po.status', 'in', statuses);
  if (opts.warehouseId != null) q = q.where('po.warehouse_id', '=', opts.warehouseId);
  const out = new Map<number, { onOrder: number; nextExpectedOn: string | null }>();
  for (const r of await store.all(q)) {
    const open = Math.max(0, r.quantity - r.received_qty - r.damaged_qty);
    if (open === 0) continue;
    const expected = r.status === 'draft' ? null : (r.line_expected ?? r.po_expected);
    const cur = out.get(r.product_id) ?? { onOrder: 0, nextExpectedOn: null };
    cur.onOrder += open;
    if (expected && (cur.nextExpectedOn === null || expected < cur.nextExpectedOn)) cur.nextExpectedOn = expected;
    out.set(r.product_id, cur);
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * Lead times observed per supplier: from a PO's sent_at to each of its receipts' received_at,
 * in (fractional) days. sdDays is the sample standard deviation (0 with one sample).
 */
export async function observedLeadTimes(core: Core): Promise<Map<number, { meanDays: number; sdDays: number; samples: number }>> {
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('po_receipt as r')
      .innerJoin('purchase_order as po', 'po.id', 'r.po_id')
      .select(['po.supplier_id', 'po.sent_at', 'r.received_at'])
      .where('po.sent_at', 'is not', null),
  );
  const bySupplier = new Map<number, number[]>();
  for (const r of rows) {
    const days = (Date.parse(r.received_at) - Date.parse(r.sent_at!)) / DAY_MS;
    if (!Number.isFinite(days) || days < 0) continue;
    const list = bySupplier.get(r.supplier_id) ?? [];
    list.push(days);
    bySupplier.set(r.supplier_id, list);
  }
  const out = new Map<number, { meanDays: number; sdDays: number; samples: number }>();
  for (const [supplierId, list] of bySupplier) {
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    const variance = list.length > 1 ? list.reduce((a, b) => a + (b - mean) ** 2, 0) / (list.length - 1) : 0;
    out.set(supplierId, { meanDays: mean, sdDays: Math.sqrt(variance), samples: list.length });
  }
  return out;
}
