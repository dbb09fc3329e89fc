import type { Generated, Insertable, Selectable } from 'kysely';
import type * as G from './schema.generated';
import type { ReturnReasonCode } from '../../shared/return-reasons';

/**
 * Table types: the migrated schema's (schema.generated.ts, written by scripts/gen-schema-types.ts),
 * narrowed here only where SQL cannot say it (status unions, JSON shapes). Row types are derived
 * (Selectable/Insertable) rather than written twice.
 */

export type SettingTable = G.SettingTable;

export interface StationTokenTable extends Omit<G.StationTokenTable, 'role'> {
  role: 'owner' | 'packer' | 'picker';
}

export interface PairingCodeTable extends Omit<G.PairingCodeTable, 'role'> {
  role: 'owner' | 'packer' | 'picker';
}

/**
 * Append-only (0018: triggers refuse UPDATE and DELETE).
 *
 * - `detail`: JSON of the input, secrets redacted, at most 2 KB.
 */
export type AuditLogTable = G.AuditLogTable;

// ---- inventory (0002) ----
/**
 * - `preferred_supplier_id`: 0022: the supplier POs are drafted for (null: the cheapest that sells it).
 * - `shelf_life_days`: 0022: days a lot can be sold after it arrives (null: not perishable).
 * - `customs_description`: 0025: what a customs declaration calls it ("cotton T-shirt"); null: not set.
 */
export type ProductTable = G.ProductTable;
export interface BarcodeTable extends Omit<G.BarcodeTable, 'kind'> {
  kind: 'gtin' | 'supplier';
}
export type SkuAliasTable = G.SkuAliasTable;
export type KitComponentTable = G.KitComponentTable;
export type WarehouseTable = G.WarehouseTable;
export type BinKind = 'pick' | 'bulk' | 'receiving' | 'returns' | 'quarantine';
export interface BinTable extends Omit<G.BinTable, 'kind'> {
  kind: Generated<BinKind>;
}
export type LotTable = G.LotTable;
export type StockBalanceTable = G.StockBalanceTable;
export type StockLevelTable = G.StockLevelTable;
export type MovementKind = 'receive' | 'adjust' | 'count' | 'transfer_out' | 'transfer_in' | 'pick' | 'ship' | 'return' | 'scrap' | 'move_out' | 'move_in';
export interface StockMovementTable extends Omit<G.StockMovementTable, 'kind'> {
  kind: MovementKind;
}
export type ReservationTable = G.ReservationTable;
export interface TransferTable extends Omit<G.TransferTable, 'status'> {
  status: 'in_transit' | 'received';
}
export type TransferLineTable = G.TransferLineTable;
export interface CycleCountTable extends Omit<G.CycleCountTable, 'status'> {
  status: 'counting' | 'review' | 'posted' | 'cancelled';
}
export interface CycleCountLineTable extends Omit<G.CycleCountLineTable, 'decision'> {
  decision: 'approve' | 'reject' | null;
}

// ---- orders (0003) ----
export interface ChannelTable extends Omit<G.ChannelTable, 'kind'> {
  kind: 'shopify' | 'woocommerce' | 'csv' | 'manual';
}
/**
 * - `intake_events`: JSON {actor, received, to, reason}: the order's first two history entries, at created_at (migration 0015; order-history.ts).
 * - `customs_choice`: 0025: contents type and incoterm chosen for this order's customs (JSON); null: the shop's defaults.
 */
export type SalesOrderTable = G.SalesOrderTable;
export type OrderLineTable = G.OrderLineTable;
/**
 * An order's history: seq counts the order's events from 1 (migration 0010), stored under rowid order_id * 65536 + seq (0014).
 *
 * - `id`: order_id * 65536 + seq (migration 0014): an order's events are one rowid range.
 */
export type OrderEventTable = G.OrderEventTable;
/** One row per (tag, order): trimmed, lower-cased tags for the queue's tag filter (migration 0009). */
export type OrderTagTable = G.OrderTagTable;
export type WebhookLogTable = G.WebhookLogTable;

// ---- devices (0004) ----
/** pdf: a system printer (migration 0026). */
export type PrinterLanguage = 'zpl' | 'escpos' | 'pdf';
export type PrinterStatusState = 'unknown' | 'ready' | 'offline' | 'problem';
/**
 * - `status_problems`: JSON array of human-readable problems from ~HS (or the connection error).
 */
export interface PrinterTable extends Omit<G.PrinterTable, 'language' | 'status'> {
  language: PrinterLanguage;
  status: Generated<PrinterStatusState>;
}
export type PrintJobState = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';
export interface PrintJobTable extends Omit<G.PrintJobTable, 'content_type' | 'state'> {
  content_type: PrinterLanguage;
  state: Generated<PrintJobState>;
}
export interface ScaleTable extends Omit<G.ScaleTable, 'protocol'> {
  protocol: 'nci' | 'mt-sics' | 'continuous' | 'usb-hid';
}
export type PackingStationTable = G.PackingStationTable;
export type PrinterRow = Selectable<PrinterTable>;
export type PrintJobRow = Selectable<PrintJobTable>;
export type ScaleRow = Selectable<ScaleTable>;
export type PackingStationRow = Selectable<PackingStationTable>;

// ---- shipping (0005) ----
export type ShippingCarrierTable = G.ShippingCarrierTable;
/**
 * - `definition`: JSON ShippingService (main/domain/shipping/types.ts).
 */
export type ShippingServiceTable = G.ShippingServiceTable;
export type ZoneChartTable = G.ZoneChartTable;
export type ZoneChartRowTable = G.ZoneChartRowTable;
export type RateCardTable = G.RateCardTable;
export type RateCardRowTable = G.RateCardRowTable;
export type ShippingBoxTable = G.ShippingBoxTable;
export type ShippingRuleTable = G.ShippingRuleTable;
export type ShipmentStatus = 'label_created' | 'manifested' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returned' | 'voided';
/**
 * - `customs`: 0025: the customs declaration it went out with (JSON, customs/declaration.ts); null: domestic.
 */
export interface ShipmentTable extends Omit<G.ShipmentTable, 'direction' | 'status'> {
  /** 'return' for a return label: customer → warehouse (0008). */
  direction: Generated<'outbound' | 'return'>;
  status: ShipmentStatus;
}
/**
 * - `postage_ref`: Bought postage: JSON {provider, shipmentId, trackerId}; null for labels made from rate cards.
 */
export interface ShipmentPackageTable extends Omit<G.ShipmentPackageTable, 'label_format'> {
  label_format: 'zpl' | 'pdf' | 'png';
}
/**
 * One product import run (0017): `running` until its one write transaction (or its rejection) finishes it.
 *
 * - `source`: The file's name (or "(upload)").
 * - `staging_path`: The run's staging folder in the temp directory, removed when it ends or at the next start.
 * - `pid`: Process that runs it: a `running` row whose process is gone was interrupted.
 */
export interface ProductImportTable extends Omit<G.ProductImportTable, 'status'> {
  status: 'running' | 'done' | 'rejected' | 'failed' | 'interrupted';
}
/**
 * - `journal`: The period's journal (JSON), fixed when the period was closed.
 */
export type AccountingPeriodTable = G.AccountingPeriodTable;
export type ShipmentLineTable = G.ShipmentLineTable;
export type TrackingEventTable = G.TrackingEventTable;
export type ManifestTable = G.ManifestTable;
export type DeliveryRecordTable = G.DeliveryRecordTable;
/** Batch labels (0027): one batch per "create labels for these orders", its items in pick order. */
export interface ShipmentBatchTable extends Omit<G.ShipmentBatchTable, 'status'> {
  status: Generated<'created' | 'voided'>;
}
export type ShipmentBatchItemTable = G.ShipmentBatchItemTable;
export type ShipmentRow = Selectable<ShipmentTable>;
/** 0025: a customs document (CN22, CN23, commercial invoice) made for a shipment, kept for reprints. */
export interface ShipmentDocumentTable extends Omit<G.ShipmentDocumentTable, 'kind'> {
  kind: 'cn22' | 'cn23' | 'commercial_invoice';
}
export type ShipmentPackageRow = Selectable<ShipmentPackageTable>;
export type ShippingBoxRow = Selectable<ShippingBoxTable>;
export type ShippingRuleRow = Selectable<ShippingRuleTable>;
export type ManifestRow = Selectable<ManifestTable>;

// ---- fulfilment (0006) ----
export interface PickBatchTable extends Omit<G.PickBatchTable, 'status' | 'route_method'> {
  status: Generated<'open' | 'picking' | 'done' | 'cancelled'>;
  route_method: 'exact' | 'heuristic' | 's-shape' | 'none';
}
export interface PickBatchOrderTable extends Omit<G.PickBatchOrderTable, 'status'> {
  status: Generated<'picking' | 'picked' | 'backordered' | 'removed'>;
}
export interface PickTaskTable extends Omit<G.PickTaskTable, 'status'> {
  status: Generated<'open' | 'picked' | 'short' | 'cancelled'>;
}
export interface PickShortageTable extends Omit<G.PickShortageTable, 'outcome' | 'status'> {
  outcome: 'reallocated' | 'backordered';
  status: Generated<'open' | 'checked'>;
}
export interface PackSessionTable extends Omit<G.PackSessionTable, 'status'> {
  status: Generated<'packing' | 'shipped' | 'released'>;
}
export type PackLineTable = G.PackLineTable;
export type PackEventKind = 'claim' | 'scan_order' | 'verify' | 'wrong_item' | 'line_done' | 'weight' | 'mismatch' | 'override' | 'box' | 'rate' | 'label' | 'slip' | 'shipped' | 'released';
export interface PackEventTable extends Omit<G.PackEventTable, 'kind'> {
  kind: PackEventKind;
}
/**
 * - `reason`: The one-line text shown to people: the reason's label and its note (0033).
 * - `reason_note`: The free text beside the listed reason (0033).
 * - `return_shipment_id`: The return label's shipment (0008), when one was made.
 */
export interface RmaTable extends Omit<G.RmaTable, 'status' | 'reason_code'> {
  status: Generated<'open' | 'received' | 'closed' | 'cancelled'>;
  /** A listed reason (shared/return-reasons.ts), what the returns report groups by (0033). */
  reason_code: Generated<ReturnReasonCode>;
}
export interface RmaLineTable extends Omit<G.RmaLineTable, 'reason_code'> {
  reason_code: Generated<ReturnReasonCode>;
}
export interface RmaUnitTable extends Omit<G.RmaUnitTable, 'grade' | 'disposition'> {
  grade: 'resellable' | 'damaged' | 'defective';
  disposition: 'restock' | 'quarantine' | 'scrap';
}
export type RefundTable = G.RefundTable;
/** A store's refund as applied to an order (migration 0021), once per channel refund id. */
export interface ChannelRefundTable extends Omit<G.ChannelRefundTable, 'applied_as'> {
  applied_as: 'booked' | 'order_changed' | 'held';
}
export type PickBatchRow = Selectable<PickBatchTable>;
export type PickTaskRow = Selectable<PickTaskTable>;
export type PackSessionRow = Selectable<PackSessionTable>;
export type RmaRow = Selectable<RmaTable>;

/** Channel sync (0019): a channel connected to its store's API. */
export interface ChannelConnectionTable extends Omit<G.ChannelConnectionTable, 'platform' | 'credential_storage' | 'status'> {
  platform: 'shopify' | 'woocommerce';
  credential_storage: 'safeStorage' | 'database';
  status: 'connected' | 'needs_attention' | 'disconnected';
}
export type ChannelLocationTable = G.ChannelLocationTable;
export type ChannelProductMapTable = G.ChannelProductMapTable;
export type SyncOutboxKind = 'fulfilment' | 'fulfilment_cancel' | 'stock';
export type SyncOutboxState = 'pending' | 'sent' | 'failed' | 'dead';
export interface SyncOutboxTable extends Omit<G.SyncOutboxTable, 'kind' | 'state'> {
  kind: SyncOutboxKind;
  state: SyncOutboxState;
}
export interface ChannelFulfilmentTable extends Omit<G.ChannelFulfilmentTable, 'state'> {
  state: 'pending' | 'sent' | 'failed' | 'cancel_pending' | 'cancelled';
}
export type ChannelStockPushTable = G.ChannelStockPushTable;
/** Flash-sale mode (0020): a SKU sold from per-channel quotas. */
export type DropSkuTable = G.DropSkuTable;
export type ChannelQuotaTable = G.ChannelQuotaTable;
export type ChannelConnectionRow = Selectable<ChannelConnectionTable>;
export type SyncOutboxRow = Selectable<SyncOutboxTable>;

// ---- Purchasing (0022) ----
export type PurchaseOrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';
export type SupplierTable = G.SupplierTable;
export type SupplierItemTable = G.SupplierItemTable;
export type SupplierPriceBreakTable = G.SupplierPriceBreakTable;
export interface PurchaseOrderTable extends Omit<G.PurchaseOrderTable, 'status' | 'landed_cost_method'> {
  status: Generated<PurchaseOrderStatus>;
  landed_cost_method: Generated<'value' | 'weight'>;
}
export type PurchaseOrderLineTable = G.PurchaseOrderLineTable;
export type PurchaseOrderEventTable = G.PurchaseOrderEventTable;
export type PoReceiptTable = G.PoReceiptTable;
export type PoReceiptLineTable = G.PoReceiptLineTable;
export type SupplierBillTable = G.SupplierBillTable;

// ---- Replenishment autopilot (0024) ----
export type SuggestionStatus = 'pending' | 'approved' | 'skipped' | 'left_out' | 'superseded';
export interface ReplenishmentRunTable extends Omit<G.ReplenishmentRunTable, 'trigger'> {
  trigger: 'daily' | 'manual';
}
export interface ReplenishmentSuggestionTable extends Omit<G.ReplenishmentSuggestionTable, 'status'> {
  status: Generated<SuggestionStatus>;
}

/**
 * 0023: the current demand forecast per product and warehouse (0 = all warehouses).
 *
 * - `next`: JSON [{date, units, lo, hi}].
 */
export interface ForecastTable extends Omit<G.ForecastTable, 'method' | 'demand_class'> {
  method: 'ses' | 'croston' | 'sba' | 'tsb' | 'holt_winters' | 'zero';
  demand_class: 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
}
export interface DB {
  /** The catalog's full-text index (FTS5 on SQLite; see 0002). */
  product_search: G.ProductSearchTable;
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
