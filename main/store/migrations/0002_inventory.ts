import { sql, type Kysely } from 'kysely';

/**
 * Inventory: catalog (products, barcodes, channel SKU aliases, kits), warehouses and bins, lots,
 * the append-only stock ledger, per-(product, bin, lot) balances, per-(product, warehouse)
 * levels, reservations, transfers and cycle counts.
 *
 * Stock truth is the ledger (`stock_movement`); `stock_balance` and `stock_level` are maintained
 * in the same transaction as each movement, and `shipshape check` proves they equal the ledger.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('product')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // COLLATE NOCASE: "abc-1" and "ABC-1" are the same SKU.
    .addColumn('sku', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('variant_options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('weight_g', 'integer', (c) => c.notNull().defaultTo(0).check(sql`weight_g >= 0`))
    .addColumn('length_mm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('width_mm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('height_mm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('price_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('avg_cost_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('hs_code', 'text')
    .addColumn('origin_country', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lot_tracked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_kit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reorder_point', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('safety_stock', 'integer', (c) => c.notNull().defaultTo(0).check(sql`safety_stock >= 0`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('barcode')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('gtin','supplier')`))
    .execute();
  await db.schema.createIndex('barcode_product').on('barcode').column('product_id').execute();

  await db.schema
    .createTable('sku_alias')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('sku_alias_pk', ['channel', 'alias'])
    .execute();

  await db.schema
    .createTable('kit_component')
    .addColumn('kit_id', 'integer', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('component_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addPrimaryKeyConstraint('kit_component_pk', ['kit_id', 'component_id'])
    .execute();

  await db.schema
    .createTable('warehouse')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('US'))
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    // Relative cost of shipping from here (e.g. labour rate); allocation's tie-breaker.
    .addColumn('cost_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('depot_x_m', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('depot_y_m', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('bin')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('code', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('zone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aisle', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bay', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('x_m', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('y_m', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('pick_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('pick').check(sql`kind in ('pick','bulk','receiving','returns','quarantine')`))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('bin_code_unique', ['warehouse_id', 'code'])
    .execute();

  await db.schema
    .createTable('lot')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addUniqueConstraint('lot_unique', ['product_id', 'code'])
    .execute();

  // One row per (product, bin, lot). The CHECKs make negative stock and over-reservation
  // impossible at the database level, whatever the code above does.
  await db.schema
    .createTable('stock_balance')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0).check(sql`on_hand >= 0`))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0).check(sql`reserved >= 0 and reserved <= on_hand`))
    .execute();
  await sql`create unique index stock_balance_key on stock_balance (product_id, bin_id, ifnull(lot_id, 0))`.execute(db);
  await db.schema.createIndex('stock_balance_wh').on('stock_balance').columns(['warehouse_id', 'product_id']).execute();

  // Totals per (product, warehouse), kept in the same transaction as the balances so that list
  // screens and filters over 100,000 SKUs never aggregate the balance table.
  await db.schema
    .createTable('stock_level')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sellable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_transit', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('stock_level_pk', ['product_id', 'warehouse_id'])
    .execute();
  await db.schema.createIndex('stock_level_wh').on('stock_level').columns(['warehouse_id', 'sellable']).execute();

  await db.schema
    .createTable('stock_movement')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('receive','adjust','count','transfer_out','transfer_in','pick','ship','return','scrap','move_out','move_in')`),
    )
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity <> 0`))
    .addColumn('unit_cost_cents', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_movement_product').on('stock_movement').columns(['product_id', 'id']).execute();
  // Append-only: the ledger can be added to, never changed.
  await sql`create trigger stock_movement_no_update before update on stock_movement begin select raise(abort, 'stock ledger is append-only'); end`.execute(db);
  await sql`create trigger stock_movement_no_delete before delete on stock_movement begin select raise(abort, 'stock ledger is append-only'); end`.execute(db);

  await db.schema
    .createTable('reservation')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('balance_id', 'integer', (c) => c.notNull().references('stock_balance.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    // What holds it: an order line today ('order_line'), later e.g. a transfer.
    .addColumn('holder_type', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reservation_holder').on('reservation').columns(['holder_type', 'holder_id']).execute();
  await db.schema.createIndex('reservation_balance').on('reservation').column('balance_id').execute();

  await db.schema
    .createTable('transfer')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('from_warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('to_warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in_transit','received')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('transfer_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('transfer_id', 'integer', (c) => c.notNull().references('transfer.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .execute();

  await db.schema
    .createTable('cycle_count')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('blind', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('counting','review','posted','cancelled')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cycle_count_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('count_id', 'integer', (c) => c.notNull().references('cycle_count.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('bin_id', 'integer', (c) => c.notNull().references('bin.id'))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('expected', 'integer', (c) => c.notNull())
    .addColumn('counted', 'integer')
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('approve','reject')`))
    .execute();

  // Search over SKU, name and barcodes: a trigram index makes substring search fast at 100k SKUs.
  await sql`create virtual table product_search using fts5(sku, name, codes, tokenize = 'trigram')`.execute(db);

  // A fresh shop can start at once: one warehouse MAIN with a default bin.
  await sql`insert into warehouse (code, name) values ('MAIN', 'Main warehouse')`.execute(db);
  await sql`insert into bin (warehouse_id, code, zone, kind, is_default) values (1, 'DEFAULT', '', 'pick', 1)`.execute(db);
}
