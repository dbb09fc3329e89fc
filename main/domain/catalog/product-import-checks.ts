import type { SqliteStore } from '../../store/store';
import type { ImportReport } from '../../../shared/api/inventory';
import type { Core } from '../../core';
import { shortValue } from '../../util/quote-value';
import { STAGED, STAGED_VALUES, type ProductImportFormat, type StagedBatch } from './product-import-rows';

/**
 * The product import's bookkeeping (product-import.ts): the error report, the per-row checks
 * against the catalog, and the id counter its set-based inserts call.
 */

type Errors = ImportReport['errors'];

/** Errors kept for the report (the count of failed rows stays exact; file-level errors are always kept). */
const MAX_REPORTED_ERRORS = 1000;

export interface HeldStock {
  lot_tracked: number;
  is_kit: number;
  on_hand: number;
}

export interface CatalogFacts {
  /** Barcode -> SKU of the product that owns it. */
  owners: Map<string, string>;
  /** SKU as written in the file -> its product, when it holds stock. */
  stock: Map<string, HeldStock>;
}

/** Errors for the report: exact count of failed rows, the first MAX_REPORTED_ERRORS messages plus every file-level one. */
export class ErrorReport {
  readonly errors: Errors = [];
  failed = 0;
  fileLevel = false;
  private readonly failedRows = new Set<number>();

  /** Problems found by the file-wide checks come after the rows' own: put everything in row order. */
  sortByRow(): void {
    this.errors.sort((a, b) => a.row - b.row);
  }

  rowFailed(row: number, rowErrors: Errors): void {
    if (!this.failedRows.has(row)) {
      this.failedRows.add(row);
      this.failed++;
    }
    for (const e of rowErrors) {
      if (e.column === '(file)') this.fileLevel = true;
      if (this.errors.length < MAX_REPORTED_ERRORS || e.column === '(file)') this.errors.push(e);
    }
  }
}

/** Problems of one good row (its staged values start at `at`) against the catalog. */
export function dbProblems(values: unknown[], at: number, barcodes: string[], format: ProductImportFormat, known: CatalogFacts): Errors {
  const p = { row: values[at + STAGED.row] as number, sku: values[at + STAGED.sku] as string, lotTracked: values[at + STAGED.lotTracked] === 1, isKit: values[at + STAGED.isKit] === 1 };
  const problems: Errors = [];
  for (const code of barcodes) {
    const owner = known.owners.get(code);
    if (owner !== undefined && owner.toUpperCase() !== p.sku.toUpperCase()) problems.push({ row: p.row, column: 'barcode', message: `row ${p.row}, barcode: ${shortValue(code)} already belongs to ${shortValue(owner)}` });
  }
  if (format === 'csv') {
    // Stock on hand is held per lot (or not) and kits hold none: flipping either while units
    // are on the shelf would strand them. Move or count the stock out first.
    const current = known.stock.get(p.sku);
    if (current && current.on_hand > 0) {
      if (Boolean(current.lot_tracked) !== p.lotTracked) {
        problems.push({ row: p.row, column: 'lot_tracked', message: `row ${p.row}, lot_tracked: ${shortValue(p.sku)} has ${current.on_hand} on hand; lot tracking cannot change while it holds stock` });
      }
      if (!current.is_kit && p.isKit) {
        problems.push({ row: p.row, column: 'kit_components', message: `row ${p.row}, kit_components: ${shortValue(p.sku)} has ${current.on_hand} on hand; a product holding stock cannot become a kit` });
      }
    }
  }
  return problems;
}

/**
 * A counter SQL can call (`sql`), for numbering new products inside one statement. Registered once
 * per connection; each batch sets its start inside its own transaction, so imports that interleave
 * between batches never share a run of numbers.
 */
export function productIdCounter(db: SqliteStore['sqlite']): { sql: string; from(lastId: number): void; last(): number } {
  let counter = productIdCounters.get(db);
  if (!counter) {
    const state = { value: 0 };
    db.function('product_import_next_id', { deterministic: false, directOnly: true }, () => ++state.value);
    counter = { sql: 'product_import_next_id()', from: (lastId) => (state.value = lastId), last: () => state.value };
    productIdCounters.set(db, counter);
  }
  return counter;
}
const productIdCounters = new WeakMap<object, ReturnType<typeof productIdCounter>>();

/**
 * Checks a batch's good rows against the catalog (both engines' import paths): a row in error is
 * marked pass 2 in `values` (never written, still seen by the file-wide checks) and reported, with
 * the reader's failures, in file order.
 */
export function markBatchRows(batch: StagedBatch, format: ProductImportFormat, known: CatalogFacts, report: ErrorReport): { goodRows: number; kits: number } {
  const { values, failures } = batch;
  let goodRows = 0;
  let kits = 0;
  let nextFailure = 0;
  for (let i = 0, at = 0; i < batch.barcodes.length; i++, at += STAGED_VALUES) {
    const barcodes = batch.barcodes[i];
    if (barcodes === null) continue;
    const row = values[at + STAGED.row] as number;
    for (; nextFailure < failures.length && failures[nextFailure].row < row; nextFailure++) report.rowFailed(failures[nextFailure].row, failures[nextFailure].errors);
    const rowErrors = dbProblems(values, at, barcodes, format, known);
    if (rowErrors.length) {
      report.rowFailed(row, rowErrors);
      values[at + STAGED.pass] = 2;
    } else goodRows++;
    if (values[at + STAGED.kit] !== null) kits++;
  }
  for (; nextFailure < failures.length; nextFailure++) report.rowFailed(failures[nextFailure].row, failures[nextFailure].errors);
  return { goodRows, kits };
}

/** The barcodes and SKUs of a batch's rows that the reader took (both engines look them up in the catalog). */
export function batchKeys(batch: StagedBatch): { codes: string[]; skus: string[] } {
  const codes: string[] = [];
  const skus: string[] = [];
  for (let i = 0; i < batch.barcodes.length; i++) {
    const barcodes = batch.barcodes[i];
    if (barcodes === null) continue;
    for (const code of barcodes) codes.push(code);
    skus.push(batch.values[i * STAGED_VALUES + STAGED.sku] as string);
  }
  return { codes, skus };
}

/**
 * What an imported row changes on an existing product (both engines' write pass, `st` = the staged
 * row): name, tags, currency and active as given; every other field only when the file has it.
 */
export const UPDATE_FROM_STAGED = `name = st.name, variant_options = coalesce(st.variant_options, product.variant_options),
           weight_g = coalesce(st.weight_g, product.weight_g), length_mm = coalesce(st.length_mm, product.length_mm),
           width_mm = coalesce(st.width_mm, product.width_mm), height_mm = coalesce(st.height_mm, product.height_mm),
           price_cents = coalesce(st.price_cents, product.price_cents), cost_cents = coalesce(st.cost_cents, product.cost_cents),
           currency = st.currency, hs_code = coalesce(st.hs_code, product.hs_code), origin_country = coalesce(st.origin_country, product.origin_country),
           tags = st.tags, active = st.active, lot_tracked = coalesce(st.lot_tracked, product.lot_tracked), is_kit = coalesce(st.is_kit, product.is_kit),
           reorder_point = coalesce(st.reorder_point, product.reorder_point), safety_stock = coalesce(st.safety_stock, product.safety_stock)`;
