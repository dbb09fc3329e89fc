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

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
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
  created_at: string;
  updated_at: string;
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
export interface OrderEventTable {
  id: Generated<number>;
  order_id: number;
  at: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string;
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
export type PrinterLanguage = 'zpl' | 'escpos';
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
  protocol: 'nci' | 'mt-sics' | 'continuous';
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

export interface DB {
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
  webhook_log: WebhookLogTable;
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
