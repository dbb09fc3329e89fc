import type { Selectable } from 'kysely';
import type { PurchaseOrderLineTable, PurchaseOrderTable, SupplierTable } from '../../store/schema';

export type SupplierRow = Selectable<SupplierTable>;
export type PurchaseOrderRow = Selectable<PurchaseOrderTable>;
export type PurchaseOrderLineRow = Selectable<PurchaseOrderLineTable>;
