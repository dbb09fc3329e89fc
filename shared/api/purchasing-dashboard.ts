import { z } from 'zod';
import { method } from './contract';

/** The Purchasing screen's cards (SKUs at risk come from `replenish.exceptions`). */
export interface PurchasingDashboardDto {
  /** Still to arrive on sent and partially received POs: open units × unit cost, per currency (minor units). */
  valueOnOrder: { currency: string; cents: number }[];
  openPos: number;
  /** Sent or partially received POs past their expected day with units still open. */
  latePos: { id: number; number: string; supplier: string; expectedOn: string; daysLate: number }[];
}

export const purchasingDashboardApi = {
  'purchasing.dashboard': method<PurchasingDashboardDto>()(z.object({}).strict(), { description: 'Value on order and late purchase orders', roles: ['owner'] }),
};
