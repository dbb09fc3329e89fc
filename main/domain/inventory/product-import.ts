import { createReadStream } from 'node:fs';
import type { ImportReport } from '../../../shared/api/inventory';
import type { Core } from '../../services';
import { streamPlainProductsCsv, streamShopifyProductsCsv, type IncomingProduct, type ProductImportItem } from '../catalog/import/index';
import type { CsvInput } from '../orders/intake/csv-records';

export type ProductImportFormat = 'shopify' | 'csv';
const MAX_REPORTED_ERRORS = 1000;
const WRITE_BATCH = 2000;
let stagingTables = 0;

/**
 * Product import, streaming in two passes so memory stays flat on large files and a file with
 * bad rows writes nothing (all-or-nothing) unless skipBadRows:
 *   1. parse and validate every row (format rules, duplicate SKUs, barcodes owned by another
 *      product, kit components that exist); good rows go to a TEMP staging table (on disk, not
 *      in the heap), nothing touches the catalog;
 *   2. read the staging table back and upsert by SKU in batches of synchronous transactions.
 * Parsing once, not twice, is what makes ≥ 20,000 rows/s possible: the CSV parse is the most
 * expensive step (bench/stock.ts).
 * Re-importing the same file updates the same products (SKU is the key), never duplicates.
 */
export class ProductImportService {
  constructor(private readonly core: Core) {}

  importFile(format: ProductImportFormat, path: string, options: { skipBadRows: boolean }): Promise<ImportReport> {
    return this.run(format, () => createReadStream(path, { highWaterMark: 1 << 20 }), options);
  }

  importText(format: ProductImportFormat, content: string, options: { skipBadRows: boolean }): Promise<ImportReport> {
    return this.run(format, () => content, options);
  }

  private stream(format: ProductImportFormat, input: CsvInput): AsyncGenerator<ProductImportItem> {
    return format === 'shopify' ? streamShopifyProductsCsv(input) : streamPlainProductsCsv(input);
  }

  private async run(format: ProductImportFormat, open: () => CsvInput, options: { skipBadRows: boolean }): Promise<ImportReport> {
    const { store } = this.core;
    const errors: ImportReport['errors'] = [];
    let failed = 0;
    const badRows = new Set<number>();
    const skusInFile = new Set<string>();
    const kitChecks: { row: number; components: string[] }[] = [];
    const barcodeOwner = store.prepare('select p.sku from barcode b join product p on p.id = b.product_id where b.code = ?');
    const existingStock = store.prepare(
      'select p.lot_tracked, p.is_kit, (select ifnull(sum(b.on_hand), 0) from stock_balance b where b.product_id = p.id) as on_hand from product p where p.sku = ? collate nocase',
    );
    // Barcodes seen in this file: a second product with the same barcode would otherwise fail
    // half-way through the write pass (the barcode is the table's key).
    const barcodeRows = new Map<string, { row: number; sku: string }>();
    // One staging table per import run (the name is a counter, never input): imports on the same
    // connection can interleave at their awaits.
    const staging = `temp.product_import_${++stagingTables}`;
    store.sqlite.exec(`create table ${staging} (row integer primary key, is_kit integer not null, product text not null)`);
    try {
      const stage = store.sqlite.prepare(`insert into ${staging} (row, is_kit, product) values (?, ?, ?)`);
      let staged: [number, number, string][] = [];
      const flushStaged = () => {
        store.tx(() => {
          for (const r of staged) stage.run(...r);
        });
        staged = [];
      };

      // Pass 1: validate and stage.
      for await (const item of this.stream(format, open())) {
        const rowErrors = item.ok ? [...this.dbProblems(item.product, format, barcodeOwner, existingStock), ...fileBarcodeProblems(item.product, barcodeRows)] : item.errors;
        if (item.ok) {
          skusInFile.add(item.product.sku.toUpperCase());
          if (item.product.kitComponents.length) kitChecks.push({ row: item.row, components: item.product.kitComponents.map((c) => c.sku) });
        }
        if (rowErrors.length) {
          failed++;
          badRows.add(item.row);
          for (const e of rowErrors) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
        } else if (item.ok && (failed === 0 || options.skipBadRows)) {
          staged.push([item.row, item.product.kitComponents.length ? 1 : 0, JSON.stringify(item.product)]);
          if (staged.length >= WRITE_BATCH) flushStaged();
        }
      }
      flushStaged();
      return await this.writeStaged(staging, format, { errors, failed, badRows, skusInFile, kitChecks }, options);
    } finally {
      store.sqlite.exec(`drop table if exists ${staging}`);
    }
  }

  private async writeStaged(
    staging: string,
    format: ProductImportFormat,
    pass1: { errors: ImportReport['errors']; failed: number; badRows: Set<number>; skusInFile: Set<string>; kitChecks: { row: number; components: string[] }[] },
    options: { skipBadRows: boolean },
  ): Promise<ImportReport> {
    const { store } = this.core;
    const { errors, badRows, skusInFile, kitChecks } = pass1;
    let { failed } = pass1;
    const skuExists = store.prepare('select 1 from product where sku = ? collate nocase');
    for (const kit of kitChecks) {
      for (const sku of kit.components) {
        if (!skusInFile.has(sku.toUpperCase()) && !skuExists.get(sku)) {
          if (!badRows.has(kit.row)) failed++;
          badRows.add(kit.row);
          errors.push({ row: kit.row, column: 'kit_components', message: `component SKU ${sku} is neither in the catalog nor in this file` });
        }
      }
    }
    const fileLevel = errors.some((e) => e.column === '(file)');
    if ((failed > 0 && !options.skipBadRows) || fileLevel) {
      return { created: 0, updated: 0, failed, written: false, errors };
    }

    // Pass 2: write from the staging table, a batch per transaction, yielding between batches so
    // the app stays responsive. Kits go last so their components exist whatever the file order.
    let created = 0;
    let updated = 0;
    const page = store.sqlite.prepare(`select row, product from ${staging} where is_kit = ? and row > ? order by row limit ?`);
    for (const kits of [0, 1]) {
      let after = 0;
      for (;;) {
        const rows = page.all(kits, after, WRITE_BATCH) as { row: number; product: string }[];
        if (rows.length === 0) break;
        after = rows[rows.length - 1].row;
        store.tx(() => {
          for (const r of rows) {
            if (badRows.has(r.row)) continue;
            if (this.writeProduct(JSON.parse(r.product) as IncomingProduct, format)) created++;
            else updated++;
          }
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.core.events.publish('catalog.changed', { imported: created + updated });
    return { created, updated, failed, written: created + updated > 0, errors };
  }

  private dbProblems(
    p: IncomingProduct,
    format: ProductImportFormat,
    barcodeOwner: ReturnType<Core['store']['prepare']>,
    existingStock: ReturnType<Core['store']['prepare']>,
  ): ImportReport['errors'] {
    const problems: ImportReport['errors'] = [];
    for (const code of p.barcodes) {
      const owner = barcodeOwner.get(code) as { sku: string } | undefined;
      if (owner && owner.sku.toUpperCase() !== p.sku.toUpperCase()) problems.push({ row: p.row, column: 'barcode', message: `row ${p.row}, barcode: ${code} already belongs to ${owner.sku}` });
    }
    if (format === 'csv') {
      // Stock on hand is held per lot (or not) and kits hold none: flipping either while units
      // are on the shelf would strand them. Move or count the stock out first.
      const current = existingStock.get(p.sku) as { lot_tracked: number; is_kit: number; on_hand: number } | undefined;
      if (current && current.on_hand > 0) {
        if (Boolean(current.lot_tracked) !== p.lotTracked) {
          problems.push({ row: p.row, column: 'lot_tracked', message: `row ${p.row}, lot_tracked: ${p.sku} has ${current.on_hand} on hand; lot tracking cannot change while it holds stock` });
        }
        if (!current.is_kit && p.kitComponents.length > 0) {
          problems.push({ row: p.row, column: 'kit_components', message: `row ${p.row}, kit_components: ${p.sku} has ${current.on_hand} on hand; a product holding stock cannot become a kit` });
        }
      }
    }
    return problems;
  }

  /**
   * Upserts one product by SKU; returns true when it was created. Lean on purpose: ≥ 20k rows/s.
   * On update, a blank cell keeps the current value (a Shopify file knows nothing of reorder
   * points or lots, and a plain CSV may leave weight blank), so re-importing never wipes data the
   * file does not carry.
   */
  private writeProduct(p: IncomingProduct, format: ProductImportFormat): boolean {
    const { store, clock } = this.core;
    const now = clock.now().toISOString();
    const existing = store.prepare('select id from product where sku = ? collate nocase').get(p.sku) as { id: number } | undefined;
    const shopify = format === 'shopify';
    const variantOptions = p.options.length || shopify ? JSON.stringify(Object.fromEntries(p.options.map((o) => [o.name, o.value]))) : null;
    // Shopify has no lots and no kits: those stay as Shipshape knows them.
    const lotTracked = shopify ? null : p.lotTracked ? 1 : 0;
    const isKit = shopify ? null : p.kitComponents.length ? 1 : 0;
    let id: number;
    if (existing) {
      id = existing.id;
      store
        .prepare(
          `update product set name=?, variant_options=coalesce(?, variant_options), weight_g=coalesce(?, weight_g), length_mm=coalesce(?, length_mm),
           width_mm=coalesce(?, width_mm), height_mm=coalesce(?, height_mm), price_cents=coalesce(?, price_cents), cost_cents=coalesce(?, cost_cents),
           currency=?, hs_code=coalesce(?, hs_code), origin_country=coalesce(?, origin_country), tags=?, active=?, lot_tracked=coalesce(?, lot_tracked),
           is_kit=coalesce(?, is_kit), reorder_point=coalesce(?, reorder_point), safety_stock=coalesce(?, safety_stock), updated_at=? where id = ?`,
        )
        .run(
          p.name, variantOptions, p.weightGrams, p.lengthMm, p.widthMm, p.heightMm, p.priceCents, p.costCents, p.currency, p.hsCode, p.originCountry,
          p.tags.join(','), p.active ? 1 : 0, lotTracked, isKit, p.reorderPoint, p.safetyStock, now, id,
        );
    } else {
      const fields = [
        p.name, variantOptions ?? '{}', p.weightGrams ?? 0, p.lengthMm ?? 0, p.widthMm ?? 0, p.heightMm ?? 0, p.priceCents ?? 0, p.costCents ?? 0, p.currency,
        p.hsCode, p.originCountry, p.tags.join(','), p.active ? 1 : 0, lotTracked ?? 0, isKit ?? 0, p.reorderPoint ?? 0, p.safetyStock ?? 0,
      ];
      id = Number(
        store
          .prepare(
            `insert into product (sku, name, variant_options, weight_g, length_mm, width_mm, height_mm, price_cents, cost_cents, currency, hs_code,
             origin_country, tags, active, lot_tracked, is_kit, reorder_point, safety_stock, avg_cost_cents, created_at, updated_at)
             values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
          )
          .run(p.sku, ...fields, p.costCents ?? 0, now, now).lastInsertRowid,
      );
    }
    if (existing) store.prepare('delete from barcode where product_id = ?').run(id);
    for (const code of p.barcodes) store.prepare("insert into barcode (code, product_id, kind) values (?, ?, ?)").run(code, id, /^\d{8}$|^\d{12,14}$/.test(code) ? 'gtin' : 'supplier');
    // A plain CSV row is the whole truth about a kit: no components means it is no longer one.
    if (existing && !shopify) store.prepare('delete from kit_component where kit_id = ?').run(id);
    if (p.kitComponents.length) {
      for (const c of p.kitComponents) {
        const component = store.prepare('select id from product where sku = ? collate nocase').get(c.sku) as { id: number };
        store.prepare('insert into kit_component (kit_id, component_id, quantity) values (?,?,?)').run(id, component.id, c.quantity);
      }
    }
    if (existing) store.prepare('delete from product_search where rowid = ?').run(id);
    store.prepare('insert into product_search (rowid, sku, name, codes) values (?,?,?,?)').run(id, p.sku, p.name, p.barcodes.join(' '));
    return !existing;
  }
}

/** Two different products of one file claiming the same barcode: the later row is in error. */
function fileBarcodeProblems(p: IncomingProduct, seen: Map<string, { row: number; sku: string }>): ImportReport['errors'] {
  const problems: ImportReport['errors'] = [];
  for (const code of p.barcodes) {
    const first = seen.get(code);
    if (!first) seen.set(code, { row: p.row, sku: p.sku });
    else if (first.sku.toUpperCase() !== p.sku.toUpperCase()) {
      problems.push({ row: p.row, column: 'barcode', message: `row ${p.row}, barcode: ${code} is also the barcode of ${first.sku} (row ${first.row})` });
    }
  }
  return problems;
}
