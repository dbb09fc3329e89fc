import type { SqliteStore } from '../../store/store';
import type { ImportReport } from '../../../shared/api/inventory';
import { invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import { applyMovement } from '../inventory/ledger';
import type { ProductImportFormat } from './product-import-rows';

/**
 * Shopify's export carries each variant's on-hand count ("Variant Inventory Qty", "Inventory
 * quantity" in the current header). An import either takes it as opening stock into one bin —
 * ledger movements in the import's own transaction, so products and stock arrive together or not
 * at all — or says plainly in its report that it did not.
 */

export interface OpeningStockOption {
  /** Bin code the counts go into. */
  bin: string;
  /** Warehouse code; default: the first active warehouse. */
  warehouse?: string;
}

export interface OpeningBin {
  binId: number;
  label: string;
}

/** The inventory column's name, as Shopify's two header generations spell it. */
export const SHOPIFY_INVENTORY_COLUMNS = ['Variant Inventory Qty', 'Inventory quantity'];

/** Checks the option before anything is read: a wrong bin fails the import at once, naming the field. */
export async function resolveOpeningBin(core: Core, format: ProductImportFormat, option: OpeningStockOption | undefined): Promise<OpeningBin | null> {
  if (!option) return null;
  if (format !== 'shopify') throw invalid('Only a Shopify products file carries an inventory quantity to take as opening stock', { field: 'openingStockBin' });
  const warehouse = option.warehouse
    ? (await core.store.raw<{ id: number; code: string }>('select id, code from warehouse where code = ? collate nocase', option.warehouse))[0]
    : (await core.store.raw<{ id: number; code: string }>('select id, code from warehouse where active = 1 order by id limit 1'))[0];
  if (!warehouse) throw notFound(option.warehouse ? `Warehouse ${option.warehouse}` : 'An active warehouse', { field: 'openingStockWarehouse' });
  const bin = (await core.store.raw<{ id: number; code: string }>('select id, code from bin where warehouse_id = ? and code = ? collate nocase', warehouse.id, option.bin))[0];
  if (!bin) throw notFound(`Bin ${option.bin} in warehouse ${warehouse.code}`, { field: 'openingStockBin' });
  return { binId: bin.id, label: `${warehouse.code}/${bin.code}` };
}

/** Rows of the file that will be written and carry an inventory quantity, and their units. */
export function inventoryInFile(db: SqliteStore['sqlite'], staging: string): { rows: number; units: number } {
  return db.prepare(`select count(*) as rows, coalesce(sum(inventory_qty), 0) as units from ${staging} where pass < 2 and inventory_qty is not null`).get() as { rows: number; units: number };
}

/**
 * Sets each imported variant's on-hand in the bin to the file's quantity (a `count` movement of
 * the difference, so importing the same file again moves nothing). Lot-tracked products and kits
 * are left out (a lot must be named; a kit holds no stock of its own) and counted as skipped.
 * Runs inside the import's write transaction.
 */
export async function applyOpeningStock(core: Core, staging: string, bin: OpeningBin, runId: number): Promise<{ products: number; units: number; skipped: number }> {
  // (Inside the write transaction: on SQLite the staging database is attached to its connection.)
  const rows = await core.store.raw<{ product_id: number; qty: number; lot_tracked: number; is_kit: number; on_hand: number }>(
    `select st.product_id, st.inventory_qty as qty, p.lot_tracked, p.is_kit,
       coalesce((select sum(b.on_hand) from stock_balance b where b.product_id = st.product_id and b.bin_id = ? and b.lot_id is null), 0) as on_hand
     from ${staging} st join product p on p.id = st.product_id where st.pass < 2 and st.inventory_qty is not null order by st.row`,
    bin.binId,
  );
  let products = 0;
  let units = 0;
  let skipped = 0;
  for (const r of rows) {
    if (r.lot_tracked || r.is_kit) {
      skipped++;
      continue;
    }
    units += r.qty;
    if (r.qty === r.on_hand) continue;
    await applyMovement(core, {
      kind: 'count',
      productId: r.product_id,
      binId: bin.binId,
      lotId: null,
      quantity: r.qty - r.on_hand,
      reason: 'opening stock from the Shopify products import',
      reference: `product import #${runId}`,
      actor: 'import',
    });
    products++;
  }
  return { products, units, skipped };
}

/** The report's line about the inventory column (absent when the file carries none). */
export function openingStockReport(found: { rows: number; units: number }, bin: OpeningBin | null, applied: { skipped: number } | null): ImportReport['openingStock'] {
  if (found.rows === 0) return undefined;
  return { column: SHOPIFY_INVENTORY_COLUMNS[0], rows: found.rows, units: found.units, taken: bin !== null && applied !== null, bin: bin?.label ?? null, skipped: applied?.skipped ?? 0 };
}
