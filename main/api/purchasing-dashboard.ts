import { purchasingDashboard } from '../domain/purchasing/dashboard';
import type { DomainHandlers } from './registry';

export const purchasingDashboardHandlers: DomainHandlers<'purchasing.'> = {
  'purchasing.dashboard': async (_i, { services }) => await purchasingDashboard(services.core),
};
