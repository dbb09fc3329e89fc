import { sql, type Kysely } from 'kysely';

/**
 * The inbound side: suppliers and what they sell us (supplier items with price breaks), purchase
 * orders with their lines, landed costs and history, receipts against them, and supplier bills
 * for the books. Products gain a preferred supplier and a shelf life (perishables).
 *
 * Quantities are units (a line's case pack is kept beside it so a PO reads "8 cases of 12");
 * money in minor units of the supplier's currency; dates are ISO days (YYYY-MM-DD), instants ISO
 * strings. Dialect-neutral (the PostgreSQL port runs the same file).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supplier')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('contact_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('payment_terms_days', 'integer', (c) => c.notNull().defaultTo(30))
    // The lead time the supplier promises; the ones observed on its POs are computed from receipts.
    .addColumn('lead_time_days', 'integer', (c) => c.notNull().defaultTo(7))
    // The smallest PO the supplier accepts, in its currency's minor units (0: none).
    .addColumn('order_minimum_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('supplier_item')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('supplier.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('supplier_sku', 'text')
    // The base unit cost (before price breaks).
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull().check(sql`unit_cost_cents >= 0`))
    .addColumn('case_pack', 'integer', (c) => c.notNull().defaultTo(1).check(sql`case_pack >= 1`))
    .addColumn('moq', 'integer', (c) => c.notNull().defaultTo(0).check(sql`moq >= 0`))
    // Overrides the supplier's lead time for this item (null: the supplier's).
    .addColumn('lead_time_days', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('supplier_item_by_supplier_product').unique().on('supplier_item').columns(['supplier_id', 'product_id']).execute();
  await db.schema.createIndex('supplier_item_by_product').on('supplier_item').column('product_id').execute();

  // From min_qty units on, each unit costs unit_cost_cents (the lowest applicable break wins).
  await db.schema
    .createTable('supplier_price_break')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('supplier_item_id', 'integer', (c) => c.notNull().references('supplier_item.id'))
    .addColumn('min_qty', 'integer', (c) => c.notNull().check(sql`min_qty >= 1`))
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull().check(sql`unit_cost_cents >= 0`))
    .execute();
  await db.schema.createIndex('supplier_price_break_by_item').unique().on('supplier_price_break').columns(['supplier_item_id', 'min_qty']).execute();

  await db.schema.alterTable('product').addColumn('preferred_supplier_id', 'integer', (c) => c.references('supplier.id')).execute();
  // Days a lot can be sold after it arrives (null: not perishable).
  await db.schema.alterTable('product').addColumn('shelf_life_days', 'integer').execute();

  await db.schema
    .createTable('purchase_order')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('supplier.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouse.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','sent','partially_received','received','closed','cancelled')`),
    )
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('expected_on', 'text')
    .addColumn('freight_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duty_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('other_cost_cents', 'integer', (c) => c.notNull().defaultTo(0))
    // How landed costs are spread over the lines received: by line value or by weight.
    .addColumn('landed_cost_method', 'text', (c) => c.notNull().defaultTo('value').check(sql`landed_cost_method in ('value','weight')`))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    // 'autopilot' for POs the replenishment autopilot drafted, else the person's actor id.
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('purchase_order_by_status').on('purchase_order').columns(['status', 'expected_on']).execute();
  await db.schema.createIndex('purchase_order_by_supplier').on('purchase_order').columns(['supplier_id', 'status']).execute();

  await db.schema
    .createTable('purchase_order_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('po_id', 'integer', (c) => c.notNull().references('purchase_order.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    .addColumn('supplier_sku', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('case_pack', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull().check(sql`unit_cost_cents >= 0`))
    .addColumn('expected_on', 'text')
    // Good units received into stock, damaged units refused (recorded, not stocked).
    .addColumn('received_qty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('damaged_qty', 'integer', (c) => c.notNull().defaultTo(0))
    // The autopilot's one-sentence arithmetic for lines it drafted (null for lines a person added).
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('purchase_order_line_by_po').unique().on('purchase_order_line').columns(['po_id', 'line_no']).execute();
  await db.schema.createIndex('purchase_order_line_by_product').on('purchase_order_line').column('product_id').execute();

  // The PO's history: created, edited (with before/after after sending), sent, received, closed, cancelled.
  await db.schema
    .createTable('purchase_order_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('po_id', 'integer', (c) => c.notNull().references('purchase_order.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('purchase_order_event_by_po').on('purchase_order_event').columns(['po_id', 'id']).execute();

  await db.schema
    .createTable('po_receipt')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('po_id', 'integer', (c) => c.notNull().references('purchase_order.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('po_receipt_by_po').on('po_receipt').column('po_id').execute();

  await db.schema
    .createTable('po_receipt_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('receipt_id', 'integer', (c) => c.notNull().references('po_receipt.id'))
    .addColumn('po_line_id', 'integer', (c) => c.notNull().references('purchase_order_line.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('product.id'))
    // Good units into stock; over_qty is the part of them beyond what was still open on the line.
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('over_qty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('damaged_qty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lot_id', 'integer', (c) => c.references('lot.id'))
    .addColumn('bin_id', 'integer', (c) => c.references('bin.id'))
    // The PO's unit cost, and the landed costs' share per unit (both minor units): the movement's cost is their sum.
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull())
    .addColumn('landed_unit_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('movement_id', 'integer', (c) => c.references('stock_movement.id'))
    .execute();
  await db.schema.createIndex('po_receipt_line_by_receipt').on('po_receipt_line').column('receipt_id').execute();

  // What the supplier invoices for a PO (the books: inventory / GRNI against accounts payable).
  await db.schema
    .createTable('supplier_bill')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('po_id', 'integer', (c) => c.notNull().references('purchase_order.id'))
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('supplier.id'))
    .addColumn('bill_number', 'text', (c) => c.notNull())
    .addColumn('billed_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supplier_bill_by_supplier_number').unique().on('supplier_bill').columns(['supplier_id', 'bill_number']).execute();
}
