import type { App } from '../app';
import { formatMoney } from '../../shared/units';
import type { CliCommand, CliContext } from './command';

const CLI = { transport: 'cli' as const, actor: 'cli' };

/**
 * `shipshape po create --from-plan`: runs the autopilot now (as `replenish.run`) and approves every
 * suggestion it made within the budget: one draft PO per supplier, each line with its sentence.
 * Called from `po create` (main/cli/purchasing.ts) so the command stays where people look for it.
 */
export async function createPosFromPlan(ctx: CliContext): Promise<void> {
  const app: App = await ctx.openApp();
  const current = await app.invoke('replenish.run', {}, CLI);
  const pending = current.suggestions.filter((s) => s.status === 'pending');
  const pos = pending.length ? await app.invoke('replenish.approve', { ids: pending.map((s) => s.id) }, CLI) : [];
  const leftOut = current.suggestions.filter((s) => s.status === 'left_out').map((s) => ({ supplier: s.supplier, sku: s.sku, qty: s.qty, value_cents: s.valueCents, reason: s.statusReason }));
  const human = pos.length
    ? pos.map((p) => `${p.number} drafted for ${p.supplier}: ${p.lines} line(s), ${formatMoney(p.totalCents, p.currency)}`).join('\n') + (leftOut.length ? `\n${leftOut.length} line(s) left out by the budget` : '')
    : 'Nothing to order: no suggestion within the budget.';
  ctx.out({ run_id: current.run?.id ?? null, pos, left_out: leftOut }, human);
}

export const replenishmentCommands: CliCommand[] = [
  {
    name: 'replenish plan',
    usage: 'replenish plan [--warehouse CODE] [--json]',
    summary: 'What the autopilot would order now, each line with its arithmetic (nothing is saved)',
    options: { warehouse: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const warehouseId = typeof values.warehouse === 'string' ? (await app.services.inventory.locations.warehouse(values.warehouse)).id : undefined;
      const plan = await app.invoke('replenish.preview', warehouseId ? { warehouseId } : {}, CLI);
      // The budget is in the shop currency, which has no setting yet (USD); plan lines carry their supplier's.
      const money = (c: number, currency = 'USD') => formatMoney(c, currency);
      const json = {
        day: plan.day,
        warehouse_id: plan.warehouseId,
        lines: plan.lines.map((l) => ({ supplier: l.supplier, sku: l.sku, qty: l.qty, reason: l.reason, case_pack: l.casePack, unit_cost_cents: l.unitCostCents, value_cents: l.valueCents, abc: l.abcClass, per_day: l.perDay, stockout_risk: l.stockoutRisk, risk_score: l.riskScore })),
        budget: { period: plan.budget.period, period_start: plan.budget.periodStart, budget_cents: plan.budget.budgetCents, committed_cents: plan.budget.committedCents, available_cents: plan.budget.availableCents, planned_cents: plan.budget.plannedCents },
        left_out: plan.leftOut.map((l) => ({ supplier: l.supplier, sku: l.sku, qty: l.qty, value_cents: l.valueCents, reason: l.leftOutReason })),
        exceptions: plan.exceptions.map((e) => ({ kind: e.kind, message: e.message })),
      };
      const human = [
        `Budget ${money(plan.budget.budgetCents)} per ${plan.budget.period}: ${money(plan.budget.committedCents)} committed, ${money(plan.budget.plannedCents)} planned`,
        ...plan.lines.map((l) => `${l.supplier}  ${l.sku}  ${l.qty}  ${money(l.valueCents, l.currency)}  ${l.reason}`),
        ...plan.leftOut.map((l) => `left out: ${l.sku} (${l.supplier}) — ${l.leftOutReason}`),
        ...plan.exceptions.map((e) => `! ${e.message}`),
      ].join('\n');
      ctx.out(json, human);
    },
  },
  {
    name: 'replenish run',
    usage: 'replenish run [--json]',
    summary: 'Run the autopilot now: save its suggestions (and auto-send under the limit)',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const current = await app.invoke('replenish.run', {}, CLI);
      const pending = current.suggestions.filter((s) => s.status === 'pending').length;
      ctx.out({ run_id: current.run?.id, suggested: current.run?.summary.suggested, left_out: current.run?.summary.leftOut, auto_sent: current.run?.summary.autoSent }, `Run ${current.run?.id}: ${pending} suggestion(s) waiting for approval`);
    },
  },
];
