import type { DomainHandlers } from './registry';

export const backupHandlers: DomainHandlers<'backup.'> = {
  'backup.status': async (_input, ctx) => await ctx.services.backup.status(),
  'backup.run': (input, ctx) => ctx.services.backup.backUp({ reason: 'manual', to: input.to }),
  'backup.configure': async (input, ctx) => await ctx.services.backup.configure(input),
};
