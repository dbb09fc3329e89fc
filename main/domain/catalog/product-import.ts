import { sqliteOnly, type SqliteStore } from '../../store/store';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../../shared/api/inventory';
import type { Core } from '../../core';
import { duplicateSkuMessage } from './import/product-fields';
import { STAGED, STAGED_VALUES, stagedProductBatches, type ProductImportFormat, type StagedBatch } from './product-import-rows';
import { beginImportRun, finishImportRun, releaseImportRun } from './product-import-record';
import { attachStaging } from './product-import-staging';
import { runPostgresImport } from './product-import-postgres';
import { ProductImportThread, ProductImportWorkerFailure } from './product-import-thread';
import { shortValue } from '../../util/quote-value';
import { batchKeys, ErrorReport, UPDATE_FROM_STAGED, markBatchRows, productIdCounter, type CatalogFacts, type HeldStock } from './product-import-checks';
import { applyOpeningStock, inventoryInFile, openingStockReport, resolveOpeningBin, type OpeningBin, type OpeningStockOption } from './product-import-opening-stock';
import { childLogger } from '../../logging/logger';
import { withProgress, type Progress } from '../../logging/progress';
import { estimateCsvRows } from '../../logging/row-estimate';

const log = childLogger({ module: 'product-import' });

export type { ProductImportFormat } from './product-import-rows';
/**
 * Where the file is read: 'worker' on a worker thread, overlapping the main thread's SQL; 'main'
 * on the main thread; 'auto' (the default) uses the worker from WORKER_MIN_BYTES on, where it pays
 * for its start (tens of milliseconds).
 */
export type ReadOn = 'auto' | 'worker' | 'main';
export interface ProductImportRunOptions {
  skipBadRows: boolean;
  readOn?: ReadOn;
  /** Take Shopify's inventory quantity as opening stock into this bin (else the report says it was not taken). */
  openingStock?: OpeningStockOption;
}
const WORKER_MIN_BYTES = 1 << 20;
/** Staged rows written per set of statements (all in the import's one transaction). */
const WRITE_BATCH = 2500;
/** Rows per staging INSERT statement. */
const STAGE_ROWS = 8;
/**
 * From this many rows to write on, the write pass holds the store's background checkpoints
 * (Store.startBackgroundCheckpoints): started for it in the CLI, shared where the app runs them.
 */
const BACKGROUND_CHECKPOINTS_MIN_ROWS = 10_000;

type Errors = ImportReport['errors'];
type Statement = ReturnType<SqliteStore['prepare']>;

/**
 * Product import, streaming in two passes so memory stays flat on large files and a file with
 * bad rows writes nothing (all-or-nothing) unless skipBadRows:
 *   1. parse and validate every row (format rules, duplicate SKUs and barcodes in the file, barcodes
 *      owned by another product, lot/kit changes of products holding stock; the catalog is asked once
 *      per batch of rows); good rows go, as typed columns, to a staging table in a database file of
 *      its own (on disk, neither in the heap nor in SQLite's memory; see attachStaging); nothing
 *      touches the catalog;
 *   2. write from the staging table with set-based statements, a batch of rows per transaction,
 *      yielding to the event loop between batches: upsert by SKU (a blank cell keeps the current
 *      value), barcodes, kit components, and the product_search index rows of the batch in bulk.
 * Parsing once, not twice, keeps the CSV read off the write pass (bench/stock.ts). On large inputs
 * the reading (tokenizing, validating, mapping: product-import-rows.ts) runs on a worker thread
 * while the main thread checks and stages the batches it sends (product-import-worker.ts), and
 * the writes leave WAL checkpoints to the store's background checkpointer (main/store/checkpointer.ts).
 * Re-importing the same file updates the same products (SKU is the key), never duplicates.
 */
export class ProductImportService {
  constructor(private readonly core: Core) {}

  importFile(format: ProductImportFormat, path: string, options: ProductImportRunOptions): Promise<ImportReport> {
    const worker = useWorker(options.readOn, () => statSync(path).size);
    return this.run(format, { path }, worker, options, basename(path));
  }

  importText(format: ProductImportFormat, content: string, options: ProductImportRunOptions): Promise<ImportReport> {
    const worker = useWorker(options.readOn, () => content.length);
    return this.run(format, { text: content }, worker, options, '(uploaded text)');
  }

  /** Rows read so far are the progress; the write pass (one transaction) shows as "Writing …" at 100 %. */
  private run(format: ProductImportFormat, input: { path: string } | { text: string }, worker: boolean, options: ProductImportRunOptions, source: string): Promise<ImportReport> {
    return withProgress(this.core.events, { kind: 'product-import', label: `Importing ${source}` }, async (progress) => {
      const counted = { exact: false };
      void estimateCsvRows('path' in input ? input : input.text).then((total) => counted.exact || progress.update({ total }), () => undefined);
      const report = await this.runStages(format, input, worker, options, source, { progress, counted });
      log.info({ source, format, created: report.created, updated: report.updated, failed: report.failed, written: report.written }, 'product import finished');
      return report;
    });
  }

  private async runStages(format: ProductImportFormat, input: { path: string } | { text: string }, worker: boolean, options: ProductImportRunOptions, source: string, at: { progress: Progress; counted: { exact: boolean } }): Promise<ImportReport> {
    const { store, clock } = this.core;
    const openingBin = await resolveOpeningBin(this.core, format, options.openingStock);
    // Recorded first: a crash from here on leaves a record naming the staging folder (product-import-record.ts).
    const importRun = await beginImportRun(store, clock, { format, source });
    // The worker starts while the statements below are prepared; null: read here.
    const starting = worker ? ProductImportThread.start({ format, input }) : Promise.resolve(null);
    const readHere = () => stagedProductBatches(format, 'path' in input ? createReadStream(input.path, { highWaterMark: 1 << 16 }) : input.text);
    if (store.engine === 'postgres') return await this.runOnPostgres(format, importRun.id, starting, readHere, options, source, at, openingBin);
    const barcodeOwners = sqliteOnly(store, 'The product import').prepare(
      'select j.value as code, p.sku as sku from json_each(?) j join barcode b on b.code = j.value join product p on p.id = b.product_id',
    );
    const heldStock = sqliteOnly(store, 'The product import').prepare(
      `select j.value as sku, p.lot_tracked, p.is_kit, (select coalesce(sum(b.on_hand), 0) from stock_balance b where b.product_id = p.id) as on_hand
       from json_each(?) j join product p on p.sku = j.value`,
    );
    let stagingDb: ReturnType<typeof attachStaging> | null = null;
    let finished = false;
    try {
      stagingDb = attachStaging(sqliteOnly(store, 'The product import').sqlite, importRun.stagingPath);
      const staging = stagingDb.table;
      const placeholders = `(${new Array(STAGED_VALUES).fill('?').join(',')}, null)`;
      const stageOne = sqliteOnly(store, 'The product import').sqlite.prepare(`insert into ${staging} values ${placeholders}`);
      // Several rows per statement: half the cost of one statement per row.
      const stageSome = sqliteOnly(store, 'The product import').sqlite.prepare(`insert into ${staging} values ${new Array(STAGE_ROWS).fill(placeholders).join(',')}`);
      // A deferred transaction: it writes only the staging database, the catalog's write lock is not needed.
      const stageBatch = sqliteOnly(store, 'The product import').sqlite.transaction((values: unknown[]) => {
        const some = STAGE_ROWS * STAGED_VALUES;
        let at = 0;
        for (; at + some <= values.length; at += some) stageSome.run(values.slice(at, at + some));
        for (; at < values.length; at += STAGED_VALUES) stageOne.run(values.slice(at, at + STAGED_VALUES));
      });
      // Pass 1: check each read row against the catalog and stage it. Rows that fail stay in the
      // table (pass 2 = never written) so the file-wide checks below still see their SKUs and barcodes.
      const stageAll = async (batches: AsyncIterable<StagedBatch>) => {
        const staged = { report: new ErrorReport(), skuColumn: 'sku', kits: 0, goodRows: 0 };
        const { report } = staged;
        for await (const batch of batches) {
          staged.skuColumn = batch.skuColumn;
          // Direct statements on the connection take their turn (never inside another request's open transaction).
          const known = await sqliteOnly(store, 'The product import').exclusive(() => this.catalogFacts(batch, format, barcodeOwners, heldStock));
          const { values, failures } = batch;
          // Problems are reported in file order (the report keeps the first MAX_REPORTED_ERRORS).
          const marked = markBatchRows(batch, format, known, report);
          staged.goodRows += marked.goodRows;
          staged.kits += marked.kits;
          if (values.length) await sqliteOnly(store, 'The product import').exclusive(() => stageBatch(values));
          const lastRow = Math.max(values.length ? (values[values.length - STAGED_VALUES + STAGED.row] as number) : 0, failures.at(-1)?.row ?? 0);
          if (lastRow > 1) at.progress.update({ done: Math.max(lastRow - 1, 0) });
          // Stay responsive: the event loop gets a turn between batches of rows.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return staged;
      };
      const thread = await starting;
      let staged: Awaited<ReturnType<typeof stageAll>>;
      try {
        staged = await stageAll(thread?.batches() ?? readHere());
      } catch (error) {
        if (!(error instanceof ProductImportWorkerFailure)) throw error;
        // The worker died (out of its heap, say), not the file: start over, reading on this thread.
        log.warn({ err: error }, 'the product import worker failed; reading again on the main thread');
        sqliteOnly(store, 'The product import').sqlite.exec(`delete from ${staging}`);
        staged = await stageAll(readHere());
      }
      const { report, skuColumn, kits, goodRows } = staged;
      at.counted.exact = true;
      if (!report.fileLevel) await sqliteOnly(store, 'The product import').exclusive(() => this.fileChecks(staging, report, skuColumn, kits > 0));
      report.sortByRow();
      const inventory = format === 'shopify' ? await sqliteOnly(store, 'The product import').exclusive((sqlite) => inventoryInFile(sqlite, staging)) : { rows: 0, units: 0 };
      if ((report.failed > 0 && !options.skipBadRows) || report.fileLevel) {
        await finishImportRun(store, clock, importRun.id, 'rejected', { failed: report.failed });
        finished = true;
        return { created: 0, updated: 0, failed: report.failed, written: false, errors: report.errors, openingStock: openingStockReport(inventory, openingBin, null) };
      }
      at.progress.update({ label: `Writing ${source}`, done: goodRows + report.failed, total: goodRows + report.failed });
      const { created, updated, opening } = await this.writeStaged(staging, format, goodRows, importRun.id, report.failed, openingBin);
      finished = true;
      return { created, updated, failed: report.failed, written: created + updated > 0, errors: report.errors, openingStock: openingStockReport(inventory, openingBin, opening) };
    } finally {
      try {
        // (An error thrown above: nothing was written, the record says so.)
        if (!finished && store.open) await finishImportRun(store, clock, importRun.id, 'failed');
      } finally {
        releaseImportRun(store, importRun.id);
        stagingDb?.detach();
        await (await starting)?.close();
      }
    }
  }

  /** The same run on PostgreSQL (product-import-postgres.ts), with the same record of the run. */
  private async runOnPostgres(
    format: ProductImportFormat,
    runId: number,
    starting: Promise<ProductImportThread | null>,
    readHere: () => AsyncIterable<StagedBatch>,
    options: ProductImportRunOptions,
    source: string,
    at: { progress: Progress; counted: { exact: boolean } },
    openingBin: OpeningBin | null,
  ): Promise<ImportReport> {
    return await runPostgresImport(this.core, { format, runId, starting, readHere, skipBadRows: options.skipBadRows, openingBin, progress: at.progress, counted: at.counted, label: source });
  }

  /**
   * Checks across the whole file, in SQL over the staging table (no per-file set in the heap):
   * duplicate SKUs (ignoring case; the first row keeps it), one barcode on two products (the later
   * row is in error; the write pass would otherwise fail on the barcode key half-way), kit components
   * that are neither in the catalog nor among the file's good rows. Failing rows leave the write.
   */
  private fileChecks(staging: string, report: ErrorReport, skuColumn: string, hasKits: boolean): void {
    const db = sqliteOnly(this.core.store, 'The product import').sqlite;
    const drop = db.prepare(`update ${staging} set pass = ? where row = ?`);
    // Each check first finds the few keys involved with a cheap GROUP BY, then names rows only for those.
    const repeatedSkus = (db.prepare(`select sku_key from ${staging} group by sku_key having count(*) > 1`).pluck().all() as string[]);
    if (repeatedSkus.length) {
      const duplicateSkus = db.prepare(
        `select row, sku, first_row from (select row, sku, first_value(row) over (partition by sku_key order by row) as first_row from ${staging}
         where sku_key in (select value from json_each(?))) where row <> first_row order by row`,
      );
      for (const d of duplicateSkus.all(JSON.stringify(repeatedSkus)) as { row: number; sku: string; first_row: number }[]) {
        report.rowFailed(d.row, [{ row: d.row, column: skuColumn, message: `row ${d.row}, ${skuColumn}: ${duplicateSkuMessage(d.sku, d.first_row)}` }]);
        // (3: a repeated SKU is not a product of its own; its barcodes are not checked against others.)
        drop.run(3, d.row);
      }
    }
    const sharedCodes = db
      .prepare(
        `select j.value from ${staging} st, json_each(st.barcodes) j where st.barcodes is not null and st.pass < 3
         group by j.value having min(st.sku_key) <> max(st.sku_key)`,
      )
      .pluck()
      .all() as string[];
    if (sharedCodes.length) {
      const sharedBarcodes = db.prepare(
        `select row, code, first_row, first_sku from (
           select st.row, st.sku_key, j.value as code, first_value(st.row) over w as first_row, first_value(st.sku) over w as first_sku,
             first_value(st.sku_key) over w as first_key
           from ${staging} st, json_each(st.barcodes) j where st.barcodes is not null and st.pass < 3 and j.value in (select value from json_each(?))
           window w as (partition by j.value order by st.row))
         where row <> first_row and sku_key <> first_key order by row`,
      );
      for (const b of sharedBarcodes.all(JSON.stringify(sharedCodes)) as { row: number; code: string; first_row: number; first_sku: string }[]) {
        report.rowFailed(b.row, [{ row: b.row, column: 'barcode', message: `row ${b.row}, barcode: ${shortValue(b.code)} is also the barcode of ${shortValue(b.first_sku)} (row ${b.first_row})` }]);
        drop.run(2, b.row);
      }
    }
    if (!hasKits) return;
    db.exec(`create index ${staging}_sku_key on ${staging.split('.')[1]} (sku_key)`);
    const components = db.prepare(
      `select k.row, json_extract(c.value, '$.sku') as sku, (select min(s.pass) from ${staging} s where s.sku_key = json_extract(c.value, '$.key')) as in_file,
         exists (select 1 from product p where p.sku = json_extract(c.value, '$.sku')) as in_catalog
       from ${staging} k, json_each(k.kit) c where k.kit is not null order by k.row, c.key`,
    );
    for (const c of components.all() as { row: number; sku: string; in_file: number | null; in_catalog: number }[]) {
      if ((c.in_file !== null && c.in_file < 2) || c.in_catalog) continue;
      const message = c.in_file !== null ? `component SKU ${shortValue(c.sku)} is in this file on a row with errors` : `component SKU ${shortValue(c.sku)} is neither in the catalog nor in this file`;
      report.rowFailed(c.row, [{ row: c.row, column: 'kit_components', message }]);
      drop.run(2, c.row);
    }
  }

  /** What the catalog knows about one batch of rows: owners of their barcodes, stock held under their SKUs. */
  private catalogFacts(batch: StagedBatch, format: ProductImportFormat, barcodeOwners: Statement, heldStock: Statement): CatalogFacts {
    const { codes, skus } = batchKeys(batch);
    const owners = new Map<string, string>();
    if (codes.length) for (const r of barcodeOwners.all(JSON.stringify(codes)) as { code: string; sku: string }[]) owners.set(r.code, r.sku);
    const stock = new Map<string, HeldStock>();
    if (format === 'csv' && skus.length) for (const r of heldStock.all(JSON.stringify(skus)) as (HeldStock & { sku: string })[]) stock.set(r.sku, r);
    return { owners, stock };
  }

  /**
   * Pass 2: set-based writes from the staging table, in batches of rows but all in ONE transaction,
   * kits last so their components exist whatever the file order, with the run's record marked done
   * in the same transaction: a crash at any point (kill -9, power cut) leaves either the whole file
   * imported or none of it. The price is that the event loop waits for the whole write (about 1 s
   * per 100,000 rows here; the reading and checking before it still yield between batches).
   * On update, a blank cell keeps the current value (a Shopify file knows nothing of reorder points
   * or lots, a plain CSV may leave weight blank), so re-importing never wipes data the file does
   * not carry.
   */
  private async writeStaged(
    staging: string,
    format: ProductImportFormat,
    rows: number,
    runId: number,
    failedRows: number,
    openingBin: OpeningBin | null,
  ): Promise<{ created: number; updated: number; opening: { skipped: number } | null }> {
    const { store, clock } = this.core;
    const st = `${staging} as st`;
    // Every statement is run with { now, pass, after, last, lastId }: the batch is rows (after, last] of
    // the pass; products with ids above lastId are the ones this batch creates.
    const range = 'st.pass = @pass and st.row > @after and st.row <= @last';
    const isNew = 'st.product_id > @lastId';
    const existing = 'st.product_id <= @lastId';
    const nextId = productIdCounter(sqliteOnly(store, 'The product import').sqlite);
    const sql = {
      bounds: sqliteOnly(store, 'The product import').sqlite.prepare(`select max(row) as hi, count(*) as n from (select row from ${staging} where pass = ? and row > ? order by row limit ?)`),
      // The id AUTOINCREMENT would give next (explicit ids keep sqlite_sequence up to date).
      lastId: sqliteOnly(store, 'The product import').sqlite.prepare(`select max(coalesce((select seq from sqlite_sequence where name = 'product'), 0), coalesce((select max(id) from product), 0))`).pluck(),
      // One statement finds the existing product of each row or numbers a new one, in row order
      // (coalesce calls the counter only for SKUs the catalog does not have).
      assignIds: sqliteOnly(store, 'The product import').sqlite.prepare(`update ${st} set product_id = coalesce((select p.id from product p where p.sku = st.sku), ${nextId.sql}) where ${range}`),
      insertNew: sqliteOnly(store, 'The product import').sqlite.prepare(
        `insert into product (id, sku, name, variant_options, weight_g, length_mm, width_mm, height_mm, price_cents, cost_cents, currency, hs_code,
           origin_country, tags, active, lot_tracked, is_kit, reorder_point, safety_stock, avg_cost_cents, created_at, updated_at)
         select product_id, sku, name, coalesce(variant_options, '{}'), coalesce(weight_g, 0), coalesce(length_mm, 0), coalesce(width_mm, 0), coalesce(height_mm, 0),
           coalesce(price_cents, 0), coalesce(cost_cents, 0), currency, hs_code, origin_country, tags, active, coalesce(lot_tracked, 0), coalesce(is_kit, 0),
           coalesce(reorder_point, 0), coalesce(safety_stock, 0), coalesce(cost_cents, 0), @now, @now
         from ${st} where ${range} and ${isNew} order by st.row`,
      ),
      updateExisting: sqliteOnly(store, 'The product import').sqlite.prepare(
        `update product set ${UPDATE_FROM_STAGED}, updated_at = @now
         from ${st} where st.product_id = product.id and ${range} and ${existing}`,
      ),
      dropBarcodes: sqliteOnly(store, 'The product import').sqlite.prepare(`delete from barcode where product_id in (select st.product_id from ${st} where ${range} and ${existing})`),
      insertBarcodes: sqliteOnly(store, 'The product import').sqlite.prepare(
        `insert into barcode (code, product_id, kind)
         select j.value, st.product_id, case when length(j.value) in (8, 12, 13, 14) and j.value not glob '*[^0-9]*' then 'gtin' else 'supplier' end
         from ${st}, json_each(st.barcodes) j where ${range} and st.barcodes is not null order by st.row, j.key`,
      ),
      // A plain CSV row is the whole truth about a kit: no components means it is no longer one.
      dropComponents: sqliteOnly(store, 'The product import').sqlite.prepare(`delete from kit_component where kit_id in (select st.product_id from ${st} where ${range} and ${existing})`),
      insertComponents: sqliteOnly(store, 'The product import').sqlite.prepare(
        `insert into kit_component (kit_id, component_id, quantity)
         select st.product_id, p.id, json_extract(j.value, '$.quantity') from ${st}, json_each(st.kit) j
         join product p on p.sku = json_extract(j.value, '$.sku') where ${range} and st.kit is not null order by st.row, j.key`,
      ),
      expectedComponents: sqliteOnly(store, 'The product import').sqlite.prepare(`select coalesce(sum(json_array_length(st.kit)), 0) as n from ${st} where ${range} and st.kit is not null`),
      dropSearch: sqliteOnly(store, 'The product import').sqlite.prepare(`delete from product_search where rowid in (select st.product_id from ${st} where ${range} and ${existing})`),
      insertSearch: sqliteOnly(store, 'The product import').sqlite.prepare(
        `insert into product_search (rowid, sku, name, codes) select st.product_id, st.sku, st.name, st.codes from ${st} where ${range} order by st.row`,
      ),
    };
    let created = 0;
    let updated = 0;
    let opening: { skipped: number } | null = null;
    // A long write pass fills the WAL quickly: SQLite's automatic checkpoint would copy it into the
    // database file inside this thread's commits (a third of the pass, measured). The store's
    // background checkpointer does that on its own thread instead; the import holds it for its
    // writes (in the CLI that starts it; where the app runs it, it is shared and keeps running).
    // Should it fail, the connection's own automatic checkpoint (a high mark while it runs, the
    // default again after) still keeps the WAL bounded.
    const holdsCheckpoints = rows >= BACKGROUND_CHECKPOINTS_MIN_ROWS && store.startBackgroundCheckpoints() !== null;
    try {
      // The commit does not wait for the disk; the import is made durable once, by syncWal below.
      await store.txWithoutSync(async () => {
        for (const pass of [0, 1]) {
          let after = 0;
          for (;;) {
            const { hi, n } = sql.bounds.get(pass, after, WRITE_BATCH) as { hi: number | null; n: number };
            if (!n || hi === null) break;
            const lastId = sql.lastId.get() as number;
            const at = { now: clock.now().toISOString(), pass, after, last: hi, lastId };
            nextId.from(lastId);
            sql.assignIds.run(at);
            const numbered = nextId.last() - lastId;
            const inserted = sql.insertNew.run(at).changes;
            if (inserted !== numbered) throw new Error(`new products: inserted ${inserted} of ${numbered}`);
            created += inserted;
            updated += sql.updateExisting.run(at).changes;
            sql.dropBarcodes.run(at);
            sql.insertBarcodes.run(at);
            if (format === 'csv') sql.dropComponents.run(at);
            if (pass === 1) {
              const expected = (sql.expectedComponents.get(at) as { n: number }).n;
              const written = sql.insertComponents.run(at).changes;
              // Validation made sure every component exists; anything else is a bug, not bad input.
              if (written !== expected) throw new Error(`kit components: wrote ${written} of ${expected}`);
            }
            sql.dropSearch.run(at);
            sql.insertSearch.run(at);
            after = hi;
          }
        }
        // Opening stock in the same transaction: the products and their stock arrive together or not at all.
        if (openingBin) opening = await applyOpeningStock(this.core, staging, openingBin, runId);
        await finishImportRun(store, clock, runId, 'done', { created, updated, failed: failedRows });
      });
      // Durable at once (the WAL's fsync).
      await store.syncWal();
    } finally {
      if (holdsCheckpoints) await store.stopBackgroundCheckpoints();
    }
    this.core.events.publish('catalog.changed', { imported: created + updated });
    if (opening) this.core.events.publish('stock.changed', {});
    return { created, updated, opening };
  }
}

/** Whether this input is read on the worker thread. */
function useWorker(readOn: ReadOn = 'auto', size: () => number): boolean {
  return readOn === 'worker' || (readOn === 'auto' && size() >= WORKER_MIN_BYTES);
}

function basename(file: string): string {
  return path.basename(file);
}
