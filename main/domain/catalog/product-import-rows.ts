import type { ImportReport } from '../../../shared/api/inventory';
import { streamPlainProductsCsvBatches, streamShopifyProductsCsvBatches, type IncomingProduct, type ProductImportOptions } from './import/index';
import type { CsvInput } from '../../util/csv';

/**
 * Reading side of the product import: file rows -> staging rows (typed values in the staging
 * table's column order). Pure (no store), so it runs on the import's worker thread as well as on
 * the main thread (product-import-worker.ts), with the same results either way.
 */

export type ProductImportFormat = 'shopify' | 'csv';
type Errors = ImportReport['errors'];

/**
 * A batch of file rows, ready for the main thread. Flat arrays rather than an object per row: a
 * batch crosses from the worker thread by structured clone, where that is about half the cost.
 */
export interface StagedBatch {
  /**
   * Staging rows, STAGED_VALUES values each, in file order: every row that read well (pass 0, or 1
   * for a kit) and the SKU-only row (pass 2) of each row that did not but has a SKU, which the
   * duplicate-SKU check still needs.
   */
  values: unknown[];
  /** Per staging row: the barcodes as written (repeats kept) for the catalog checks; null for a row that did not read. */
  barcodes: (string[] | null)[];
  /** The rows that did not read, in file order, with every problem of each. */
  failures: { row: number; errors: Errors }[];
  /** The SKU column's name as the file spells it (for messages of the file-wide checks). */
  skuColumn: string;
}

/** Positions in a staging row that the main thread reads (see STAGING_COLUMNS in product-import.ts). */
export const STAGED = { row: 0, pass: 1, sku: 2, lotTracked: 17, isKit: 18, kit: 23 } as const;
/** Number of staged values per row (the staging table's last two columns are filled by the write pass). */
export const STAGED_VALUES = 25;

/** Text that JSON.stringify leaves as it is (the common barcode: digits). */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** SKUs are the same ignoring case (as DuplicateSkuTracker compares them). */
export const skuKey = (sku: string) => sku.toLowerCase();

/** Streams a products file as batches of staged rows; duplicate SKUs are left to the caller's checks in SQL. */
export async function* stagedProductBatches(format: ProductImportFormat, input: CsvInput, options: { defaultCurrency?: string } = {}): AsyncGenerator<StagedBatch> {
  let skuColumn = 'sku';
  const streamOptions: ProductImportOptions = { ...options, checkDuplicateSkus: false, onSkuColumn: (column) => (skuColumn = column) };
  const shopify = format === 'shopify';
  const batches = shopify ? streamShopifyProductsCsvBatches(input, streamOptions) : streamPlainProductsCsvBatches(input, streamOptions);
  for await (const products of batches) {
    const batch: StagedBatch = { values: [], barcodes: [], failures: [], skuColumn };
    for (const item of products) {
      if (item.ok) {
        pushStagingRow(batch.values, item.product, shopify);
        batch.barcodes.push(item.product.barcodes);
        continue;
      }
      batch.failures.push({ row: item.row, errors: item.errors });
      if (item.sku) {
        pushFailedRow(batch.values, item.row, item.sku);
        batch.barcodes.push(null);
      }
    }
    batch.skuColumn = skuColumn;
    yield batch;
  }
}

function pushStagingRow(out: unknown[], p: IncomingProduct, shopify: boolean): void {
  const variantOptions = p.options.length || shopify ? JSON.stringify(Object.fromEntries(p.options.map((o) => [o.name, o.value]))) : null;
  // The same code twice in one cell is one barcode.
  const barcodes = p.barcodes.length > 1 ? [...new Set(p.barcodes)] : p.barcodes;
  out.push(
    p.row, p.kitComponents.length ? 1 : 0, p.sku, skuKey(p.sku), p.name, variantOptions, p.weightGrams, p.lengthMm, p.widthMm, p.heightMm,
    p.priceCents, p.costCents, p.currency, p.hsCode, p.originCountry, p.tags.join(','), p.active ? 1 : 0,
    // Shopify has no lots and no kits: those stay as Shipshape knows them.
    shopify ? null : p.lotTracked ? 1 : 0,
    shopify ? null : p.kitComponents.length ? 1 : 0,
    p.reorderPoint, p.safetyStock,
    barcodes.length === 0 ? null : barcodes.length === 1 && PLAIN_JSON_STRING.test(barcodes[0]) ? `["${barcodes[0]}"]` : JSON.stringify(barcodes),
    barcodes.join(' '),
    p.kitComponents.length ? JSON.stringify(p.kitComponents.map((c) => ({ sku: c.sku, key: skuKey(c.sku), quantity: c.quantity }))) : null,
    // Shopify's on-hand count: opening stock if the import is asked to take it, else only counted for the report.
    p.inventoryQuantity,
  );
}

/** A row that failed to read: only its SKU is kept, for the duplicate-SKU check. */
function pushFailedRow(out: unknown[], row: number, sku: string): void {
  out.push(row, 2, sku, skuKey(sku), '', null, null, null, null, null, null, null, '', null, null, '', 0, null, null, null, null, null, '', null, null);
}
