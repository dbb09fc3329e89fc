import { createReadStream } from 'node:fs';
import type { ImportReport } from '../../../shared/api/inventory';
import type { Core } from '../../services';
import { streamPlainProductsCsv, streamShopifyProductsCsv, type IncomingProduct, type ProductImportItem } from '../catalog/import/index';
import type { CsvInput } from '../orders/intake/csv-records';
import type { CatalogService } from './catalog-service';

export type ProductImportFormat = 'shopify' | 'csv';
const MAX_REPORTED_ERRORS = 1000;
const WRITE_BATCH = 2000;

/**
 * Product import, streaming in two passes so memory stays flat on large files and a file with
 * bad rows writes nothing (all-or-nothing) unless skipBadRows:
 *   1. parse and validate every row (format rules, duplicate SKUs, barcodes owned by another
 *      product, kit components that exist) — no writes;
 *   2. parse again and upsert by SKU in batches of synchronous transactions.
 * Re-importing the same file updates the same products (SKU is the key), never duplicates.
 */
export class ProductImportService {
  constructor(
    private readonly core: Core,
    private readonly catalog: CatalogService,
  ) {}

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

    // Pass 1: validate.
    for await (const item of this.stream(format, open())) {
      const rowErrors = item.ok ? this.dbProblems(item.product, barcodeOwner) : item.errors;
      if (item.ok) {
        skusInFile.add(item.product.sku.toUpperCase());
        if (item.product.kitComponents.length) kitChecks.push({ row: item.row, components: item.product.kitComponents.map((c) => c.sku) });
      }
      if (rowErrors.length) {
        failed++;
        badRows.add(item.row);
        for (const e of rowErrors) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
      }
    }
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

    // Pass 2: write. Kits go last so their components exist whatever the file order.
    let created = 0;
    let updated = 0;
    const kits: IncomingProduct[] = [];
    let batch: IncomingProduct[] = [];
    const flush = (products: IncomingProduct[]) => {
      store.tx(() => {
        for (const p of products) (this.writeProduct(p) ? created++ : updated++);
      });
    };
    for await (const item of this.stream(format, open())) {
      if (!item.ok || badRows.has(item.row)) continue;
      if (item.product.kitComponents.length) kits.push(item.product);
      else batch.push(item.product);
      if (batch.length >= WRITE_BATCH) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    flush(kits);
    this.core.events.publish('catalog.changed', { imported: created + updated });
    return { created, updated, failed, written: created + updated > 0, errors };
  }

  private dbProblems(p: IncomingProduct, barcodeOwner: ReturnType<Core['store']['prepare']>): ImportReport['errors'] {
    const problems: ImportReport['errors'] = [];
    for (const code of p.barcodes) {
      const owner = barcodeOwner.get(code) as { sku: string } | undefined;
      if (owner && owner.sku.toUpperCase() !== p.sku.toUpperCase()) problems.push({ row: p.row, column: 'barcode', message: `barcode ${code} already belongs to ${owner.sku}` });
    }
    return problems;
  }

  /** Upserts one product by SKU; returns true when it was created. Lean on purpose: ≥ 20k rows/s. */
  private writeProduct(p: IncomingProduct): boolean {
    const { store, clock } = this.core;
    const now = clock.now().toISOString();
    const existing = store.prepare('select id from product where sku = ? collate nocase').get(p.sku) as { id: number } | undefined;
    const variantOptions = JSON.stringify(Object.fromEntries(p.options.map((o) => [o.name, o.value])));
    const fields = [
      p.name,
      variantOptions,
      p.weightGrams ?? 0,
      p.lengthMm ?? 0,
      p.widthMm ?? 0,
      p.heightMm ?? 0,
      p.priceCents ?? 0,
      p.costCents ?? 0,
      p.currency,
      p.hsCode,
      p.originCountry,
      p.tags.join(','),
      p.active ? 1 : 0,
      p.lotTracked ? 1 : 0,
      p.kitComponents.length ? 1 : 0,
      p.reorderPoint ?? 0,
      p.safetyStock ?? 0,
    ];
    let id: number;
    if (existing) {
      id = existing.id;
      store
        .prepare(
          `update product set name=?, variant_options=?, weight_g=?, length_mm=?, width_mm=?, height_mm=?, price_cents=?, cost_cents=?, currency=?,
           hs_code=?, origin_country=?, tags=?, active=?, lot_tracked=?, is_kit=?, reorder_point=?, safety_stock=?, updated_at=? where id = ?`,
        )
        .run(...fields, now, id);
    } else {
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
    if (p.kitComponents.length) {
      store.prepare('delete from kit_component where kit_id = ?').run(id);
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
