import type { DomainHandlers } from './registry';

export const accountingHandlers: DomainHandlers<'accounting.'> = {
  'accounting.periods': (_i, { services }) => services.accounting.periods(),
  'accounting.preview': (i, { services }) => services.accounting.preview(i.from, i.to),
  'accounting.closePeriod': (i, { services, actor }) => services.accounting.closePeriod(i.from, i.to, actor),
  'accounting.export': (i, { services }) => services.accounting.export(i.period, i.format),
  'accounting.accounts': (_i, { services }) => services.accounting.accounts(),
  'accounting.updateAccounts': (i, { services }) => services.accounting.updateAccounts(i),
  'accounting.settings': (_i, { services }) => services.accounting.settings(),
  'accounting.updateSettings': (i, { services }) => services.accounting.updateSettings(i),
};

export const supplierBillHandlers: DomainHandlers<'bills.'> = {
  'bills.record': (i, { services }) => services.accounting.recordBill(i),
  'bills.list': (i, { services }) => services.accounting.bills(i),
};
