import { mapInOrder } from '../../util/in-order';
import type { PoDetailDto, PoEventDto, PoLineDto, PoSummaryDto, PutawayDto, ReceiptDto } from '../../../shared/api/purchasing';
import { sql } from 'kysely';
import { notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import type { PurchaseOrderService } from './purchase-orders';
import type { PurchaseOrderRow } from './rows';

interface SummaryRow extends PurchaseOrderRow {
  supplier_name: string;
  warehouse_code: string;
  line_count: number;
  units: number | null;
  open_units: number | null;
  goods_cents: number | null;
}

export interface PoListQuery {
  status?: PoSummaryDto['status'] | 'open';
  supplierId?: number;
  overdueOnly?: boolean;
  limit?: number;
}

/** Read side of purchase orders: lists, detail with history and receipts, putaway lists. */
export class PurchaseOrderQueries {
  constructor(
    private readonly core: Core,
    private readonly orders: PurchaseOrderService,
  ) {}

  private async summaries(where: (q: ReturnType<PurchaseOrderQueries['base']>) => ReturnType<PurchaseOrderQueries['base']>, limit: number): Promise<PoSummaryDto[]> {
    const today = (await shopCalendar(this.core)).today();
    return (await this.core.store.all(where(this.base()).orderBy('po.id', 'desc').limit(limit)) as SummaryRow[]).map((r) => toSummary(r, today));
  }

  private base() {
    return this.core.store.kysely
      .selectFrom('purchase_order as po')
      .innerJoin('supplier as s', 's.id', 'po.supplier_id')
      .innerJoin('warehouse as w', 'w.id', 'po.warehouse_id')
      .selectAll('po')
      .select(['s.name as supplier_name', 'w.code as warehouse_code'])
      .select((eb) => [
        eb.selectFrom('purchase_order_line as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.po_id', '=', 'po.id').as('line_count'),
        eb.selectFrom('purchase_order_line as l').select((e) => e.fn.sum<number>('l.quantity').as('n')).whereRef('l.po_id', '=', 'po.id').as('units'),
        eb
          .selectFrom('purchase_order_line as l')
          // Over-deliveries do not make another line's open units negative (case, not SQLite's scalar max: dialect-neutral).
          .select(sql<number>`sum(case when l.quantity > l.received_qty + l.damaged_qty then l.quantity - l.received_qty - l.damaged_qty else 0 end)`.as('n'))
          .whereRef('l.po_id', '=', 'po.id')
          .as('open_units'),
        eb.selectFrom('purchase_order_line as l').select((e) => e.fn.sum<number>(e('l.quantity', '*', e.ref('l.unit_cost_cents'))).as('n')).whereRef('l.po_id', '=', 'po.id').as('goods_cents'),
      ]);
  }

  async list(q: PoListQuery = {}): Promise<PoSummaryDto[]> {
    const today = (await shopCalendar(this.core)).today();
    return await this.summaries((b) => {
      let x = b;
      if (q.status === 'open' || q.overdueOnly) x = x.where('po.status', 'in', ['sent', 'partially_received']);
      else if (q.status) x = x.where('po.status', '=', q.status);
      if (q.overdueOnly) x = x.where('po.expected_on', '<', today);
      if (q.supplierId != null) x = x.where('po.supplier_id', '=', q.supplierId);
      return x;
    }, q.limit ?? 200);
  }

  async summary(id: number): Promise<PoSummaryDto> {
    const found = (await this.summaries((b) => b.where('po.id', '=', id), 1))[0];
    if (!found) throw notFound(`Purchase order ${id}`);
    return found;
  }

  async detail(ref: number | string): Promise<PoDetailDto> {
    const { store } = this.core;
    const po = await this.orders.resolve(ref);
    const lines = await store.all(
      store.kysely
        .selectFrom('purchase_order_line as l')
        .innerJoin('product as p', 'p.id', 'l.product_id')
        .select(['l.line_no', 'l.product_id', 'p.sku', 'p.name', 'l.supplier_sku', 'l.quantity', 'l.case_pack', 'l.unit_cost_cents', 'l.expected_on', 'l.received_qty', 'l.damaged_qty', 'p.lot_tracked', 'l.reason'])
        .where('l.po_id', '=', po.id)
        .orderBy('l.line_no'),
    );
    const gtins = new Map<number, string[]>();
    const barcodes = store.kysely
      .selectFrom('barcode as b')
      .innerJoin('purchase_order_line as l', 'l.product_id', 'b.product_id')
      .select(['b.product_id', 'b.code'])
      .where('l.po_id', '=', po.id)
      .where('b.kind', '=', 'gtin')
      .orderBy('b.code');
    for (const b of await store.all(barcodes)) {
      gtins.set(b.product_id, [...(gtins.get(b.product_id) ?? []), b.code]);
    }
    const lineDtos = lines.map(
      (l): PoLineDto => ({
        lineNo: l.line_no,
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        gtins: gtins.get(l.product_id) ?? [],
        supplierSku: l.supplier_sku,
        quantity: l.quantity,
        casePack: l.case_pack,
        cases: l.case_pack > 1 && l.quantity % l.case_pack === 0 ? l.quantity / l.case_pack : null,
        unitCostCents: l.unit_cost_cents,
        lineTotalCents: l.quantity * l.unit_cost_cents,
        expectedOn: l.expected_on,
        receivedQty: l.received_qty,
        damagedQty: l.damaged_qty,
        openQty: Math.max(0, l.quantity - l.received_qty - l.damaged_qty),
        lotTracked: l.lot_tracked === 1,
        reason: l.reason,
      }),
    );
    const events = (await store.all(store.kysely.selectFrom('purchase_order_event').select(['id', 'at', 'actor', 'kind', 'detail']).where('po_id', '=', po.id).orderBy('id')))
      .map((e): PoEventDto => {
        const detail = JSON.parse(e.detail) as Record<string, unknown>;
        return { id: e.id, at: e.at, actor: e.actor, kind: e.kind, detail, summary: describeEvent(e.kind, detail) };
      });
    return {
      ...await this.summary(po.id),
      freightCents: po.freight_cents,
      dutyCents: po.duty_cents,
      otherCostCents: po.other_cost_cents,
      landedCostMethod: po.landed_cost_method,
      notes: po.notes,
      lines: lineDtos,
      events,
      receipts: await this.receipts(po.id),
    };
  }

  async receipts(poId: number): Promise<ReceiptDto[]> {
    const { store } = this.core;
    const receipts = await store.all(store.kysely.selectFrom('po_receipt').select(['id', 'received_at', 'actor', 'note']).where('po_id', '=', poId).orderBy('id'));
    const lines = await store.all(
      store.kysely
        .selectFrom('po_receipt_line as rl')
        .innerJoin('po_receipt as r', 'r.id', 'rl.receipt_id')
        .innerJoin('product as p', 'p.id', 'rl.product_id')
        .leftJoin('lot', 'lot.id', 'rl.lot_id')
        .leftJoin('bin as b', 'b.id', 'rl.bin_id')
        .select(['rl.receipt_id', 'p.sku', 'rl.quantity', 'rl.over_qty', 'rl.damaged_qty', 'lot.code as lot', 'lot.expires_on', 'b.code as bin', 'rl.unit_cost_cents', 'rl.landed_unit_cents'])
        .where('r.po_id', '=', poId)
        .orderBy('rl.id'),
    );
    return receipts.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      actor: r.actor,
      note: r.note,
      lines: lines
        .filter((l) => l.receipt_id === r.id)
        .map((l) => ({ sku: l.sku, quantity: l.quantity, overQty: l.over_qty, damagedQty: l.damaged_qty, lot: l.lot, expiresOn: l.expires_on, bin: l.bin, unitCostCents: l.unit_cost_cents, landedUnitCents: l.landed_unit_cents })),
    }));
  }

  /** Where each item of a receipt goes: one row per product, bin and lot, in bin pick order. */
  async putaway(receiptId: number): Promise<PutawayDto[]> {
    const { store } = this.core;
    if (!(await store.get(store.kysely.selectFrom('po_receipt').select('id').where('id', '=', receiptId)))) throw notFound(`Receipt ${receiptId}`);
    const rows = await store.all(
      store.kysely
        .selectFrom('po_receipt_line as rl')
        .innerJoin('product as p', 'p.id', 'rl.product_id')
        .innerJoin('bin as b', 'b.id', 'rl.bin_id')
        .leftJoin('lot', 'lot.id', 'rl.lot_id')
        .select((eb) => ['rl.product_id', 'p.sku', 'p.name', eb.fn.sum<number>('rl.quantity').as('quantity'), 'lot.code as lot', 'b.code as bin', 'b.id as bin_id'])
        .where('rl.receipt_id', '=', receiptId)
        .where('rl.quantity', '>', 0)
        .groupBy(['rl.product_id', 'rl.bin_id', 'rl.lot_id', 'p.sku', 'p.name', 'lot.code', 'b.code', 'b.id', 'b.pick_sequence'])
        .orderBy('b.pick_sequence')
        .orderBy('b.code')
        .orderBy('p.sku'),
    );
    return await mapInOrder(rows, async (r) => ({ productId: r.product_id, sku: r.sku, name: r.name, quantity: r.quantity, lot: r.lot, bin: r.bin, binId: r.bin_id, reason: await this.putawayReason(receiptId, r.product_id) }));
  }

  private async putawayReason(receiptId: number, productId: number): Promise<string> {
    const { store } = this.core;
    const e = await store.all(
      store.kysely
        .selectFrom('purchase_order_event as e')
        .innerJoin('po_receipt as r', 'r.po_id', 'e.po_id')
        .select('e.detail')
        .where('r.id', '=', receiptId)
        .where('e.kind', '=', 'received')
        .orderBy('e.id', 'desc'),
    );
    for (const row of e) {
      const d = JSON.parse(row.detail) as { receiptId?: number; putaway?: Record<string, string> };
      if (d.receiptId === receiptId) return d.putaway?.[String(productId)] ?? 'chosen';
    }
    return 'chosen';
  }
}

function toSummary(r: SummaryRow, today: string): PoSummaryDto {
  const goods = Number(r.goods_cents ?? 0);
  const landed = r.freight_cents + r.duty_cents + r.other_cost_cents;
  return {
    id: r.id,
    number: r.number,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    warehouse: r.warehouse_code,
    status: r.status,
    currency: r.currency,
    expectedOn: r.expected_on,
    overdue: (r.status === 'sent' || r.status === 'partially_received') && r.expected_on != null && r.expected_on < today,
    lineCount: Number(r.line_count ?? 0),
    units: Number(r.units ?? 0),
    openUnits: Number(r.open_units ?? 0),
    goodsCents: goods,
    landedCents: landed,
    totalCents: goods + landed,
    createdBy: r.created_by,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** One readable line per history event. */
export function describeEvent(kind: string, d: Record<string, unknown>): string {
  const diff = (before: unknown, after: unknown) => {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    return Object.keys(a)
      .filter((k) => a[k] !== b[k])
      .map((k) => `${k} ${b[k] ?? '—'} → ${a[k] ?? '—'}`)
      .join(', ');
  };
  const count = (n: unknown, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (kind) {
    case 'created':
      return `Created with ${count(d.lines, 'line')}`;
    case 'sent':
      return Array.isArray(d.warnings) && d.warnings.length ? `Sent (${d.warnings.join('; ')})` : 'Sent to supplier';
    case 'line_edited':
      return `Line ${d.lineNo} (${d.sku}): ${diff(d.before, d.after)}`;
    case 'line_added':
      return `Line ${d.lineNo} (${d.sku}) added`;
    case 'line_removed':
      return `Line ${d.lineNo} (${d.sku}) removed`;
    case 'edited':
      return `Changed ${diff(d.before, d.after)}`;
    case 'received':
      return `Received ${count(d.units, 'unit')}${d.damaged ? `, ${d.damaged} damaged` : ''}${d.over ? `, ${d.over} over` : ''} (receipt ${d.receiptId})`;
    case 'cancelled':
      return `Cancelled${d.reason ? `: ${d.reason}` : ''}`;
    case 'closed':
      return d.shortUnits ? `Closed, ${count(d.shortUnits, 'unit')} never arrived` : 'Closed';
    default:
      return kind;
  }
}
