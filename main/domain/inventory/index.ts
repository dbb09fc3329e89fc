import type { Core } from '../../core';
import { inventoryAging, inventoryValuation } from './aging';
import { CatalogService } from '../catalog/catalog-service';
import { CountService } from './counts';
import { ProductImportService } from '../catalog/product-import';
import { StockService } from './stock-service';
import { TransferService } from './transfers';
import { WarehouseService } from './warehouse-service';

/** The inventory area's services, built once per open database. */
export function createInventory(core: Core) {
  const catalog = new CatalogService(core);
  const stock = new StockService(core, catalog);
  const locations = stock.locations;
  return {
    catalog,
    stock,
    productImport: new ProductImportService(core),
    locations,
    transfers: new TransferService(core, catalog, locations),
    counts: new CountService(core, locations),
    warehouses: new WarehouseService(core, locations),
    aging: async (warehouse?: string) => await inventoryAging(core, warehouse ? (await locations.warehouse(warehouse)).id : undefined, core.clock.now()),
    valuation: async (warehouse?: string) => await inventoryValuation(core, warehouse ? (await locations.warehouse(warehouse)).id : undefined),
  };
}
export type Inventory = ReturnType<typeof createInventory>;
