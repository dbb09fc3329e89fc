import type { DomainHandlers } from './registry';

export const auditHandlers: DomainHandlers<'audit.'> = {
  'audit.list': (input, { services }) => services.audit.list(input),
};
