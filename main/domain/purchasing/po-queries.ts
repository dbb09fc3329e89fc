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
    const lines = await store.raw<{
      line_no: number; product_id: number; sku: string; name: string; supplier_sku: string | null; quantity: number; case_pack: number; unit_cost_cents: number;
      expected_on: string | null; received_qty: number; damaged_qty: number; lot_tracked: number; reason: string | null;
    }>(
      `select l.line_no, l.product_id, p.sku, p.name, l.supplier_sku, l.quantity, l.case_pack, l.unit_cost_cents, l.expected_on, l.received_qty, l.damaged_qty, p.lot_tracked, l.reason
       from purchase_order_line l join product p on p.id = l.product_id where l.po_id = ? order by l.line_no`,
      po.id,
    );
    const gtins = new Map<number, string[]>();
    for (const b of await store.raw<{ product_id: number; code: string }>("select b.product_id, b.code from barcode b join purchase_order_line l on l.product_id = b.product_id where l.po_id = ? and b.kind = 'gtin' order by b.code", po.id)) {
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
    const events = (await store
      .raw<{ id: number; at: string; actor: string; kind: string; detail: string }>('select id, at, actor, kind, detail from purchase_order_event where po_id = ? order by id', po.id))
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
    const receipts = await store.raw<{ id: number; received_at: string; actor: string; note: string }>('select id, received_at, actor, note from po_receipt where po_id = ? order by id', poId);
    const lines = await store.raw<{ receipt_id: number; sku: string; quantity: number; over_qty: number; damaged_qty: number; lot: string | null; expires_on: string | null; bin: string | null; unit_cost_cents: number; landed_unit_cents: number }>(
      `select rl.receipt_id, p.sku, rl.quantity, rl.over_qty, rl.damaged_qty, lot.code as lot, lot.expires_on, b.code as bin, rl.unit_cost_cents, rl.landed_unit_cents
       from po_receipt_line rl join po_receipt r on r.id = rl.receipt_id join product p on p.id = rl.product_id
       left join lot on lot.id = rl.lot_id left join bin b on b.id = rl.bin_id
       where r.po_id = ? order by rl.id`,
      poId,
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
    if (!(await store.raw('select 1 from po_receipt where id = ?', receiptId)).length) throw notFound(`Receipt ${receiptId}`);
    return await mapInOrder((await store
      .raw<{ product_id: number; sku: string; name: string; quantity: number; lot: string | null; bin: string; bin_id: number }>(
        `select rl.product_id, p.sku, p.name, sum(rl.quantity) as quantity, lot.code as lot, b.code as bin, b.id as bin_id
         from po_receipt_line rl join product p on p.id = rl.product_id join bin b on b.id = rl.bin_id left join lot on lot.id = rl.lot_id
         where rl.receipt_id = ? and rl.quantity > 0
         group by rl.product_id, rl.bin_id, rl.lot_id, p.sku, p.name, lot.code, b.code, b.id, b.pick_sequence order by b.pick_sequence, b.code, p.sku`,
        receiptId,
      )), async (r) => ({ productId: r.product_id, sku: r.sku, name: r.name, quantity: r.quantity, lot: r.lot, bin: r.bin, binId: r.bin_id, reason: await this.putawayReason(receiptId, r.product_id) }));
  }

  private async putawayReason(receiptId: number, productId: number): Promise<string> {
    const e = await this.core.store.raw<{ detail: string }>(
      "select e.detail from purchase_order_event e join po_receipt r on r.po_id = e.po_id where r.id = ? and e.kind = 'received' order by e.id desc",
      receiptId,
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
