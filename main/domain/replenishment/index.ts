import type { Core } from '../../core';
import type { AuditLog } from '../audit/audit-log';
import { ReplenishmentAutopilot, type PurchasingPort } from './autopilot';
import { DailyReplenishment } from './daily-run';

/**
 * Replenishment: the policy (reorder point, safety stock, order quantity — policy.ts), the budget
 * and ABC ranking (ranking.ts), the planner that reads the shop (planner.ts), and the autopilot
 * that saves runs and suggestions and drafts POs through purchasing (autopilot.ts), run daily by
 * a worker (daily-run.ts) and on demand.
 */
export function createReplenishment(core: Core, deps: { purchasing: PurchasingPort; audit: AuditLog }) {
  const autopilot = new ReplenishmentAutopilot(core, deps);
  const daily = new DailyReplenishment(core, autopilot, core.clock);
  return { autopilot, daily };
}
export type Replenishment = ReturnType<typeof createReplenishment>;
export { ReplenishmentAutopilot };
