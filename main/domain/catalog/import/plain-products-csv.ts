import { extraCellsMessage, type CsvHeader, type CsvInput, type CsvRecord } from '../../../util/csv';
import { readProductCsvBatches } from './product-csv-stream';
import type { IncomingProduct, ProductImportItem } from './incoming-product';
import { DuplicateSkuTracker, ProductRowProblems, duplicateSkuMessage, splitList } from './product-fields';
import { quoteValue } from '../../../util/quote-value';
import { PLAIN_PRODUCT_COLUMN_LIST } from '../../../../shared/import-columns';

/**
 * Shipshape's own products CSV: one row per SKU, UTF-8, header row required, column order free.
 *
 *   sku*, name*, barcodes (or barcode), weight_g, length_mm, width_mm, height_mm, price, cost,
 *   currency, hs_code, origin_country, tags, active, reorder_point, safety_stock, lot_tracked,
 *   kit_components                                                             (* = required)
 *
 * - barcodes: several separated by "|"; all-digit 8/12/13/14-long codes must have a valid GTIN check digit.
 * - weight_g, length_mm, width_mm, height_mm, reorder_point, safety_stock: whole numbers >= 0.
 * - price, cost: decimal with "." in `currency` (default: the importer's shop currency).
 * - tags: separated by "|" or ","; active (default true), lot_tracked (default false): true/false/yes/no/1/0.
 * - kit_components: "SKU-A:2|SKU-B:1" (quantity defaults to 1); the row is then a kit.
 * - SKUs must be unique in the file, ignoring case.
 */

/** The documented columns, in order (shared with the import screen's column list and template). */
export const PLAIN_PRODUCT_COLUMNS: readonly string[] = PLAIN_PRODUCT_COLUMN_LIST.map((c) => c.name);

export interface ProductImportOptions {
  /** Currency for prices when a row (or the format) does not say; the shop's currency. */
  defaultCurrency?: string;
  /**
   * false: do not report duplicate SKUs, the caller checks them (the import service does, in SQL,
   * so no per-file set of SKUs stays in memory). Default true.
   */
  checkDuplicateSkus?: boolean;
  /** Told the SKU column's name as the file spells it, once the header is read (for the caller's messages). */
  onSkuColumn?: (column: string) => void;
}

/** Streams IncomingProduct records (or per-row errors) from a plain products CSV. */
export async function* streamPlainProductsCsv(input: CsvInput, options: ProductImportOptions = {}): AsyncGenerator<ProductImportItem> {
  for await (const items of streamPlainProductsCsvBatches(input, options)) yield* items;
}

/** The same, a batch of items per await (what the import service reads: one await per row costs). */
export function streamPlainProductsCsvBatches(input: CsvInput, options: ProductImportOptions = {}): AsyncGenerator<ProductImportItem[]> {
  const defaultCurrency = (options.defaultCurrency ?? 'USD').toUpperCase();
  return readProductCsvBatches(input, (header) => {
    const missing = header.missing(['sku', 'name']);
    if (missing.length > 0) return { ok: false, row: 1, errors: missing.map((column) => ({ row: 1, column, message: `row 1: required column "${column}" is missing` })) };
    options.onSkuColumn?.('sku');
    return plainProductRowMapper(header, defaultCurrency, new DuplicateSkuTracker(options.checkDuplicateSkus ?? true));
  });
}

function plainProductRowMapper(header: CsvHeader, defaultCurrency: string, skus: DuplicateSkuTracker) {
  const col = (name: string) => header.column(name);
  const sku = col('sku');
  const name = col('name');
  const barcodesColumn = header.has('barcodes') ? 'barcodes' : 'barcode';
  const barcodes = col(barcodesColumn);
  const [weight, length, width, height] = [col('weight_g'), col('length_mm'), col('width_mm'), col('height_mm')];
  const [price, cost, currency] = [col('price'), col('cost'), col('currency')];
  const [hsCode, origin, tags, active] = [col('hs_code'), col('origin_country'), col('tags'), col('active')];
  const [reorderPoint, safetyStock, lotTracked, kit] = [col('reorder_point'), col('safety_stock'), col('lot_tracked'), col('kit_components')];
  const headerWidth = header.names.length;

  return (record: CsvRecord): ProductImportItem => {
    const cells = record.cells;
    const problems = new ProductRowProblems(record.row);
    const extra = extraCellsMessage(cells.length, headerWidth);
    if (extra) problems.add('(row)', extra);

    const skuText = sku(cells);
    if (skuText === '') problems.add('sku', 'sku is required');
    else {
      const firstRow = skus.seen(skuText, record.row);
      if (firstRow !== null) problems.add('sku', duplicateSkuMessage(skuText, firstRow));
    }
    const nameText = name(cells);
    if (nameText === '') problems.add('name', 'name is required');

    const currencyText = currency(cells).toUpperCase() || defaultCurrency;
    const currencyValid = /^[A-Z]{3}$/.test(currencyText);
    if (!currencyValid) problems.add('currency', `${quoteValue(currencyText)} is not a 3-letter currency code`);
    // Still check the amounts (against the shop currency) so one pass reports every problem.
    const moneyCurrency = currencyValid ? currencyText : defaultCurrency;

    const product: IncomingProduct = {
      sku: skuText,
      name: nameText,
      groupKey: null,
      productTitle: nameText,
      options: [],
      vendor: null,
      productType: null,
      barcodes: problems.barcodes(splitList(barcodes(cells), /\|/), barcodesColumn),
      weightGrams: problems.wholeNumber(weight(cells), 'weight_g', 'weight'),
      lengthMm: problems.wholeNumber(length(cells), 'length_mm', 'length'),
      widthMm: problems.wholeNumber(width(cells), 'width_mm', 'width'),
      heightMm: problems.wholeNumber(height(cells), 'height_mm', 'height'),
      priceCents: problems.money(price(cells), 'price', moneyCurrency),
      costCents: problems.money(cost(cells), 'cost', moneyCurrency),
      currency: currencyText,
      hsCode: problems.hsCode(hsCode(cells), 'hs_code'),
      originCountry: problems.countryCode(origin(cells), 'origin_country'),
      tags: splitList(tags(cells), /[|,]/),
      active: problems.boolean(active(cells), 'active', true),
      reorderPoint: problems.wholeNumber(reorderPoint(cells), 'reorder_point', 'reorder point'),
      safetyStock: problems.wholeNumber(safetyStock(cells), 'safety_stock', 'safety stock'),
      lotTracked: problems.boolean(lotTracked(cells), 'lot_tracked', false),
      kitComponents: problems.kitComponents(kit(cells), 'kit_components', skuText),
      inventoryQuantity: null,
      row: record.row,
    };
    return problems.errors.length > 0 ? { ok: false, errors: problems.errors, row: record.row, sku: skuText } : { ok: true, product, row: record.row };
  };
}
