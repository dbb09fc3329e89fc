import { purchasingDashboard } from '../domain/purchasing/dashboard';
import type { DomainHandlers } from './registry';

export const purchasingDashboardHandlers: DomainHandlers<'purchasing.'> = {
  'purchasing.dashboard': (_i, { services }) => purchasingDashboard(services.core),
};
