import type { ReplenishmentRunDto, SuggestionDto, SuggestionStatus } from '../../../shared/api/replenishment';
import type { Core } from '../../core';

/** Maps the autopilot's rows to the contract's DTOs (React never sees a row). */

/** A run (the latest when no id is given). */
export async function readRun(core: Core, id?: number): Promise<ReplenishmentRunDto | null> {
  const { store } = core;
  let q = store.kysely.selectFrom('replenishment_run').selectAll().orderBy('id', 'desc').limit(1);
  if (id !== undefined) q = q.where('id', '=', id);
  const r = await store.get(q);
  if (!r) return null;
  const summary = JSON.parse(r.summary) as Partial<ReplenishmentRunDto['summary']>;
  return {
    id: r.id,
    trigger: r.trigger,
    shopDay: r.shop_day,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    actor: r.actor,
    budgetCents: r.budget_cents,
    committedCents: r.committed_cents,
    plannedCents: r.planned_cents,
    summary: { suggested: summary.suggested ?? 0, leftOut: summary.leftOut ?? 0, autoSent: summary.autoSent ?? [], products: summary.products ?? 0, ms: summary.ms ?? 0 },
  };
}

const STATUS_ORDER: Record<SuggestionStatus, number> = { pending: 0, approved: 1, left_out: 2, skipped: 3, superseded: 4 };

/** Suggestions of a run or by id, pending first, riskiest first. */
export async function readSuggestions(core: Core, filter: { runId?: number; ids?: number[]; status?: SuggestionStatus }): Promise<SuggestionDto[]> {
  const { store } = core;
  let q = store.kysely
    .selectFrom('replenishment_suggestion as s')
    .innerJoin('product as p', 'p.id', 's.product_id')
    .innerJoin('supplier as sup', 'sup.id', 's.supplier_id')
    .leftJoin('purchase_order as po', 'po.id', 's.po_id')
    .selectAll('s')
    .select(['p.sku', 'p.name', 'sup.name as supplier_name', 'po.number as po_number']);
  if (filter.runId !== undefined) q = q.where('s.run_id', '=', filter.runId);
  if (filter.ids) q = q.where('s.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.status) q = q.where('s.status', '=', filter.status);
  const rows = await store.all(q.orderBy('s.risk_score', 'desc').orderBy('s.id'));
  return rows
    .map((r) => ({
      id: r.id,
      runId: r.run_id,
      warehouseId: r.warehouse_id,
      supplier: r.supplier_name,
      supplierId: r.supplier_id,
      sku: r.sku,
      productId: r.product_id,
      name: r.name,
      proposedQty: r.proposed_qty,
      qty: r.qty,
      casePack: r.case_pack,
      unitCostCents: r.unit_cost_cents,
      valueCents: r.qty * r.unit_cost_cents,
      currency: r.currency,
      abcClass: r.abc_class as 'A' | 'B' | 'C',
      perDay: r.per_day,
      stockoutRisk: r.stockout_risk,
      riskScore: r.risk_score,
      reason: r.reason,
      status: r.status,
      statusReason: r.status_reason,
      poId: r.po_id,
      poNumber: r.po_number,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}
