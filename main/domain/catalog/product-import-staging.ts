import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { removeStagingFolder } from './product-import-record';

/** Page cache of the staging database (KiB): it is read and written in row order, a small cache does. */
const STAGING_CACHE_KIB = 2048;
let stagingDatabases = 0;

/** Staging columns, in insert order: typed values, so the write pass is set-based SQL with no per-row JavaScript. */
/**
 * pass: 0 = a product, 1 = a kit (written after the products), 2 = a row that failed, 3 = a repeated SKU; rows that
 * failed stay for the file-wide checks and are never written.
 */
const STAGING_COLUMNS = `row integer primary key, pass integer not null, sku text not null, sku_key text not null, name text not null, variant_options text,
  weight_g integer, length_mm integer, width_mm integer, height_mm integer, price_cents integer, cost_cents integer, currency text not null,
  hs_code text, origin_country text, tags text not null, active integer not null, lot_tracked integer, is_kit integer,
  reorder_point integer, safety_stock integer, barcodes text, codes text not null, kit text, inventory_qty integer, product_id integer`;

/**
 * The staging table, in a database file of its own in the temp directory, attached to the store's
 * connection for one import run (the write pass joins it with the catalog) and deleted after. Not a
 * TEMP table: the store keeps its temp database in memory (temp_store = MEMORY, for the savepoints
 * of group commits), so a whole file's staged rows — about 200 bytes each — would sit in the
 * process's memory. Here they are on disk, and what SQLite holds of them is a small page cache.
 * The schema name is a counter, never input: imports on the same connection can interleave at
 * their awaits. The folder is named by the caller (and recorded with the run). Rolled-back work needs only a journal in memory (the file is thrown away anyway).
 */
export function attachStaging(db: Database.Database, dir: string): { table: string; detach(): void } {
  const schema = `product_import_${++stagingDatabases}`;
  // The folder's name was recorded with the run (product-import-record.ts) before it exists, so a
  // crash from here on leaves nothing the next start does not know to remove.
  mkdirSync(dir, { recursive: true });
  db.prepare(`attach database ? as ${schema}`).run(path.join(dir, 'staging.sqlite'));
  try {
    db.exec(`pragma ${schema}.journal_mode = MEMORY; pragma ${schema}.synchronous = OFF; pragma ${schema}.cache_size = -${STAGING_CACHE_KIB}`);
    db.exec(`create table ${schema}.staged (${STAGING_COLUMNS})`);
  } catch (error) {
    db.exec(`detach database ${schema}`);
    removeStagingFolder(dir);
    throw error;
  }
  return {
    table: `${schema}.staged`,
    detach() {
      try {
        if (db.open) db.exec(`detach database ${schema}`);
      } finally {
        // (Should the detach fail, the file is gone from the directory all the same; its pages go with the connection.)
        removeStagingFolder(dir);
      }
    },
  };
}
