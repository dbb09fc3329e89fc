import { z } from 'zod';
import { method } from './contract';

/** The autopilot's settings: its budget per period, the auto-send limit, and the policy's parameters. */
export interface ReplenishmentSettingsDto {
  /** What the autopilot may commit per period, minor units of the shop currency. */
  budgetCents: number;
  budgetPeriod: 'week' | 'month';
  /** Approve and send a supplier's PO by itself when its total is under this (null: never; the owner approves everything). */
  autoSendUnderCents: number | null;
  /** Run once a shop day by itself (the desktop app and the station server). */
  dailyRun: boolean;
  /** Service level per ABC class of revenue (A ≥ B ≥ C). */
  serviceLevels: { A: number; B: number; C: number };
  /** Days of demand an order covers beyond the lead time. */
  coverDays: number;
  /** Lead-time spread as a share of the lead time until a supplier has 3 observed lead times. */
  leadTimeSdFraction: number;
  /** Holding cost per year as a share of stock value (decides whether a price break pays). */
  holdingRatePerYear: number;
  /** Days of revenue the ABC classes are computed from. */
  revenueDays: number;
  /** Days of order history the forecasts read. */
  historyDays: number;
}
export type ReplenishmentSettingsUpdate = Partial<ReplenishmentSettingsDto>;

export interface ReplenishmentBudgetDto {
  period: 'week' | 'month';
  /** First shop day of the current period. */
  periodStart: string;
  budgetCents: number;
  /** Approved in this period already (POs drafted from suggestions). */
  committedCents: number;
  availableCents: number;
  /** What the plan puts on POs. */
  plannedCents: number;
}

/** One line the autopilot proposes: what, from whom, how many, and the sentence that shows why. */
export interface PlanLineDto {
  supplier: string;
  supplierId: number;
  sku: string;
  productId: number;
  name: string;
  qty: number;
  casePack: number;
  unitCostCents: number;
  valueCents: number;
  currency: string;
  abcClass: 'A' | 'B' | 'C';
  perDay: number;
  /** Chance of running out before an order placed today arrives (0..1). */
  stockoutRisk: number;
  /** Stockout risk × margin per day: the rank within the budget. */
  riskScore: number;
  reason: string;
}

export interface LeftOutDto extends PlanLineDto {
  /** Why the budget (or a supplier minimum) left it out. */
  leftOutReason: string;
}

export type ReplenishmentExceptionKind = 'supplier_late' | 'po_overdue' | 'runs_out_before_delivery';
export interface ReplenishmentExceptionDto {
  kind: ReplenishmentExceptionKind;
  message: string;
  supplierId: number | null;
  poId: number | null;
  productId: number | null;
  sku: string | null;
}

export interface ReplenishmentPlanDto {
  day: string;
  warehouseId: number;
  budget: ReplenishmentBudgetDto;
  lines: PlanLineDto[];
  leftOut: LeftOutDto[];
  exceptions: ReplenishmentExceptionDto[];
  /** Products looked at, and how long the plan took (ms). */
  products: number;
  ms: number;
}

export type SuggestionStatus = 'pending' | 'approved' | 'skipped' | 'left_out' | 'superseded';
export interface SuggestionDto extends PlanLineDto {
  id: number;
  runId: number;
  warehouseId: number;
  proposedQty: number;
  status: SuggestionStatus;
  /** Why it was left out or skipped. */
  statusReason: string | null;
  poId: number | null;
  poNumber: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ReplenishmentRunDto {
  id: number;
  trigger: 'daily' | 'manual';
  shopDay: string;
  startedAt: string;
  finishedAt: string | null;
  actor: string;
  budgetCents: number;
  committedCents: number;
  plannedCents: number;
  summary: { suggested: number; leftOut: number; autoSent: string[]; products: number; ms: number };
}

/** What the Suggestions tab shows: the latest run, its suggestions, the budget and the exceptions. */
export interface ReplenishmentCurrentDto {
  run: ReplenishmentRunDto | null;
  suggestions: SuggestionDto[];
  budget: ReplenishmentBudgetDto;
  exceptions: ReplenishmentExceptionDto[];
  settings: ReplenishmentSettingsDto;
}

export interface ApprovedPoDto {
  id: number;
  number: string;
  supplier: string;
  lines: number;
  /** Minor units of `currency`, the supplier's (the PO's). */
  totalCents: number;
  currency: string;
  sent: boolean;
}

const ids = z.array(z.number().int().positive()).min(1).max(10_000);
const share = (min: number, max: number) => z.number().min(min).max(max);

export const replenishmentApi = {
  /** The plan as the autopilot would make it now, without saving anything (`shipshape replenish plan`). */
  'replenish.preview': method<ReplenishmentPlanDto>()(z.object({ warehouseId: z.number().int().positive().optional() }).strict(), {
    description: 'Replenishment plan (not saved)',
    roles: ['owner'],
  }),
  /** The latest run's suggestions (pending first), the budget left, the exceptions and the settings. */
  'replenish.current': method<ReplenishmentCurrentDto>()(z.object({}).strict(), { description: 'Latest autopilot suggestions', roles: ['owner'] }),
  /** Supplier late, PO overdue, SKUs that run out before the next delivery can arrive. */
  'replenish.exceptions': method<ReplenishmentExceptionDto[]>()(z.object({}).strict(), { description: 'Purchasing exceptions', roles: ['owner'] }),
  /** Runs the autopilot now: replaces pending suggestions, drafts (and auto-sends under the limit). */
  'replenish.run': method<ReplenishmentCurrentDto>()(z.object({}).strict(), { description: 'Run the replenishment autopilot now', audit: 'purchasing', roles: ['owner'] }),
  /** Approves suggestions: one draft PO per supplier, the reason on each line. */
  'replenish.approve': method<ApprovedPoDto[]>()(z.object({ ids }).strict(), { description: 'Approve suggestions into draft POs', audit: 'purchasing', roles: ['owner'] }),
  /** Changes a pending suggestion's quantity (rounded to case packs by the owner's choice: kept as entered). */
  'replenish.editQuantity': method<SuggestionDto>()(z.object({ id: z.number().int().positive(), qty: z.number().int('must be a whole number').positive('must be at least 1').max(10_000_000) }).strict(), {
    description: 'Edit a suggestion quantity',
    audit: 'purchasing',
    roles: ['owner'],
  }),
  /** Skips pending suggestions, with the owner's reason. */
  'replenish.skip': method<SuggestionDto[]>()(z.object({ ids, reason: z.string().trim().max(500).default('') }).strict(), { description: 'Skip suggestions', audit: 'purchasing', roles: ['owner'] }),
  'replenish.settings': method<ReplenishmentSettingsDto>()(z.object({}).strict(), { description: 'Autopilot settings', roles: ['owner'] }),
  /** Budget, auto-send limit and policy parameters. */
  'replenish.configure': method<ReplenishmentSettingsDto>()(
    z
      .object({
        budgetCents: z.number().int().min(0),
        budgetPeriod: z.enum(['week', 'month']),
        autoSendUnderCents: z.number().int().min(0).nullable(),
        dailyRun: z.boolean(),
        serviceLevels: z.object({ A: share(0.5, 0.9999), B: share(0.5, 0.9999), C: share(0.5, 0.9999) }).partial(),
        coverDays: z.number().min(0).max(365),
        leadTimeSdFraction: share(0, 2),
        holdingRatePerYear: share(0, 5),
        revenueDays: z.number().int().min(7).max(730),
        historyDays: z.number().int().min(28).max(1100),
      })
      .partial()
      .strict(),
    { description: 'Set the autopilot budget and policy', audit: 'purchasing', roles: ['owner'] },
  ),
};
