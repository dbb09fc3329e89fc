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
    offers: (productIds?: readonly number[]) => supplierOffers(core, productIds),
    onOrder: (opts?: { warehouseId?: number }) => openPurchaseQuantities(core, opts),
    observedLeadTimes: () => observedLeadTimes(core),
    createPurchaseOrder: (input: CreatePoInput) => orders.create(input),
    sendPurchaseOrder: (id: number, actor: string) => orders.send(id, actor),
    cancelPurchaseOrder: (id: number, actor: string, reason: string) => orders.cancel(id, actor, reason),
    closePurchaseOrder: (id: number, actor: string) => orders.close(id, actor),
    updateDraftLine: (id: number, lineNo: number, changes: PoLineChanges, actor: string) => orders.updateLine(id, lineNo, changes, actor),
    addLine: (id: number, line: PoLineInput, actor: string) => orders.addLine(id, line, actor),
    removeLine: (id: number, lineNo: number, actor: string) => orders.removeLine(id, lineNo, actor),
    updateHeader: (id: number, changes: PoHeaderChanges, actor: string) => orders.updateHeader(id, changes, actor),
  };
}
export type Purchasing = ReturnType<typeof createPurchasing>;
