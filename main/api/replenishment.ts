import type { DomainHandlers } from './registry';

export const replenishmentHandlers: DomainHandlers<'replenish.'> = {
  'replenish.preview': (input, ctx) => ctx.services.replenishment.autopilot.preview(input),
  'replenish.current': async (_input, ctx) => await ctx.services.replenishment.autopilot.current(),
  'replenish.exceptions': async (_input, ctx) => await ctx.services.replenishment.autopilot.exceptions(),
  'replenish.run': (_input, ctx) => ctx.services.replenishment.autopilot.run({ trigger: 'manual', actor: ctx.actor, transport: ctx.transport }),
  'replenish.approve': (input, ctx) => ctx.services.replenishment.autopilot.approve(input.ids, { actor: ctx.actor, transport: ctx.transport }),
  'replenish.editQuantity': async (input, ctx) => await ctx.services.replenishment.autopilot.editQuantity(input.id, input.qty, ctx.actor),
  'replenish.skip': async (input, ctx) => await ctx.services.replenishment.autopilot.skip(input.ids, input.reason, ctx.actor),
  'replenish.settings': async (_input, ctx) => await ctx.services.replenishment.autopilot.settings(),
  'replenish.configure': async (input, ctx) => await ctx.services.replenishment.autopilot.configure(input),
};
