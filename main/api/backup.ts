import type { DomainHandlers } from './registry';

export const backupHandlers: DomainHandlers<'backup.'> = {
  'backup.status': (_input, ctx) => ctx.services.backup.status(),
  'backup.run': (input, ctx) => ctx.services.backup.backUp({ reason: 'manual', to: input.to }),
  'backup.configure': (input, ctx) => ctx.services.backup.configure(input),
};
