import type { Core } from '../../core';
import type { Inventory } from '../inventory/index';
import { openPurchaseQuantities, observedLeadTimes } from './open-purchases';
import { PurchaseOrderQueries } from './po-queries';
import { PurchaseOrderService, type CreatePoInput, type PoHeaderChanges, type PoLineChanges, type PoLineInput } from './purchase-orders';
import { ReceivingService } from './receiving';
import { SupplierService } from './suppliers';
import { supplierOffers } from './supplier-offers';

/**
 * The purchasing area: suppliers and supplier items, purchase orders and their lifecycle,
 * receiving with landed costs and putaway. The replenishment autopilot drafts POs through
 * createPurchaseOrder (createdBy 'autopilot') and reads supplierOffers / openPurchaseQuantities.
 */
export function createPurchasing(core: Core, deps: { inventory: Inventory }) {
  const suppliers = new SupplierService(core);
  const orders = new PurchaseOrderService(core);
  const queries = new PurchaseOrderQueries(core, orders);
  const receiving = new ReceivingService(core, orders, deps.inventory, queries);
  return {
    suppliers,
    orders,
    queries,
    receiving,
    offers: async (productIds?: readonly number[]) => await supplierOffers(core, productIds),
    onOrder: async (opts?: { warehouseId?: number }) => await openPurchaseQuantities(core, opts),
    observedLeadTimes: async () => await observedLeadTimes(core),
    createPurchaseOrder: async (input: CreatePoInput) => await orders.create(input),
    sendPurchaseOrder: async (id: number, actor: string) => await orders.send(id, actor),
    cancelPurchaseOrder: async (id: number, actor: string, reason: string) => await orders.cancel(id, actor, reason),
    closePurchaseOrder: async (id: number, actor: string) => await orders.close(id, actor),
    updateDraftLine: async (id: number, lineNo: number, changes: PoLineChanges, actor: string) => await orders.updateLine(id, lineNo, changes, actor),
    addLine: async (id: number, line: PoLineInput, actor: string) => await orders.addLine(id, line, actor),
    removeLine: async (id: number, lineNo: number, actor: string) => await orders.removeLine(id, lineNo, actor),
    updateHeader: async (id: number, changes: PoHeaderChanges, actor: string) => await orders.updateHeader(id, changes, actor),
  };
}
export type Purchasing = ReturnType<typeof createPurchasing>;
