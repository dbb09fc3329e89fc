import type { DomainHandlers } from './registry';

export const auditHandlers: DomainHandlers<'audit.'> = {
  'audit.list': async (input, { services }) => await services.audit.list(input),
};
