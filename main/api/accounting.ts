import type { DomainHandlers } from './registry';

export const accountingHandlers: DomainHandlers<'accounting.'> = {
  'accounting.periods': async (_i, { services }) => await services.accounting.periods(),
  'accounting.preview': async (i, { services }) => await services.accounting.preview(i.from, i.to),
  'accounting.closePeriod': async (i, { services, actor }) => await services.accounting.closePeriod(i.from, i.to, actor),
  'accounting.export': async (i, { services }) => await services.accounting.export(i.period, i.format),
  'accounting.accounts': async (_i, { services }) => await services.accounting.accounts(),
  'accounting.updateAccounts': async (i, { services }) => await services.accounting.updateAccounts(i),
  'accounting.settings': async (_i, { services }) => await services.accounting.settings(),
  'accounting.updateSettings': async (i, { services }) => await services.accounting.updateSettings(i),
};

export const supplierBillHandlers: DomainHandlers<'bills.'> = {
  'bills.record': async (i, { services }) => await services.accounting.recordBill(i),
  'bills.list': async (i, { services }) => await services.accounting.bills(i),
};
