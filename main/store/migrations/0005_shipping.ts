import { sql, type Kysely } from 'kysely';

/**
 * Shipping: carriers and services (built-ins are written by the shipping service on first use,
 * so this file never imports app code), imported zone charts and rate cards, boxes, automation
 * rules, shipments with their packages and labels, tracking events, manifests, and the delivered
 * history behind the on-time odds. Shop settings live in `setting` under `shipping.*`.
 *
 * Money in integer cents, weight in grams, lengths in millimetres; dates are the shop's local
 * calendar dates ('YYYY-MM-DD').
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipping_carrier')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code glob '[a-z0-9_]*' and length(code) between 1 and 20`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_chart_id', 'text', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shipping_service')
    // `${carrier}:${code}`, the ServiceKey used by rules, rate cards and history.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('carrier_code', 'text', (c) => c.notNull().references('shipping_carrier.code').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // The whole ShippingService (transit per zone, cut-off, weekend rules, limits, dim weight,
    // rounding, surcharges, signature, insurance, published on-time rate) as JSON.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('shipping_service_carrier_code', ['carrier_code', 'code'])
    .execute();

  await db.schema
    .createTable('zone_chart')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('import'))
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('zone_chart_row')
    .addColumn('chart_id', 'text', (c) => c.notNull().references('zone_chart.id').onDelete('cascade'))
    .addColumn('origin_prefix', 'text', (c) => c.notNull())
    // 3-digit prefix or a 5-digit exception.
    .addColumn('dest_prefix', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('zone_chart_row_pk', ['chart_id', 'origin_prefix', 'dest_prefix'])
    .execute();

  await db.schema
    .createTable('rate_card')
    .addColumn('service_key', 'text', (c) => c.primaryKey().references('shipping_service.key').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rate_card_row')
    .addColumn('service_key', 'text', (c) => c.notNull().references('rate_card.service_key').onDelete('cascade'))
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('max_weight_g', 'integer', (c) => c.notNull().check(sql`max_weight_g > 0`))
    .addColumn('price_cents', 'integer', (c) => c.notNull().check(sql`price_cents >= 0`))
    .addPrimaryKeyConstraint('rate_card_row_pk', ['service_key', 'zone', 'max_weight_g'])
    .execute();

  await db.schema
    .createTable('shipping_box')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('inner_length_mm', 'integer', (c) => c.notNull().check(sql`inner_length_mm > 0`))
    .addColumn('inner_width_mm', 'integer', (c) => c.notNull().check(sql`inner_width_mm > 0`))
    .addColumn('inner_height_mm', 'integer', (c) => c.notNull().check(sql`inner_height_mm > 0`))
    .addColumn('tare_g', 'integer', (c) => c.notNull().defaultTo(0).check(sql`tare_g >= 0`))
    .addColumn('cost_cents', 'integer', (c) => c.notNull().defaultTo(0).check(sql`cost_cents >= 0`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('shipping_rule')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Evaluation order (first match wins per setting; see automation-rules.ts).
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stop_after_match', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('manifest')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('carrier_code', 'text', (c) => c.notNull())
    .addColumn('manifest_date', 'text', (c) => c.notNull())
    .addColumn('shipment_count', 'integer', (c) => c.notNull())
    .addColumn('package_count', 'integer', (c) => c.notNull())
    .addColumn('total_weight_g', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('print_job_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shipment')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.references('sales_order.id'))
    .addColumn('carrier_code', 'text', (c) => c.notNull())
    .addColumn('service_key', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('label_created','manifested','in_transit','out_for_delivery','delivered','exception','returned','voided')`),
    )
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'integer', (c) => c.references('warehouse.id'))
    .addColumn('ship_from', 'text', (c) => c.notNull()) // JSON address
    .addColumn('ship_to', 'text', (c) => c.notNull()) // JSON address
    .addColumn('dest_postal_code', 'text', (c) => c.notNull())
    .addColumn('dest_country', 'text', (c) => c.notNull())
    .addColumn('promised_date', 'text')
    .addColumn('pickup_date', 'text', (c) => c.notNull())
    .addColumn('expected_delivery_date', 'text', (c) => c.notNull())
    .addColumn('on_time_probability', 'real')
    .addColumn('delivered_date', 'text')
    // What the rate card (or the live rate) quoted, and what the carrier actually charged.
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('cost_cents', 'integer')
    .addColumn('refund_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('recommended_service_key', 'text')
    .addColumn('recommendation_reason', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('rules_fired', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('manifest_id', 'integer', (c) => c.references('manifest.id'))
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('last_event_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipment_order').on('shipment').column('order_id').execute();
  await db.schema.createIndex('shipment_status').on('shipment').columns(['status', 'carrier_code', 'created_at']).execute();

  await db.schema
    .createTable('shipment_package')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipment.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('box_code', 'text')
    .addColumn('weight_g', 'integer', (c) => c.notNull().check(sql`weight_g > 0`))
    .addColumn('length_mm', 'integer', (c) => c.notNull())
    .addColumn('width_mm', 'integer', (c) => c.notNull())
    .addColumn('height_mm', 'integer', (c) => c.notNull())
    .addColumn('billable_weight_g', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('breakdown', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tracking_number', 'text', (c) => c.unique())
    .addColumn('label_format', 'text', (c) => c.notNull().check(sql`label_format in ('zpl','pdf','png')`))
    .addColumn('label_bytes', 'blob')
    .addColumn('print_job_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipment_package_shipment').on('shipment_package').columns(['shipment_id', 'seq']).execute();

  // Which order lines (and how many units) went in each shipment: partial shipments and voids.
  await db.schema
    .createTable('shipment_line')
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipment.id').onDelete('cascade'))
    .addColumn('package_id', 'integer', (c) => c.notNull().references('shipment_package.id').onDelete('cascade'))
    .addColumn('order_line_id', 'integer', (c) => c.notNull().references('order_line.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addPrimaryKeyConstraint('shipment_line_pk', ['package_id', 'order_line_id'])
    .execute();

  await db.schema
    .createTable('tracking_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipment.id').onDelete('cascade'))
    .addColumn('tracking_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('location', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    // The same scan imported twice is one event.
    .addUniqueConstraint('tracking_event_once', ['tracking_number', 'status', 'at'])
    .execute();
  await db.schema.createIndex('tracking_event_shipment').on('tracking_event').columns(['shipment_id', 'at']).execute();

  // The on-time record: one row per delivered parcel (from tracking, or imported history).
  await db.schema
    .createTable('delivery_record')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('service_key', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('pickup_date', 'text', (c) => c.notNull())
    .addColumn('delivered_date', 'text', (c) => c.notNull())
    .addColumn('shipment_id', 'integer', (c) => c.unique().references('shipment.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_record_service').on('delivery_record').columns(['service_key', 'zone']).execute();

  const defaults: [string, string][] = [
    ['shipping.on_time_target', '0.95'],
    ['shipping.tables_version', '1'],
    ['shipping.ups_shipper', 'A8S1P2'],
    ['shipping.usps_mailer_id', '901234567'],
  ];
  for (const [key, value] of defaults) {
    await sql`insert into setting (key, value) values (${key}, ${value}) on conflict(key) do nothing`.execute(db);
  }
}
