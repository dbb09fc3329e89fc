import type { Generated, Insertable, Selectable } from 'kysely';

/** Table types. Row types are derived (Selectable/Insertable) rather than written twice. */

export interface SettingTable {
  key: string;
  value: string;
}

export interface StationTokenTable {
  id: Generated<number>;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PairingCodeTable {
  code_hash: string;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  expires_at: string;
  used_at: string | null;
}

/** Append-only (0018: triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  /** JSON of the input, secrets redacted, at most 2 KB. */
  detail: string | null;
  // 0018
  role: string | null;
  transport: string | null;
  area: string | null;
  target: string | null;
  outcome: Generated<string>;
}

// ---- inventory (0002) ----
export interface ProductTable {
  id: Generated<number>;
  sku: string;
  name: string;
  variant_options: string;
  weight_g: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  price_cents: number;
  cost_cents: number;
  avg_cost_cents: number;
  currency: string;
  hs_code: string | null;
  origin_country: string | null;
  tags: string;
  active: number;
  lot_tracked: number;
  is_kit: number;
  reorder_point: number;
  safety_stock: number;
  created_at: string;
  updated_at: string;
  /** 0022: the supplier POs are drafted for (null: the cheapest that sells it). */
  preferred_supplier_id: number | null;
  /** 0022: days a lot can be sold after it arrives (null: not perishable). */
  shelf_life_days: number | null;
  /** 0025: what a customs declaration calls it ("cotton T-shirt"); null: not set. */
  customs_description: string | null;
}
export interface BarcodeTable {
  code: string;
  product_id: number;
  kind: 'gtin' | 'supplier';
}
export interface SkuAliasTable {
  channel: string;
  alias: string;
  product_id: number;
}
export interface KitComponentTable {
  kit_id: number;
  component_id: number;
  quantity: number;
}
export interface WarehouseTable {
  id: Generated<number>;
  code: string;
  name: string;
  address: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  cost_rank: number;
  depot_x_m: number;
  depot_y_m: number;
  active: number;
}
export type BinKind = 'pick' | 'bulk' | 'receiving' | 'returns' | 'quarantine';
export interface BinTable {
  id: Generated<number>;
  warehouse_id: number;
  code: string;
  zone: string;
  aisle: string;
  bay: string;
  level: string;
  x_m: number;
  y_m: number;
  pick_sequence: number;
  kind: BinKind;
  is_default: number;
}
export interface LotTable {
  id: Generated<number>;
  product_id: number;
  code: string;
  expires_on: string | null;
}
export interface StockBalanceTable {
  id: Generated<number>;
  product_id: number;
  warehouse_id: number;
  bin_id: number;
  lot_id: number | null;
  on_hand: number;
  reserved: number;
}
export interface StockLevelTable {
  product_id: number;
  warehouse_id: number;
  on_hand: number;
  sellable: number;
  reserved: number;
  in_transit: number;
}
export type MovementKind = 'receive' | 'adjust' | 'count' | 'transfer_out' | 'transfer_in' | 'pick' | 'ship' | 'return' | 'scrap' | 'move_out' | 'move_in';
export interface StockMovementTable {
  id: Generated<number>;
  at: string;
  kind: MovementKind;
  product_id: number;
  warehouse_id: number;
  bin_id: number;
  lot_id: number | null;
  quantity: number;
  unit_cost_cents: number | null;
  reason: string;
  reference: string | null;
  actor: string;
}
export interface ReservationTable {
  id: Generated<number>;
  balance_id: number;
  product_id: number;
  warehouse_id: number;
  quantity: number;
  holder_type: string;
  holder_id: number;
  created_at: string;
}
export interface TransferTable {
  id: Generated<number>;
  from_warehouse_id: number;
  to_warehouse_id: number;
  status: 'in_transit' | 'received';
  created_at: string;
  received_at: string | null;
  actor: string;
}
export interface TransferLineTable {
  id: Generated<number>;
  transfer_id: number;
  product_id: number;
  lot_id: number | null;
  quantity: number;
}
export interface CycleCountTable {
  id: Generated<number>;
  warehouse_id: number;
  scope: string;
  blind: number;
  status: 'counting' | 'review' | 'posted' | 'cancelled';
  created_at: string;
  posted_at: string | null;
  actor: string;
}
export interface CycleCountLineTable {
  id: Generated<number>;
  count_id: number;
  product_id: number;
  bin_id: number;
  lot_id: number | null;
  expected: number;
  counted: number | null;
  decision: 'approve' | 'reject' | null;
}

// ---- orders (0003) ----
export interface ChannelTable {
  id: Generated<number>;
  name: string;
  kind: 'shopify' | 'woocommerce' | 'csv' | 'manual';
  secrets: string;
  webhook_key: string;
  default_warehouse_id: number | null;
  promise_rules: string;
  safety_buffer: number;
  max_export_qty: number | null;
  allow_split: number;
  created_at: string;
}
export interface SalesOrderTable {
  id: Generated<number>;
  channel_id: number;
  external_id: string;
  number: string;
  status: string;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string | null;
  ship_to: string | null;
  ship_postal_code: string;
  ship_country: string;
  currency: string;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  shipping_cents: number;
  total_cents: number;
  payment_status: string;
  shipping_method: string | null;
  tags: string;
  note: string | null;
  priority: number;
  placed_at: string;
  promised_date: string | null;
  hold_reason: string | null;
  warehouse_id: number | null;
  allocation: string | null;
  raw_identifiers: string;
  /** JSON {actor, received, to, reason}: the order's first two history entries, at created_at (migration 0015; order-history.ts). */
  intake_events: string | null;
  created_at: string;
  updated_at: string;
  /** 0025: contents type and incoterm chosen for this order's customs (JSON); null: the shop's defaults. */
  customs_choice: string | null;
}
export interface OrderLineTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  external_line_id: string | null;
  sku: string;
  product_id: number | null;
  name: string;
  quantity: number;
  unit_price_cents: number;
  discount_cents: number;
  tax_cents: number;
  warehouse_id: number | null;
  shipped_qty: number;
}
/** An order's history: seq counts the order's events from 1 (migration 0010), stored under rowid order_id * 65536 + seq (0014). */
export interface OrderEventTable {
  /** order_id * 65536 + seq (migration 0014): an order's events are one rowid range. */
  id: number;
  order_id: number;
  seq: number;
  at: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
}
/** One row per (tag, order): trimmed, lower-cased tags for the queue's tag filter (migration 0009). */
export interface OrderTagTable {
  tag: string;
  order_id: number;
}
export interface WebhookLogTable {
  id: Generated<number>;
  at: string;
  channel_id: number | null;
  topic: string | null;
  outcome: string;
  http_status: number;
  message: string | null;
  remote: string | null;
}

// ---- devices (0004) ----
/** pdf: a system printer (migration 0026). */
export type PrinterLanguage = 'zpl' | 'escpos' | 'pdf';
export type PrinterStatusState = 'unknown' | 'ready' | 'offline' | 'problem';
export interface PrinterTable {
  id: Generated<number>;
  name: string;
  language: PrinterLanguage;
  uri: string;
  dpi: number;
  label_width_mm: number;
  label_height_mm: number;
  darkness: number | null;
  offset_x_mm: number;
  offset_y_mm: number;
  enabled: number;
  status: PrinterStatusState;
  /** JSON array of human-readable problems from ~HS (or the connection error). */
  status_problems: string;
  status_at: string | null;
  created_at: string;
  updated_at: string;
}
export type PrintJobState = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';
export interface PrintJobTable {
  id: Generated<number>;
  printer_id: number;
  content_type: PrinterLanguage;
  payload: Buffer;
  document: string | null;
  document_kind: string;
  reference: string | null;
  copy_of: number | null;
  state: PrintJobState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  actor: string;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}
export interface ScaleTable {
  id: Generated<number>;
  name: string;
  protocol: 'nci' | 'mt-sics' | 'continuous' | 'usb-hid';
  port: string;
  baud: number;
  enabled: number;
  last_grams: number | null;
  last_stable: number | null;
  last_status: string | null;
  last_message: string | null;
  last_reading_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface PackingStationTable {
  id: Generated<number>;
  name: string;
  shipping_label_printer_id: number | null;
  packing_slip_printer_id: number | null;
  pick_list_printer_id: number | null;
  label_printer_id: number | null;
  scale_id: number | null;
  created_at: string;
  updated_at: string;
}
export type PrinterRow = Selectable<PrinterTable>;
export type PrintJobRow = Selectable<PrintJobTable>;
export type ScaleRow = Selectable<ScaleTable>;
export type PackingStationRow = Selectable<PackingStationTable>;

// ---- shipping (0005) ----
export interface ShippingCarrierTable {
  code: string;
  name: string;
  zone_chart_id: string;
  built_in: number;
  enabled: number;
  created_at: string;
}
export interface ShippingServiceTable {
  key: string;
  carrier_code: string;
  code: string;
  name: string;
  /** JSON ShippingService (main/domain/shipping/types.ts). */
  definition: string;
  built_in: number;
  enabled: number;
  updated_at: string;
}
export interface ZoneChartTable {
  id: string;
  source: string;
  row_count: number;
  imported_at: string;
  actor: string;
}
export interface ZoneChartRowTable {
  chart_id: string;
  origin_prefix: string;
  dest_prefix: string;
  zone: string;
}
export interface RateCardTable {
  service_key: string;
  currency: string;
  row_count: number;
  imported_at: string;
  actor: string;
}
export interface RateCardRowTable {
  service_key: string;
  zone: string;
  max_weight_g: number;
  price_cents: number;
}
export interface ShippingBoxTable {
  id: Generated<number>;
  code: string;
  name: string;
  inner_length_mm: number;
  inner_width_mm: number;
  inner_height_mm: number;
  tare_g: number;
  cost_cents: number;
  active: number;
}
export interface ShippingRuleTable {
  id: Generated<number>;
  position: number;
  name: string;
  enabled: number;
  conditions: string;
  actions: string;
  stop_after_match: number;
  updated_at: string;
}
export type ShipmentStatus = 'label_created' | 'manifested' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returned' | 'voided';
export interface ShipmentTable {
  id: Generated<number>;
  order_id: number | null;
  /** 'return' for a return label: customer → warehouse (0008). */
  direction: Generated<'outbound' | 'return'>;
  carrier_code: string;
  service_key: string;
  service_name: string;
  status: ShipmentStatus;
  zone: string;
  warehouse_id: number | null;
  ship_from: string;
  ship_to: string;
  dest_postal_code: string;
  dest_country: string;
  promised_date: string | null;
  pickup_date: string;
  expected_delivery_date: string;
  on_time_probability: number | null;
  delivered_date: string | null;
  price_cents: number;
  cost_cents: number | null;
  refund_cents: number;
  currency: string;
  recommended_service_key: string | null;
  recommendation_reason: string | null;
  override_reason: string | null;
  rules_fired: string;
  manifest_id: number | null;
  void_reason: string | null;
  voided_at: string | null;
  last_event_at: string | null;
  actor: string;
  created_at: string;
  updated_at: string;
  /** 0025: the customs declaration it went out with (JSON, customs/declaration.ts); null: domestic. */
  customs: string | null;
}
export interface ShipmentPackageTable {
  id: Generated<number>;
  shipment_id: number;
  seq: number;
  box_code: string | null;
  weight_g: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  billable_weight_g: number;
  price_cents: number;
  breakdown: string;
  tracking_number: string | null;
  label_format: 'zpl' | 'pdf' | 'png';
  label_bytes: Buffer | null;
  print_job_id: number | null;
  status: string;
  /** Bought postage: JSON {provider, shipmentId, trackerId}; null for labels made from rate cards. */
  postage_ref: string | null;
}
/** One product import run (0017): `running` until its one write transaction (or its rejection) finishes it. */
export interface ProductImportTable {
  id: Generated<number>;
  format: string;
  /** The file's name (or "(upload)"). */
  source: string;
  status: 'running' | 'done' | 'rejected' | 'failed' | 'interrupted';
  /** The run's staging folder in the temp directory, removed when it ends or at the next start. */
  staging_path: string;
  /** Process that runs it: a `running` row whose process is gone was interrupted. */
  pid: number;
  started_at: string;
  finished_at: string | null;
  created: number | null;
  updated: number | null;
  failed: number | null;
}
export interface AccountingPeriodTable {
  id: Generated<number>;
  from_date: string;
  to_date: string;
  /** The period's journal (JSON), fixed when the period was closed. */
  journal: string;
  entries: number;
  sha256: string;
  closed_by: string;
  closed_at: string;
}
export interface ShipmentLineTable {
  shipment_id: number;
  package_id: number;
  order_line_id: number;
  quantity: number;
}
export interface TrackingEventTable {
  id: Generated<number>;
  shipment_id: number;
  tracking_number: string;
  status: string;
  message: string;
  location: string | null;
  at: string;
  source: string;
  recorded_at: string;
}
export interface ManifestTable {
  id: Generated<number>;
  carrier_code: string;
  manifest_date: string;
  shipment_count: number;
  package_count: number;
  total_weight_g: number;
  total_cents: number;
  csv: string;
  print_job_id: number | null;
  actor: string;
  closed_at: string;
}
export interface DeliveryRecordTable {
  id: Generated<number>;
  service_key: string;
  zone: string;
  pickup_date: string;
  delivered_date: string;
  shipment_id: number | null;
  source: string;
}
/** Batch labels (0027): one batch per "create labels for these orders", its items in pick order. */
export interface ShipmentBatchTable {
  id: Generated<number>;
  status: 'created' | 'voided';
  printer: string | null;
  slip_printer: string | null;
  slip_jobs: Generated<string>;
  actor: string;
  created_at: string;
  void_reason: string | null;
  voided_at: string | null;
}
export interface ShipmentBatchItemTable {
  batch_id: number;
  seq: number;
  order_id: number;
  shipment_id: number | null;
  error: string | null;
}
export type ShipmentRow = Selectable<ShipmentTable>;
/** 0025: a customs document (CN22, CN23, commercial invoice) made for a shipment, kept for reprints. */
export interface ShipmentDocumentTable {
  id: Generated<number>;
  shipment_id: number;
  kind: 'cn22' | 'cn23' | 'commercial_invoice';
  content_type: string;
  bytes: Buffer;
  created_at: string;
}
export type ShipmentPackageRow = Selectable<ShipmentPackageTable>;
export type ShippingBoxRow = Selectable<ShippingBoxTable>;
export type ShippingRuleRow = Selectable<ShippingRuleTable>;
export type ManifestRow = Selectable<ManifestTable>;

// ---- fulfilment (0006) ----
export interface PickBatchTable {
  id: Generated<number>;
  warehouse_id: number;
  status: 'open' | 'picking' | 'done' | 'cancelled';
  urgent: number;
  zone_key: string | null;
  route_length_mm: number;
  route_method: 'exact' | 'heuristic' | 's-shape' | 'none';
  route: string;
  cart_capacity: number;
  created_by: string;
  created_at: string;
  started_at: string | null;
  closed_at: string | null;
}
export interface PickBatchOrderTable {
  batch_id: number;
  order_id: number;
  tote: number;
  status: 'picking' | 'picked' | 'backordered' | 'removed';
}
export interface PickTaskTable {
  id: Generated<number>;
  batch_id: number;
  seq: number;
  stop: number | null;
  order_id: number;
  order_line_id: number;
  reservation_id: number | null;
  product_id: number;
  bin_id: number;
  lot_id: number | null;
  tote: number;
  qty: number;
  picked_qty: number;
  status: 'open' | 'picked' | 'short' | 'cancelled';
  bin_scanned_at: string | null;
  picked_at: string | null;
  picked_by: string | null;
  created_at: string;
}
export interface PickShortageTable {
  id: Generated<number>;
  task_id: number;
  batch_id: number;
  order_id: number;
  product_id: number;
  warehouse_id: number;
  bin_id: number;
  lot_id: number | null;
  expected_qty: number;
  found_qty: number;
  outcome: 'reallocated' | 'backordered';
  count_id: number | null;
  status: 'open' | 'checked';
  actor: string;
  created_at: string;
  checked_at: string | null;
}
export interface PackSessionTable {
  id: Generated<number>;
  station_id: number;
  order_id: number;
  status: 'packing' | 'shipped' | 'released';
  claimed_by: string;
  claimed_at: string;
  box_code: string | null;
  box_tare_g: number | null;
  expected_weight_g: number | null;
  measured_weight_g: number | null;
  weight_ok: number | null;
  override_reason: string | null;
  override_by: string | null;
  service: string | null;
  rate_cents: number | null;
  shipment_id: number | null;
  tracking_number: string | null;
  finished_at: string | null;
}
export interface PackLineTable {
  session_id: number;
  order_line_id: number;
  product_id: number;
  expected_qty: number;
  verified_qty: number;
  lots: string;
}
export type PackEventKind = 'claim' | 'scan_order' | 'verify' | 'wrong_item' | 'line_done' | 'weight' | 'mismatch' | 'override' | 'box' | 'rate' | 'label' | 'slip' | 'shipped' | 'released';
export interface PackEventTable {
  id: Generated<number>;
  session_id: number;
  at: string;
  kind: PackEventKind;
  detail: string;
  actor: string;
}
export interface RmaTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  status: 'open' | 'received' | 'closed' | 'cancelled';
  reason: string;
  refund_cents: number;
  currency: string;
  return_tracking: string | null;
  /** The return label's shipment (0008), when one was made. */
  return_shipment_id: number | null;
  note: string | null;
  created_by: string;
  created_at: string;
  received_at: string | null;
  received_station_id: number | null;
  closed_at: string | null;
}
export interface RmaLineTable {
  id: Generated<number>;
  rma_id: number;
  order_line_id: number;
  product_id: number;
  qty: number;
  reason: string;
  graded_qty: number;
}
export interface RmaUnitTable {
  id: Generated<number>;
  rma_line_id: number;
  grade: 'resellable' | 'damaged' | 'defective';
  disposition: 'restock' | 'quarantine' | 'scrap';
  bin_id: number;
  lot_id: number | null;
  movement_ids: string;
  note: string | null;
  actor: string;
  graded_at: string;
}
export interface RefundTable {
  id: Generated<number>;
  rma_id: number | null;
  order_id: number;
  amount_cents: number;
  currency: string;
  reason: string;
  actor: string;
  recorded_at: string;
  exported_at: string | null;
}
/** A store's refund as applied to an order (migration 0021), once per channel refund id. */
export interface ChannelRefundTable {
  id: Generated<number>;
  order_id: number;
  external_id: string;
  amount_cents: number;
  applied_as: 'booked' | 'order_changed' | 'held';
  refund_id: number | null;
  recorded_at: string;
}
export type PickBatchRow = Selectable<PickBatchTable>;
export type PickTaskRow = Selectable<PickTaskTable>;
export type PackSessionRow = Selectable<PackSessionTable>;
export type RmaRow = Selectable<RmaTable>;

/** Channel sync (0019): a channel connected to its store's API. */
export interface ChannelConnectionTable {
  channel_id: number;
  platform: 'shopify' | 'woocommerce';
  url: string;
  credentials: string;
  credential_storage: 'safeStorage' | 'database';
  credential_hint: string;
  shop_name: string;
  status: 'connected' | 'needs_attention' | 'disconnected';
  last_error: string | null;
  simulated: Generated<number>;
  connected_at: string;
  last_pull_at: string | null;
  pull_cursor: string | null;
  notify_customer: Generated<number>;
  backfill_days: Generated<number>;
  stock_check_cursor: string | null;
}
export interface ChannelLocationTable {
  channel_id: number;
  external_id: string;
  name: string;
  warehouse_id: number | null;
}
export interface ChannelProductMapTable {
  channel_id: number;
  external_id: string;
  product_id: number;
  mapped_at: string;
}
export type SyncOutboxKind = 'fulfilment' | 'fulfilment_cancel' | 'stock';
export type SyncOutboxState = 'pending' | 'sent' | 'failed' | 'dead';
export interface SyncOutboxTable {
  id: Generated<number>;
  channel_id: number;
  kind: SyncOutboxKind;
  coalesce_key: string;
  payload: string;
  revision: Generated<number>;
  state: SyncOutboxState;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  result: string | null;
}
export interface ChannelFulfilmentTable {
  shipment_id: number;
  channel_id: number;
  external_id: string | null;
  state: 'pending' | 'sent' | 'failed' | 'cancel_pending' | 'cancelled';
  sent_at: string | null;
  error: string | null;
}
export interface ChannelStockPushTable {
  channel_id: number;
  sku: string;
  location_id: string;
  quantity: number | null;
  unknown_sku: Generated<number>;
  pushed_at: string;
  short_seen: number | null;
}
/** Flash-sale mode (0020): a SKU sold from per-channel quotas. */
export interface DropSkuTable {
  product_id: number;
  owner_marked: Generated<number>;
  auto: Generated<number>;
  started_at: string;
  order_watermark: number;
  marked_by: string | null;
  updated_at: string;
}
export interface ChannelQuotaTable {
  product_id: number;
  channel_id: number;
  location_id: string;
  quota: number;
  exposed: number;
  raise_in_flight: Generated<number>;
  updated_at: string;
}
export type ChannelConnectionRow = Selectable<ChannelConnectionTable>;
export type SyncOutboxRow = Selectable<SyncOutboxTable>;

// ---- Purchasing (0022) ----
export type PurchaseOrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';
export interface SupplierTable {
  id: Generated<number>;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  currency: Generated<string>;
  payment_terms_days: Generated<number>;
  lead_time_days: Generated<number>;
  order_minimum_cents: Generated<number>;
  notes: Generated<string>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface SupplierItemTable {
  id: Generated<number>;
  supplier_id: number;
  product_id: number;
  supplier_sku: string | null;
  unit_cost_cents: number;
  case_pack: Generated<number>;
  moq: Generated<number>;
  lead_time_days: number | null;
  active: Generated<number>;
}
export interface SupplierPriceBreakTable {
  id: Generated<number>;
  supplier_item_id: number;
  min_qty: number;
  unit_cost_cents: number;
}
export interface PurchaseOrderTable {
  id: Generated<number>;
  number: string;
  supplier_id: number;
  warehouse_id: number;
  status: Generated<PurchaseOrderStatus>;
  currency: string;
  expected_on: string | null;
  freight_cents: Generated<number>;
  duty_cents: Generated<number>;
  other_cost_cents: Generated<number>;
  landed_cost_method: Generated<'value' | 'weight'>;
  notes: Generated<string>;
  created_by: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  received_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
}
export interface PurchaseOrderLineTable {
  id: Generated<number>;
  po_id: number;
  line_no: number;
  product_id: number;
  supplier_sku: string | null;
  quantity: number;
  case_pack: Generated<number>;
  unit_cost_cents: number;
  expected_on: string | null;
  received_qty: Generated<number>;
  damaged_qty: Generated<number>;
  reason: string | null;
}
export interface PurchaseOrderEventTable {
  id: Generated<number>;
  po_id: number;
  at: string;
  actor: string;
  kind: string;
  detail: Generated<string>;
}
export interface PoReceiptTable {
  id: Generated<number>;
  po_id: number;
  received_at: string;
  actor: string;
  note: Generated<string>;
}
export interface PoReceiptLineTable {
  id: Generated<number>;
  receipt_id: number;
  po_line_id: number;
  product_id: number;
  quantity: number;
  over_qty: Generated<number>;
  damaged_qty: Generated<number>;
  lot_id: number | null;
  bin_id: number | null;
  unit_cost_cents: number;
  landed_unit_cents: Generated<number>;
  movement_id: number | null;
}
export interface SupplierBillTable {
  id: Generated<number>;
  po_id: number;
  supplier_id: number;
  bill_number: string;
  billed_on: string;
  due_on: string;
  amount_cents: number;
  currency: string;
  recorded_at: string;
}

// ---- Replenishment autopilot (0024) ----
export type SuggestionStatus = 'pending' | 'approved' | 'skipped' | 'left_out' | 'superseded';
export interface ReplenishmentRunTable {
  id: Generated<number>;
  trigger: 'daily' | 'manual';
  shop_day: string;
  started_at: string;
  finished_at: string | null;
  actor: string;
  budget_cents: number;
  committed_cents: Generated<number>;
  planned_cents: Generated<number>;
  summary: Generated<string>;
}
export interface ReplenishmentSuggestionTable {
  id: Generated<number>;
  run_id: number;
  supplier_id: number;
  product_id: number;
  warehouse_id: number;
  proposed_qty: number;
  qty: number;
  case_pack: Generated<number>;
  unit_cost_cents: number;
  currency: string;
  reason: string;
  abc_class: string;
  per_day: Generated<number>;
  stockout_risk: Generated<number>;
  risk_score: Generated<number>;
  status: Generated<SuggestionStatus>;
  status_reason: string | null;
  po_id: number | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** 0023: the current demand forecast per product and warehouse (0 = all warehouses). */
export interface ForecastTable {
  id: Generated<number>;
  product_id: number;
  warehouse_id: Generated<number>;
  method: 'ses' | 'croston' | 'sba' | 'tsb' | 'holt_winters' | 'zero';
  demand_class: 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
  adi: number | null;
  cv2: number;
  per_day: number;
  sd_per_day: number;
  mase: number | null;
  reason: string;
  /** JSON [{date, units, lo, hi}]. */
  next: string;
  history_days: number;
  computed_at: string;
}
export interface DB {
  channel_connection: ChannelConnectionTable;
  channel_location: ChannelLocationTable;
  channel_product_map: ChannelProductMapTable;
  sync_outbox: SyncOutboxTable;
  channel_fulfilment: ChannelFulfilmentTable;
  channel_stock_push: ChannelStockPushTable;
  drop_sku: DropSkuTable;
  channel_quota: ChannelQuotaTable;
  shipping_carrier: ShippingCarrierTable;
  shipping_service: ShippingServiceTable;
  zone_chart: ZoneChartTable;
  zone_chart_row: ZoneChartRowTable;
  rate_card: RateCardTable;
  rate_card_row: RateCardRowTable;
  shipping_box: ShippingBoxTable;
  shipping_rule: ShippingRuleTable;
  shipment: ShipmentTable;
  shipment_package: ShipmentPackageTable;
  shipment_batch: ShipmentBatchTable;
  shipment_batch_item: ShipmentBatchItemTable;
  shipment_document: ShipmentDocumentTable;
  accounting_period: AccountingPeriodTable;
  product_import: ProductImportTable;
  shipment_line: ShipmentLineTable;
  tracking_event: TrackingEventTable;
  manifest: ManifestTable;
  delivery_record: DeliveryRecordTable;
  printer: PrinterTable;
  print_job: PrintJobTable;
  scale: ScaleTable;
  packing_station: PackingStationTable;
  setting: SettingTable;
  station_token: StationTokenTable;
  pairing_code: PairingCodeTable;
  audit_log: AuditLogTable;
  product: ProductTable;
  barcode: BarcodeTable;
  sku_alias: SkuAliasTable;
  kit_component: KitComponentTable;
  warehouse: WarehouseTable;
  bin: BinTable;
  lot: LotTable;
  stock_balance: StockBalanceTable;
  stock_level: StockLevelTable;
  stock_movement: StockMovementTable;
  reservation: ReservationTable;
  transfer: TransferTable;
  transfer_line: TransferLineTable;
  cycle_count: CycleCountTable;
  cycle_count_line: CycleCountLineTable;
  channel: ChannelTable;
  sales_order: SalesOrderTable;
  order_line: OrderLineTable;
  order_event: OrderEventTable;
  order_tag: OrderTagTable;
  webhook_log: WebhookLogTable;
  pick_batch: PickBatchTable;
  pick_batch_order: PickBatchOrderTable;
  pick_task: PickTaskTable;
  pick_shortage: PickShortageTable;
  pack_session: PackSessionTable;
  pack_line: PackLineTable;
  pack_event: PackEventTable;
  rma: RmaTable;
  rma_line: RmaLineTable;
  rma_unit: RmaUnitTable;
  refund: RefundTable;
  channel_refund: ChannelRefundTable;
  supplier: SupplierTable;
  supplier_item: SupplierItemTable;
  supplier_price_break: SupplierPriceBreakTable;
  purchase_order: PurchaseOrderTable;
  purchase_order_line: PurchaseOrderLineTable;
  purchase_order_event: PurchaseOrderEventTable;
  po_receipt: PoReceiptTable;
  po_receipt_line: PoReceiptLineTable;
  supplier_bill: SupplierBillTable;
  forecast: ForecastTable;
  replenishment_run: ReplenishmentRunTable;
  replenishment_suggestion: ReplenishmentSuggestionTable;
}

export type ChannelRow = Selectable<ChannelTable>;
export type SalesOrderRow = Selectable<SalesOrderTable>;
export type OrderLineRow = Selectable<OrderLineTable>;

export type ProductRow = Selectable<ProductTable>;
export type WarehouseRow = Selectable<WarehouseTable>;
export type BinRow = Selectable<BinTable>;
export type StockBalanceRow = Selectable<StockBalanceTable>;
export type StockMovementRow = Selectable<StockMovementTable>;

export type StationTokenRow = Selectable<StationTokenTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
