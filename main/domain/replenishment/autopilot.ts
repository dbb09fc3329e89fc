import { filterInOrder, mapInOrder } from '../../util/in-order';
import type {
  ApprovedPoDto,
  ReplenishmentBudgetDto,
  ReplenishmentCurrentDto,
  ReplenishmentExceptionDto,
  ReplenishmentPlanDto,
  ReplenishmentSettingsDto,
  SuggestionDto,
} from '../../../shared/api/replenishment';
import type { AuditTransport } from '../../../shared/api/audit';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { AuditLog } from '../audit/audit-log';
import { shopCalendar } from '../calendar/shop-calendar';
import { formatLocalDate, parseLocalDate, weekdayOf } from '../calendar/local-days';
import { supplierOffers, unitCostAt } from '../purchasing/supplier-offers';
import type { ForecastSource } from './demand-forecasts';
import { forecastsOnThreads } from './forecast-threads';
import { buildPlan, leftOutDto, lineDto, lineReason, loadPlanInputs, supplierAndPoExceptions, type InternalPlan } from './planner';
import { readSettings, writeSettings } from './settings';
import { readRun, readSuggestions } from './suggestion-rows';

/** What the autopilot needs of purchasing (P1's service): drafting and sending POs. */
export interface PurchasingPort {
  createPurchaseOrder(input: { supplierId: number; warehouseId?: number; lines: { productId: number; quantity: number; unitCostCents?: number; reason?: string | null }[]; createdBy: string }): Promise<{ id: number; number: string; currency: string }>;
  sendPurchaseOrder(id: number, actor: string): Promise<unknown>;
}

export const AUTOPILOT_ACTOR = 'autopilot';

/**
 * The replenishment autopilot: plans (policy + budget), saves each run's suggestions, drafts POs per
 * supplier when the owner approves (or by itself under the auto-send limit), and writes every one of
 * its actions to the audit log with the reason.
 */
export class ReplenishmentAutopilot {
  /** The forecasts the planner reads: P2's forecasting over the order history, on worker threads for large catalogs. */
  forecastSource: ForecastSource = forecastsOnThreads;

  constructor(
    private readonly core: Core,
    private readonly deps: { purchasing: PurchasingPort; audit: AuditLog },
  ) {}

  async settings(): Promise<ReplenishmentSettingsDto> {
    return await readSettings(this.core);
  }

  async configure(change: Parameters<typeof writeSettings>[1]): Promise<ReplenishmentSettingsDto> {
    return await writeSettings(this.core, change);
  }

  async defaultWarehouseId(): Promise<number> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('warehouse').select('id').where('active', '=', 1).orderBy('cost_rank').orderBy('id').limit(1));
    if (!row) throw invalid('No active warehouse to replenish', { field: 'warehouseId' });
    return row.id;
  }

  /** The budget of the current period: what approvals committed since it began, and what is left. */
  async budget(given?: ReplenishmentSettingsDto, plannedCents = 0): Promise<ReplenishmentBudgetDto> {
    const settings = given ?? (await this.settings());
    const calendar = await shopCalendar(this.core);
    const today = calendar.today();
    const periodStart = settings.budgetPeriod === 'month' ? `${today.slice(0, 8)}01` : mondayOf(today);
    // Decisions are stamped in UTC; the period is shop days: it began at the shop's midnight.
    const since = (calendar.startOfDate(periodStart)).toISOString();
    // A cancelled PO spends nothing: its approved lines no longer count against the budget.
    const { store } = this.core;
    const rows = await store.all(
      store.kysely
        .selectFrom('replenishment_suggestion as s')
        .leftJoin('purchase_order as po', 'po.id', 's.po_id')
        .select((eb) => ['s.decided_at', eb('s.qty', '*', eb.ref('s.unit_cost_cents')).as('value')])
        .where('s.status', '=', 'approved')
        .where('s.decided_at', '>=', since)
        .where((eb) => eb.or([eb('po.status', 'is', null), eb('po.status', '<>', 'cancelled')]))
        // decided_at >= since excludes nulls: an approved suggestion always has its decision time.
        .$narrowType<{ decided_at: string }>(),
    );
    const committedCents = (await filterInOrder(rows, async (r) => calendar.localDate(new Date(r.decided_at)) >= periodStart)).reduce((s, r) => s + r.value, 0);
    return { period: settings.budgetPeriod, periodStart, budgetCents: settings.budgetCents, committedCents, availableCents: Math.max(0, settings.budgetCents - committedCents), plannedCents };
  }

  private async plan(warehouseId?: number): Promise<{ plan: InternalPlan; settings: ReplenishmentSettingsDto; budget: ReplenishmentBudgetDto; timings: { forecastMs: number; policyMs: number } }> {
    const settings = await this.settings();
    const budget = await this.budget(settings);
    const today = (await shopCalendar(this.core)).today();
    const wh = warehouseId ?? await this.defaultWarehouseId();
    const { store } = this.core;
    const ids = (await store.all(store.kysely.selectFrom('product').select('id').where('active', '=', 1).where('is_kit', '=', 0).orderBy('id'))).map((r) => r.id);
    // History up to yesterday (the forecasting's default): today is not over, its zero so far is not demand.
    const t0 = performance.now();
    const pending = Promise.resolve(this.forecastSource(this.core, ids, { warehouseId: wh, historyDays: settings.historyDays, recentDays: settings.revenueDays }));
    // Awaited below; should reading the shop fail first, a failed forecast must not be an unhandled rejection.
    pending.catch(() => undefined);
    // The shop's side of the plan is read while the forecasting threads start up (one turn of the
    // event loop first, so the threads are started before this thread is busy).
    await new Promise((resolve) => setImmediate(resolve));
    const inputs = await loadPlanInputs(this.core, wh);
    const forecasts = await pending;
    const t1 = performance.now();
    const plan = await buildPlan(this.core, { settings, warehouseId: wh, today, availableCents: budget.availableCents, forecasts, inputs });
    const timings = { forecastMs: Math.round(t1 - t0), policyMs: Math.round(performance.now() - t1) };
    return { plan, settings, budget: { ...budget, plannedCents: plan.spentCents }, timings };
  }

  /** The plan as it would be made now; nothing is saved. */
  async preview(input: { warehouseId?: number } = {}): Promise<ReplenishmentPlanDto> {
    const t0 = performance.now();
    const { plan, budget } = await this.plan(input.warehouseId);
    return { day: plan.day, warehouseId: plan.warehouseId, budget, lines: plan.chosen.map(lineDto), leftOut: plan.leftOut.map(leftOutDto), exceptions: plan.exceptions, products: plan.products, ms: Math.round(performance.now() - t0) };
  }

  /**
   * Runs the autopilot: plans, replaces the pending suggestions of earlier runs with this run's, and
   * under the auto-send limit approves and sends a supplier's PO itself. Audited with the reasons.
   */
  async run(opts: { trigger: 'daily' | 'manual'; actor: string; transport: AuditTransport }): Promise<ReplenishmentCurrentDto> {
    const { store, clock } = this.core;
    const t0 = performance.now();
    const { plan, settings, budget, timings } = await this.plan();
    const tSave = performance.now();
    const runId = await store.tx(async () => {
      const now = clock.now().toISOString();
      await store.run(
        store.kysely
          .updateTable('replenishment_suggestion')
          .set({ status: 'superseded', status_reason: 'replaced by a newer run', decided_by: AUTOPILOT_ACTOR, decided_at: now })
          .where('status', '=', 'pending'),
      );
      const { id } = (await store.get(
        store.kysely
          .insertInto('replenishment_run')
          .values({
            trigger: opts.trigger,
            shop_day: plan.day,
            started_at: now,
            actor: opts.actor,
            budget_cents: budget.budgetCents,
            committed_cents: budget.committedCents,
            planned_cents: plan.spentCents,
          })
          .returning('id'),
      ))!;
      const insert = async (line: InternalPlan['chosen'][number], status: 'pending' | 'left_out', reason: string | null) => {
        const dto = lineDto(line);
        await store.run(
          store.kysely.insertInto('replenishment_suggestion').values({
            run_id: id,
            supplier_id: dto.supplierId,
            product_id: dto.productId,
            warehouse_id: plan.warehouseId,
            proposed_qty: dto.qty,
            qty: dto.qty,
            case_pack: dto.casePack,
            unit_cost_cents: dto.unitCostCents,
            currency: dto.currency,
            reason: dto.reason,
            abc_class: dto.abcClass,
            per_day: dto.perDay,
            stockout_risk: dto.stockoutRisk,
            risk_score: dto.riskScore,
            status,
            status_reason: reason,
          }),
        );
      };
      for (const line of plan.chosen) await insert(line, 'pending', null);
      for (const l of plan.leftOut) await insert(l.line, 'left_out', l.reason);
      return id;
    });

    await this.deps.audit.record({
      actor: AUTOPILOT_ACTOR,
      role: null,
      transport: opts.transport,
      area: 'purchasing',
      action: 'replenish.run',
      target: `runId=${runId}`,
      detail: {
        trigger: opts.trigger,
        requestedBy: opts.actor,
        budget: { available: budget.availableCents, planned: plan.spentCents },
        suggested: plan.chosen.map((l) => `${l.sku}: ${lineReason(l)}`).slice(0, 10),
        leftOut: plan.leftOut.map((l) => `${l.line.sku}: ${l.reason}`).slice(0, 10),
      },
    });

    const autoSent: string[] = [];
    if (settings.autoSendUnderCents !== null) {
      const pending = await readSuggestions(this.core, { runId, status: 'pending' });
      for (const group of groupBySupplier(pending)) {
        const total = group.reduce((s, g) => s + g.valueCents, 0);
        if (total >= settings.autoSendUnderCents) continue;
        const [po] = await this.approve(group.map((g) => g.id), { actor: AUTOPILOT_ACTOR, transport: opts.transport, autoSend: true });
        autoSent.push(po.number);
      }
    }
    const saveMs = Math.round(performance.now() - tSave);
    const summary = { ...timings, saveMs, suggested: plan.chosen.length, leftOut: plan.leftOut.length, autoSent, products: plan.products, ms: Math.round(performance.now() - t0), exceptions: plan.exceptions.length, runsOut: plan.exceptions.filter((e) => e.kind === 'runs_out_before_delivery').slice(0, 200) };
    await store.tx(async () => await store.run(store.kysely.updateTable('replenishment_run').set({ finished_at: clock.now().toISOString(), summary: JSON.stringify(summary) }).where('id', '=', runId)));
    return await this.current();
  }

  /**
   * Approves pending suggestions: one draft PO per supplier, each line carrying its sentence. With
   * `autoSend` (the autopilot under the owner's limit) the PO is sent at once.
   */
  async approve(ids: readonly number[], opts: { actor: string; transport: AuditTransport; autoSend?: boolean }): Promise<ApprovedPoDto[]> {
    const { store, clock } = this.core;
    const suggestions = await this.pendingOrThrow(ids);
    const pos = await store.tx(async () => {
      const now = clock.now().toISOString();
      return await mapInOrder(groupBySupplier(suggestions), async (group) => {
        const first = group[0];
        const po = await this.deps.purchasing.createPurchaseOrder({
          supplierId: first.supplierId,
          warehouseId: first.warehouseId,
          createdBy: AUTOPILOT_ACTOR,
          lines: group.map((s) => ({ productId: s.productId, quantity: s.qty, unitCostCents: s.unitCostCents, reason: s.reason })),
        });
        for (const s of group) await store.run(store.kysely.updateTable('replenishment_suggestion').set({ status: 'approved', po_id: po.id, decided_by: opts.actor, decided_at: now }).where('id', '=', s.id));
        if (opts.autoSend) await this.deps.purchasing.sendPurchaseOrder(po.id, AUTOPILOT_ACTOR);
        return { po, group };
      });
    });
    for (const { po, group } of pos) {
      await this.deps.audit.record({
        actor: opts.actor,
        role: opts.actor === AUTOPILOT_ACTOR ? null : 'owner',
        transport: opts.transport,
        area: 'purchasing',
        action: opts.autoSend ? 'replenish.autoSend' : 'replenish.draftPo',
        target: `po=${po.number}`,
        detail: {
          supplier: group[0].supplier,
          why: opts.autoSend ? `total under the auto-send limit of ${(await this.settings()).autoSendUnderCents} (minor units)` : 'approved by the owner',
          lines: group.map((s) => `${s.sku}: ${s.reason}`),
        },
      });
    }
    return pos.map(({ po, group }) => ({ id: po.id, number: po.number, supplier: group[0].supplier, lines: group.length, totalCents: group.reduce((s, g) => s + g.valueCents, 0), currency: po.currency, sent: Boolean(opts.autoSend) }));
  }

  /** Changes a pending suggestion's quantity; the unit cost follows the price breaks, the sentence says who changed it. */
  async editQuantity(id: number, qty: number, actor: string): Promise<SuggestionDto> {
    const { store } = this.core;
    const [s] = await this.pendingOrThrow([id]);
    const offer = (await supplierOffers(this.core, [s.productId])).get(s.productId)?.find((o) => o.supplierId === s.supplierId);
    // Refused here, where the owner types it, rather than later when approving drafts the PO.
    if (offer && qty % offer.casePack !== 0) {
      const down = Math.floor(qty / offer.casePack) * offer.casePack;
      throw invalid(`qty: ${s.sku} comes in cases of ${offer.casePack}; ${qty} is not whole cases — order ${down > 0 ? `${down} or ` : ''}${down + offer.casePack}`, { field: 'qty', id });
    }
    if (offer && qty < offer.moq) throw invalid(`qty: ${s.supplier}'s minimum for ${s.sku} is ${offer.moq} units`, { field: 'qty', id });
    const unitCost = offer ? unitCostAt(offer, qty) : s.unitCostCents;
    const base = s.reason.replace(/ \(edited by .*\)$/, '');
    const reason = `${base} (edited by ${actor}: ${s.proposedQty} → ${qty})`;
    await store.tx(async () => await store.run(store.kysely.updateTable('replenishment_suggestion').set({ qty, unit_cost_cents: unitCost, reason }).where('id', '=', id)));
    return (await readSuggestions(this.core, { ids: [id] }))[0];
  }

  /** Skips pending suggestions with the owner's reason. */
  async skip(ids: readonly number[], reason: string, actor: string): Promise<SuggestionDto[]> {
    const { store, clock } = this.core;
    await this.pendingOrThrow(ids);
    const now = clock.now().toISOString();
    await store.tx(async () => {
      for (const id of ids) {
        await store.run(store.kysely.updateTable('replenishment_suggestion').set({ status: 'skipped', status_reason: reason || 'skipped by the owner', decided_by: actor, decided_at: now }).where('id', '=', id));
      }
    });
    return await readSuggestions(this.core, { ids: [...ids] });
  }

  async current(): Promise<ReplenishmentCurrentDto> {
    const settings = await this.settings();
    const run = await readRun(this.core);
    const suggestions = run ? await readSuggestions(this.core, { runId: run.id }) : [];
    const planned = suggestions.filter((s) => s.status === 'pending').reduce((sum, s) => sum + s.valueCents, 0);
    return { run, suggestions, budget: await this.budget(settings, planned), exceptions: await this.exceptions(), settings };
  }

  /** Supplier late and PO overdue now; SKUs running out as of the latest plan (a full plan is too slow to redo per screen view). */
  async exceptions(): Promise<ReplenishmentExceptionDto[]> {
    const today = (await shopCalendar(this.core)).today();
    const run = await readRun(this.core);
    const { store } = this.core;
    const summary = run ? (await store.get(store.kysely.selectFrom('replenishment_run').select('summary').where('id', '=', run.id)))?.summary : undefined;
    const fromRun = summary !== undefined ? ((JSON.parse(summary) as { runsOut?: ReplenishmentExceptionDto[] }).runsOut ?? []) : [];
    return [...await supplierAndPoExceptions(this.core, today), ...fromRun];
  }

  private async pendingOrThrow(ids: readonly number[]): Promise<SuggestionDto[]> {
    const found = await readSuggestions(this.core, { ids: [...ids] });
    for (const id of ids) {
      const s = found.find((f) => f.id === id);
      if (!s) throw notFound(`Suggestion ${id}`, { field: 'ids', id });
      if (s.status !== 'pending') throw conflict(`suggestion ${id} (${s.sku}) is ${s.status.replace('_', ' ')}; only a pending suggestion can be changed`, { field: 'ids', id, status: s.status });
    }
    return found;
  }
}

function groupBySupplier(suggestions: SuggestionDto[]): SuggestionDto[][] {
  const map = new Map<string, SuggestionDto[]>();
  for (const s of suggestions) {
    const key = `${s.supplierId}:${s.warehouseId}`;
    map.set(key, [...(map.get(key) ?? []), s]);
  }
  return [...map.values()];
}

/** The Monday of the week of a shop date (YYYY-MM-DD). */
function mondayOf(day: string): string {
  const d = parseLocalDate(day);
  return formatLocalDate(d - ((weekdayOf(d) + 6) % 7));
}
