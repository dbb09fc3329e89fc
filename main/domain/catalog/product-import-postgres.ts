import type { Core } from '../../core';
import type { Store } from '../../store/store';
import { duplicateSkuMessage } from './import/product-fields';
import { shortValue } from '../../util/quote-value';
import { STAGED, STAGED_VALUES, type ProductImportFormat, type StagedBatch } from './product-import-rows';
import { batchKeys, ErrorReport, UPDATE_FROM_STAGED, markBatchRows, type CatalogFacts, type HeldStock } from './product-import-checks';
import { finishImportRun, releaseImportRun, stagingTableName } from './product-import-record';
import { applyOpeningStock, openingStockReport, type OpeningBin } from './product-import-opening-stock';
import { ProductImportWorkerFailure, type ProductImportThread } from './product-import-thread';
import type { ImportReport } from '../../../shared/api/inventory';
import type { Progress } from '../../logging/progress';

/**
 * The product import's staging and write pass on PostgreSQL (product-import.ts runs the same two
 * passes on SQLite with an attached staging database and direct statements). Here the staging
 * table is an UNLOGGED table named after the run (visible to every connection of the pool, no WAL
 * for rows that are thrown away), filled with multi-row parameterised INSERTs; the file-wide
 * checks and the write pass are the same set-based SQL over it, with jsonb for the barcode and
 * kit lists. The table is dropped when the run ends; a crash leaves it to the next start's
 * recovery (recoverInterruptedImports), which drops it by the run's id.
 */

/** Rows per staging INSERT: 25 values each, well below PostgreSQL's 65,535 parameters. */
const STAGE_ROWS = 1000;

const STAGING_COLUMNS = `row bigint primary key, pass bigint not null, sku text not null, sku_key text not null, name text not null, variant_options text,
  weight_g bigint, length_mm bigint, width_mm bigint, height_mm bigint, price_cents bigint, cost_cents bigint, currency text not null,
  hs_code text, origin_country text, tags text not null, active bigint not null, lot_tracked bigint, is_kit bigint,
  reorder_point bigint, safety_stock bigint, barcodes jsonb, codes text not null, kit jsonb, inventory_qty bigint, product_id bigint`;

export class PostgresStaging {
  readonly table: string;

  private constructor(
    private readonly store: Store,
    runId: number,
  ) {
    this.table = stagingTableName(runId);
  }

  static async create(store: Store, runId: number): Promise<PostgresStaging> {
    const staging = new PostgresStaging(store, runId);
    await store.raw(`create unlogged table ${staging.table} (${STAGING_COLUMNS})`);
    return staging;
  }

  async drop(): Promise<void> {
    if (this.store.open) await this.store.raw(`drop table if exists ${this.table}`);
  }

  async clear(): Promise<void> {
    await this.store.raw(`delete from ${this.table}`);
  }

  /** Stages a batch's rows (STAGED_VALUES values each). */
  async stage(values: unknown[]): Promise<void> {
    const row = `(${new Array(STAGED_VALUES).fill('?').join(',')}, null)`;
    const perStatement = STAGE_ROWS * STAGED_VALUES;
    for (let at = 0; at < values.length; at += perStatement) {
      const slice = values.slice(at, at + perStatement);
      await this.store.raw(`insert into ${this.table} values ${new Array(slice.length / STAGED_VALUES).fill(row).join(',')}`, ...slice);
    }
  }

  /** What the catalog knows about one batch of rows: owners of their barcodes, stock held under their SKUs. */
  async catalogFacts(batch: StagedBatch, format: ProductImportFormat): Promise<CatalogFacts> {
    const { codes, skus } = batchKeys(batch);
    const owners = new Map<string, string>();
    if (codes.length) {
      const rows = await this.store.raw<{ code: string; sku: string }>('select b.code, p.sku from barcode b join product p on p.id = b.product_id where b.code = any(cast(? as text[]))', codes);
      for (const r of rows) owners.set(r.code, r.sku);
    }
    const stock = new Map<string, HeldStock>();
    if (format === 'csv' && skus.length) {
      // The file's spelling of each SKU is the key (product.sku compares ignoring case).
      const rows = await this.store.raw<HeldStock & { sku: string }>(
        `select j.value as sku, p.lot_tracked, p.is_kit, coalesce((select sum(b.on_hand) from stock_balance b where b.product_id = p.id), 0) as on_hand
         from unnest(cast(? as text[])) as j(value) join product p on p.sku = j.value`,
        skus,
      );
      for (const r of rows) stock.set(r.sku, r);
    }
    return { owners, stock };
  }

  /** The same file-wide checks as the SQLite path (ProductImportService.fileChecks), in PostgreSQL's SQL. */
  async fileChecks(report: ErrorReport, skuColumn: string, hasKits: boolean): Promise<void> {
    const { store, table } = this;
    const drop = async (pass: number, rows: number[]) => {
      if (rows.length) await store.raw(`update ${table} set pass = cast(? as bigint) where row = any(cast(? as bigint[]))`, pass, rows);
    };
    const duplicates = await store.raw<{ row: number; sku: string; first_row: number }>(
      `select row, sku, first_row from (
         select row, sku, first_value(row) over (partition by sku_key order by row) as first_row from ${table}
         where sku_key in (select sku_key from ${table} group by sku_key having count(*) > 1)) d
       where row <> first_row order by row`,
    );
    for (const d of duplicates) report.rowFailed(d.row, [{ row: d.row, column: skuColumn, message: `row ${d.row}, ${skuColumn}: ${duplicateSkuMessage(d.sku, d.first_row)}` }]);
    // (3: a repeated SKU is not a product of its own; its barcodes are not checked against others.)
    await drop(3, duplicates.map((d) => d.row));
    const shared = await store.raw<{ row: number; code: string; first_row: number; first_sku: string }>(
      `with codes as (
         select st.row, st.sku, st.sku_key, j.code from ${table} st cross join lateral jsonb_array_elements_text(st.barcodes) as j(code)
         where st.barcodes is not null and st.pass < 3),
       shared as (select code from codes group by code having min(sku_key) <> max(sku_key))
       select row, code, first_row, first_sku from (
         select c.row, c.sku_key, c.code, first_value(c.row) over w as first_row, first_value(c.sku) over w as first_sku, first_value(c.sku_key) over w as first_key
         from codes c where c.code in (select code from shared)
         window w as (partition by c.code order by c.row)) s
       where row <> first_row and sku_key <> first_key order by row`,
    );
    for (const b of shared) {
      report.rowFailed(b.row, [{ row: b.row, column: 'barcode', message: `row ${b.row}, barcode: ${shortValue(b.code)} is also the barcode of ${shortValue(b.first_sku)} (row ${b.first_row})` }]);
    }
    await drop(2, shared.map((b) => b.row));
    if (!hasKits) return;
    await store.raw(`create index ${table}_sku_key on ${table} (sku_key)`);
    const components = await store.raw<{ row: number; sku: string; in_file: number | null; in_catalog: boolean }>(
      `select k.row, c.value->>'sku' as sku, (select min(s.pass) from ${table} s where s.sku_key = c.value->>'key') as in_file,
         exists (select 1 from product p where p.sku = c.value->>'sku') as in_catalog
       from ${table} k cross join lateral jsonb_array_elements(k.kit) with ordinality as c(value, ord) where k.kit is not null order by k.row, c.ord`,
    );
    const failed: number[] = [];
    for (const c of components) {
      if ((c.in_file !== null && c.in_file < 2) || c.in_catalog) continue;
      const message = c.in_file !== null ? `component SKU ${shortValue(c.sku)} is in this file on a row with errors` : `component SKU ${shortValue(c.sku)} is neither in the catalog nor in this file`;
      report.rowFailed(c.row, [{ row: c.row, column: 'kit_components', message }]);
      failed.push(c.row);
    }
    await drop(2, failed);
  }

  /** Rows of the file that will be written and carry an inventory quantity, and their units. */
  async inventoryInFile(): Promise<{ rows: number; units: number }> {
    return (await this.store.raw<{ rows: number; units: number }>(`select count(*) as rows, coalesce(sum(inventory_qty), 0) as units from ${this.table} where pass < 2 and inventory_qty is not null`))[0];
  }

  /**
   * Pass 2, inside the caller's one transaction: per pass (products, then kits so their components
   * exist), update the products the catalog has (a blank cell keeps the current value), insert
   * the others, then barcodes, kit components and search rows. Re-runnable from the start (the
   * store retries a transaction that hit a deadlock): the staging rows it numbers roll back with it.
   */
  async write(core: Core, format: ProductImportFormat): Promise<{ created: number; updated: number }> {
    const { store, table } = this;
    const now = core.clock.now().toISOString();
    let created = 0;
    let updated = 0;
    for (const pass of [0, 1]) {
      const existing = `select product_id from ${table} where pass = ${pass} and product_id is not null`;
      await store.raw(`update ${table} st set product_id = p.id from product p where p.sku = st.sku and st.pass = ${pass}`);
      updated += await store.update(
        `update product set ${UPDATE_FROM_STAGED}, updated_at = cast(? as text)
         from ${table} st where st.product_id = product.id and st.pass = ${pass}`,
        now,
      );
      await store.raw(`delete from barcode where product_id in (${existing})`);
      // A plain CSV row is the whole truth about a kit: no components means it is no longer one.
      if (format === 'csv') await store.raw(`delete from kit_component where kit_id in (${existing})`);
      await store.raw(`delete from product_search where rowid in (${existing})`);
      created += await store.update(
        `insert into product (sku, name, variant_options, weight_g, length_mm, width_mm, height_mm, price_cents, cost_cents, currency, hs_code,
           origin_country, tags, active, lot_tracked, is_kit, reorder_point, safety_stock, avg_cost_cents, created_at, updated_at)
         select sku, name, coalesce(variant_options, '{}'), coalesce(weight_g, 0), coalesce(length_mm, 0), coalesce(width_mm, 0), coalesce(height_mm, 0),
           coalesce(price_cents, 0), coalesce(cost_cents, 0), currency, hs_code, origin_country, tags, active, coalesce(lot_tracked, 0), coalesce(is_kit, 0),
           coalesce(reorder_point, 0), coalesce(safety_stock, 0), coalesce(cost_cents, 0), cast(? as text), cast(? as text)
         from ${table} where pass = ${pass} and product_id is null order by row`,
        now,
        now,
      );
      await store.raw(`update ${table} st set product_id = p.id from product p where p.sku = st.sku and st.pass = ${pass} and st.product_id is null`);
      await store.raw(
        `insert into barcode (code, product_id, kind)
         select j.code, st.product_id, case when length(j.code) in (8, 12, 13, 14) and j.code !~ '[^0-9]' then 'gtin' else 'supplier' end
         from ${table} st cross join lateral jsonb_array_elements_text(st.barcodes) with ordinality as j(code, ord)
         where st.pass = ${pass} and st.barcodes is not null order by st.row, j.ord`,
      );
      if (pass === 1) {
        const expected = (await store.raw<{ n: number }>(`select coalesce(sum(jsonb_array_length(kit)), 0) as n from ${table} where pass = 1 and kit is not null`))[0].n;
        const written = await store.update(
          `insert into kit_component (kit_id, component_id, quantity)
           select st.product_id, p.id, cast(c.value->>'quantity' as bigint)
           from ${table} st cross join lateral jsonb_array_elements(st.kit) with ordinality as c(value, ord) join product p on p.sku = c.value->>'sku'
           where st.pass = 1 and st.kit is not null order by st.row, c.ord`,
        );
        // Validation made sure every component exists; anything else is a bug, not bad input.
        if (written !== expected) throw new Error(`kit components: wrote ${written} of ${expected}`);
      }
      await store.raw(`insert into product_search (rowid, sku, name, codes) select product_id, sku, name, codes from ${table} where pass = ${pass} order by row`);
    }
    return { created, updated };
  }
}

export interface PostgresImportRun {
  format: ProductImportFormat;
  runId: number;
  skipBadRows: boolean;
  openingBin: OpeningBin | null;
  /** The worker thread reading the file (null: read here), and reading on this thread. */
  starting: Promise<ProductImportThread | null>;
  readHere(): AsyncIterable<StagedBatch>;
  progress: Progress;
  counted: { exact: boolean };
  label: string;
}

/**
 * The whole run on PostgreSQL, the same stages and report as the SQLite path in product-import.ts:
 * stage and check each batch, the file-wide checks, then one transaction that writes everything
 * and marks the run done. The staging table is dropped whatever happens.
 */
export async function runPostgresImport(core: Core, run: PostgresImportRun): Promise<ImportReport> {
  const { store, clock } = core;
  let finished = false;
  try {
    const thread = await run.starting;
    const report = await stageCheckAndWrite(core, run, thread);
    finished = true;
    return report;
  } finally {
    try {
      // (An error thrown above: nothing was written, the record says so.)
      if (!finished && store.open) await finishImportRun(store, clock, run.runId, 'failed');
    } finally {
      releaseImportRun(store, run.runId);
      await (await run.starting)?.close();
    }
  }
}

async function stageCheckAndWrite(core: Core, run: PostgresImportRun, thread: ProductImportThread | null): Promise<ImportReport> {
  const { store, clock } = core;
  const staging = await PostgresStaging.create(store, run.runId);
  try {
    const stageAll = async (batches: AsyncIterable<StagedBatch>) => {
      const staged = { report: new ErrorReport(), skuColumn: 'sku', kits: 0, goodRows: 0 };
      for await (const batch of batches) {
        staged.skuColumn = batch.skuColumn;
        const known = await staging.catalogFacts(batch, run.format);
        const counts = markBatchRows(batch, run.format, known, staged.report);
        staged.goodRows += counts.goodRows;
        staged.kits += counts.kits;
        if (batch.values.length) await staging.stage(batch.values);
        const lastRow = Math.max(batch.values.length ? (batch.values[batch.values.length - STAGED_VALUES + STAGED.row] as number) : 0, batch.failures.at(-1)?.row ?? 0);
        if (lastRow > 1) run.progress.update({ done: Math.max(lastRow - 1, 0) });
      }
      return staged;
    };
    let staged: Awaited<ReturnType<typeof stageAll>>;
    try {
      staged = await stageAll(thread?.batches() ?? run.readHere());
    } catch (error) {
      if (!(error instanceof ProductImportWorkerFailure)) throw error;
      // The worker died (out of its heap, say), not the file: start over, reading on this thread.
      await staging.clear();
      staged = await stageAll(run.readHere());
    }
    const { report, skuColumn, kits, goodRows } = staged;
    run.counted.exact = true;
    if (!report.fileLevel) await staging.fileChecks(report, skuColumn, kits > 0);
    report.sortByRow();
    const inventory = run.format === 'shopify' ? await staging.inventoryInFile() : { rows: 0, units: 0 };
    if ((report.failed > 0 && !run.skipBadRows) || report.fileLevel) {
      await finishImportRun(store, clock, run.runId, 'rejected', { failed: report.failed });
      return { created: 0, updated: 0, failed: report.failed, written: false, errors: report.errors, openingStock: openingStockReport(inventory, run.openingBin, null) };
    }
    run.progress.update({ label: `Writing ${run.label}`, done: goodRows + report.failed, total: goodRows + report.failed });
    const written = await store.tx(async () => {
      const counts = await staging.write(core, run.format);
      const opening = run.openingBin ? await applyOpeningStock(core, staging.table, run.openingBin, run.runId) : null;
      await finishImportRun(store, clock, run.runId, 'done', { ...counts, failed: report.failed });
      return { ...counts, opening };
    });
    core.events.publish('catalog.changed', { imported: written.created + written.updated });
    if (written.opening) core.events.publish('stock.changed', {});
    return {
      created: written.created,
      updated: written.updated,
      failed: report.failed,
      written: written.created + written.updated > 0,
      errors: report.errors,
      openingStock: openingStockReport(inventory, run.openingBin, written.opening),
    };
  } finally {
    await staging.drop();
  }
}
