import { z } from 'zod';
import { method } from './contract';
import type { RatesDto } from './shipping';

/**
 * Fulfilment: pick batches on the shortest route, scan-to-pick, shortages, slotting, the packing
 * station (scan-verify, weigh, box, rate, label) and returns. Lengths are integer millimetres in
 * the store; routes are shown in metres (`routeM`, one decimal). Weight grams, money cents.
 */

// ---------- picking ----------

export type PickBatchStatus = 'open' | 'picking' | 'done' | 'cancelled';
export type PickTaskStatus = 'open' | 'picked' | 'short' | 'cancelled';
export type RouteMethodDto = 'exact' | 'heuristic' | 's-shape' | 'none';

export interface PickBatchSummaryDto {
  id: number;
  warehouse: string;
  status: PickBatchStatus;
  urgent: boolean;
  zone: string | null;
  /** Walking distance depot → every stop → depot, metres (stored as whole millimetres). */
  routeM: number;
  routeMethod: RouteMethodDto;
  orderCount: number;
  taskCount: number;
  openTasks: number;
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
}

export interface PickTaskDto {
  id: number;
  seq: number;
  /** Stop of the route (tasks in one bin share it); null when the bin has no place in the layout. */
  stop: number | null;
  bin: string;
  zone: string;
  sku: string;
  name: string;
  /** Codes that identify the item when scanned (SKU and barcodes). */
  barcodes: string[];
  lot: string | null;
  qty: number;
  pickedQty: number;
  tote: number;
  orderId: number;
  orderNumber: string;
  status: PickTaskStatus;
  binScanned: boolean;
}

export interface PickBatchDto extends PickBatchSummaryDto {
  /** One tote per order; the tote code is what the packing station scans. */
  totes: { tote: number; toteCode: string; orderId: number; orderNumber: string; status: 'picking' | 'picked' | 'backordered' | 'removed' }[];
  /** The pick list in route order. */
  tasks: PickTaskDto[];
  /** Bin codes in visiting order. */
  route: string[];
}

/** One step of scan-to-pick: the next task, or done. */
export interface PickStepDto {
  batchId: number;
  done: boolean;
  task: PickTaskDto | null;
  /** Tasks left (open) including this one, and the total. */
  remaining: number;
  total: number;
  /** What just happened (shown big on a handheld). */
  message: string | null;
}

export interface PickShortageDto {
  id: number;
  batchId: number;
  orderId: number;
  orderNumber: string;
  warehouse: string;
  bin: string;
  sku: string;
  lot: string | null;
  expectedQty: number;
  foundQty: number;
  outcome: 'reallocated' | 'backordered';
  /** The cycle count started to check the bin, when one could be started. */
  countId: number | null;
  status: 'open' | 'checked';
  actor: string;
  createdAt: string;
}

export interface SlottingReportDto {
  warehouse: string;
  from: string;
  to: string;
  totalPicks: number;
  classCounts: { A: number; B: number; C: number };
  goldenZoneDistanceM: number;
  skus: { sku: string; name: string; picks: number; share: number; class: 'A' | 'B' | 'C'; bin: string; distanceM: number | null }[];
  farFastMovers: { sku: string; name: string; picks: number; bin: string; distanceM: number | null }[];
  moves: { sku: string; fromBin: string; toBin: string; swappedSku: string | null; fromDistanceM: number; toDistanceM: number }[];
  simulation: { tours: number; walkedBeforeM: number; walkedAfterM: number; savedM: number; savedPercent: number };
}

// ---------- packing ----------

export type PackStep = 'verify' | 'weigh' | 'ship' | 'done';

export interface PackLineDto {
  orderLineId: number;
  sku: string;
  name: string;
  /** Codes that verify this line (SKU and barcodes). */
  barcodes: string[];
  expectedQty: number;
  verifiedQty: number;
  lotTracked: boolean;
  /** The lot code of each unit verified so far (lot-tracked lines). */
  lots: string[];
  /**
   * The lots picked for this line (reserved ones for an order packed without a batch), earliest
   * expiry first: only these may be packed, each up to its picked quantity. Empty when not lot-tracked.
   */
  pickedLots: PickedLotDto[];
  unitWeightG: number;
}

export interface PickedLotDto {
  /** Null for stock picked without a lot. */
  lot: string | null;
  expiresOn: string | null;
  /** Expired by the shop calendar's today (refused at the station). */
  expired: boolean;
  pickedQty: number;
  packedQty: number;
}

export interface WeightCheckDto {
  expectedG: number;
  toleranceG: number;
  tolerancePercent: number;
  measuredG: number | null;
  ok: boolean | null;
  /** Why the weight blocks the label, e.g. "expected 1,240 g ± 5 %, read 980 g — a 260 g item may be missing". */
  explanation: string | null;
  overridden: boolean;
  overrideReason: string | null;
  overrideBy: string | null;
}

export interface PackSessionDto {
  id: number;
  station: string;
  orderId: number;
  orderNumber: string;
  orderStatus: string;
  customer: string;
  shipTo: { city: string; postalCode: string; country: string } | null;
  status: 'packing' | 'shipped' | 'released';
  claimedBy: string;
  claimedAt: string;
  lines: PackLineDto[];
  allVerified: boolean;
  /** What the station waits for next. */
  step: PackStep;
  /** True when nothing blocks the label (every line verified, weight ok or overridden). */
  labelUnlocked: boolean;
  /** Why the label is locked, when it is. */
  lockedReason: string | null;
  box: { code: string; name: string; tareG: number; suggested: boolean; reason: string } | null;
  boxes: { code: string; name: string; tareG: number }[];
  weight: WeightCheckDto;
  service: string | null;
  trackingNumber: string | null;
  shipmentId: number | null;
  events: { at: string; kind: string; detail: Record<string, unknown>; actor: string }[];
}

export interface PackScanResultDto {
  ok: boolean;
  /** Loud and specific: "WRONG ITEM: SOCK-CHR-M is not in order #1042". */
  message: string;
  sku: string | null;
  /** The item is right but several lots were picked for it: scan its lot (scanItem again with `lot`). */
  needsLot?: boolean;
  session: PackSessionDto;
}

export interface PackShipResultDto {
  session: PackSessionDto;
  shipmentId: number;
  trackingNumbers: string[];
  service: string;
  priceCents: number;
  currency: string;
  labelJobIds: number[];
  slipJobId: number | null;
}

export interface PackingSettingsDto {
  /** Allowed difference between expected and measured weight, percent of expected. Default 5. */
  weightTolerancePercent: number;
  /** A floor for light parcels, grams (the tolerance is never below it). Default 20. */
  weightToleranceMinG: number;
  /** Print a packing slip on the station's packing-slip printer with each label. */
  printPackingSlip: boolean;
  /** Whether a supervisor PIN is set: weight overrides then need it (only its hash is stored). */
  supervisorPinSet: boolean;
}

export interface PackStatsDto {
  from: string;
  to: string;
  sessions: number;
  shipped: number;
  wrongScans: number;
  mismatches: number;
  overrides: number;
  /** Median seconds from claim to label per shipped order. */
  medianSecondsPerOrder: number | null;
  byStation: { station: string; shipped: number; medianSecondsPerOrder: number | null }[];
}

// ---------- returns (shared/api/returns.ts) ----------

export type { ReturnDisposition, ReturnGrade, ReturnReasonRowDto, RmaDto } from './returns';

// ---------- inputs ----------

const id = z.number().int().positive();
const code = z.string().trim().min(1).max(64);
const stationName = z.string().trim().min(1).max(60);
const reasonText = z.string().trim().min(1, 'a reason is required').max(300);

export const createBatchesInput = z
  .object({
    warehouse: code,
    /** Take at most this many allocated orders (oldest promise first). */
    maxOrders: z.number().int().min(1).max(5000).optional(),
    /** Totes per cart. Default 8. */
    cartCapacity: z.number().int().min(1).max(64).default(8),
    /** Only orders picked from the same zones share a cart. */
    groupByZone: z.boolean().default(true),
    /** Orders at or above this priority (or promised today or earlier) are picked alone. */
    urgentPriority: z.number().int().default(8),
    /** Restrict to these orders (ids). */
    orderIds: z.array(id).max(5000).optional(),
  })
  .strict();

export const fulfilmentApi = {
  'picking.batches': method<PickBatchSummaryDto[]>()(
    z.object({ warehouse: code.optional(), status: z.enum(['open', 'picking', 'done', 'cancelled', 'active']).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    { description: 'Pick batches, newest first ("active" = open or picking)' },
  ),
  'picking.batch': method<PickBatchDto>()(z.object({ id }).strict(), { description: 'A pick batch with its totes and pick list in route order' }),
  /**
   * Groups the warehouse's allocated orders into carts (capacity, zone, priority, promise date;
   * urgent orders alone), one tote per order, routes each cart through the bin layout (exact for
   * single-block layouts, heuristic otherwise), stores route and length, and moves the orders to
   * picking. Returns the new batches.
   */
  'picking.createBatches': method<PickBatchDto[]>()(createBatchesInput, { audit: 'orders', description: 'Create pick batches from allocated orders', roles: ['owner', 'picker'] }),
  'picking.cancelBatch': method<PickBatchDto>()(z.object({ id, reason: reasonText }).strict(), {
    description: 'Cancel a batch nobody has picked from; its orders go back to allocated',
    audit: 'orders',
    roles: ['owner'],
  }),
  /** The next task of a batch (route order) for scan-to-pick; starts the batch. */
  'picking.next': method<PickStepDto>()(z.object({ batchId: id }).strict(), { description: 'Next pick of a batch', roles: ['owner', 'picker'] }),
  /** The scanned bin must be the task's bin; anything else is refused with the bin to go to. */
  'picking.scanBin': method<PickStepDto>()(z.object({ taskId: id, code }).strict(), { audit: false, description: 'Scan the bin of the current pick', roles: ['owner', 'picker'] }),
  /** Checks a scanned item against the task without picking (wrong item refused). */
  'picking.scanItem': method<PickStepDto>()(z.object({ taskId: id, code }).strict(), { audit: false, description: 'Check a scanned item', roles: ['owner', 'picker'] }),
  /**
   * Confirms the quantity put in the tote. Fewer than asked is a short pick: the remainder is
   * re-allocated from another bin or lot (a new task at the end of the route), or the order goes
   * to backorder; either way the shortage is recorded and a cycle count of the bin is started.
   */
  'picking.confirm': method<PickStepDto>()(
    z.object({ taskId: id, code, qty: z.number().int().min(0).max(100000) }).strict(),
    { audit: 'stock', description: 'Confirm a pick (quantity into the tote)', roles: ['owner', 'picker'] },
  ),
  'picking.printList': method<{ jobId: number; printer: string }>()(
    z.object({ batchId: id, printer: stationName.optional(), station: stationName.optional() }).strict(),
    { audit: 'devices', description: 'Print a pick list (ESC/POS) on a printer or a station’s pick-list printer', roles: ['owner', 'picker'] },
  ),
  'picking.shortages': method<PickShortageDto[]>()(
    z.object({ warehouse: code.optional(), status: z.enum(['open', 'checked']).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    { description: 'Short picks to check (count discrepancies)' },
  ),
  'picking.checkShortage': method<PickShortageDto>()(z.object({ id }).strict(), { audit: 'stock', description: 'Mark a shortage as checked', roles: ['owner'] }),
  'picking.slotting': method<SlottingReportDto>()(
    z.object({ warehouse: code, days: z.number().int().min(1).max(365).default(30), maxMoves: z.number().int().min(0).max(200).default(25) }).strict(),
    { description: 'Slotting report from the last N days of picks' },
  ),

  'packing.settings': method<PackingSettingsDto>()(z.object({}).strict(), { description: 'Packing station settings' }),
  'packing.updateSettings': method<PackingSettingsDto>()(
    z
      .object({
        weightTolerancePercent: z.number().min(0).max(50).optional(),
        weightToleranceMinG: z.number().int().min(0).max(5000).optional(),
        printPackingSlip: z.boolean().optional(),
      })
      .strict(),
    { audit: 'settings', description: 'Change packing settings', roles: ['owner'] },
  ),
  /** The station's open session (after a reload), or null. */
  'packing.current': method<PackSessionDto | null>()(z.object({ station: stationName }).strict(), { description: 'The order a station is packing' }),
  /**
   * Scan an order number, order id or tote code (e.g. T12-3) at a station: claims the order for
   * this station (atomic: another station's claim is refused) and returns its lines to verify.
   */
  'packing.open': method<PackSessionDto>()(z.object({ station: stationName, code }).strict(), { audit: 'orders', description: 'Claim an order at a packing station', roles: ['owner', 'packer'] }),
  'packing.get': method<PackSessionDto>()(z.object({ sessionId: id }).strict(), { description: 'A packing session' }),
  /**
   * Verify one unit by its barcode or SKU; a wrong item is refused (ok: false) and recorded. A
   * lot-tracked unit's `lot` must be a lot picked for its line with units left, unexpired by the
   * shop calendar; without `lot` the one picked lot is taken, or `needsLot` asks for it.
   */
  'packing.scanItem': method<PackScanResultDto>()(
    z.object({ sessionId: id, code, lot: z.string().trim().min(1).max(64).optional() }).strict(),
    { audit: false, description: 'Scan an item to verify it', roles: ['owner', 'packer'] },
  ),
  /**
   * Takes the weight from the station's scale (waits briefly for a stable reading) and compares
   * it with the expected weight (items + box tare, tolerance from settings). `grams` is accepted
   * only at a station without a scale.
   */
  'packing.weigh': method<PackSessionDto>()(
    z.object({ sessionId: id, grams: z.number().int().min(0).max(1_000_000).optional() }).strict(),
    { audit: false, description: 'Weigh the parcel', roles: ['owner', 'packer'] },
  ),
  'packing.setBox': method<PackSessionDto>()(z.object({ sessionId: id, box: code }).strict(), { audit: false, description: 'Choose another box', roles: ['owner', 'packer'] }),
  /**
   * A supervisor lets a weight mismatch through; the reason and name are recorded. When a
   * supervisor PIN is set (packing.setSupervisorPin) it must be given: a wrong one is FORBIDDEN.
   * The override stays through later scale readings until the box changes or it is cleared.
   */
  'packing.override': method<PackSessionDto>()(
    z.object({ sessionId: id, reason: reasonText, supervisor: z.string().trim().min(1, 'the supervisor’s name is required').max(60), pin: z.string().trim().max(12).optional() }).strict(),
    { audit: 'orders', description: 'Override a weight block (supervisor)', roles: ['owner', 'packer'], redact: ['pin'] },
  ),
  'packing.clearOverride': method<PackSessionDto>()(z.object({ sessionId: id }).strict(), { audit: 'orders', description: 'Take back a weight override', roles: ['owner', 'packer'] }),
  /** Sets the supervisor PIN for weight overrides (4–12 digits), or removes it (null). Only a hash is stored. */
  'packing.setSupervisorPin': method<PackingSettingsDto>()(
    z.object({ pin: z.string().trim().regex(/^\d{4,12}$/, 'the PIN must be 4 to 12 digits').nullable() }).strict(),
    { audit: 'settings', description: 'Set the supervisor PIN for weight overrides', roles: ['owner'], redact: ['pin'] },
  ),
  /**
   * Moves another station's claim on the scanned order (code as for packing.open) to this one,
   * with what was verified and weighed so far: for a packer who switched station.
   */
  'packing.takeOver': method<PackSessionDto>()(z.object({ station: stationName, code }).strict(), {
    audit: 'orders',
    description: 'Take over an order claimed by another packing station',
    roles: ['owner', 'packer'],
  }),
  /** Rate shopping for the session's parcel (box + measured weight): every option and the recommendation. */
  'packing.rates': method<RatesDto>()(z.object({ sessionId: id }).strict(), { description: 'Rates for the parcel being packed' }),
  /** One action: create the shipment, print the label (and packing slip), order shipped, station free. */
  'packing.ship': method<PackShipResultDto>()(
    z.object({ sessionId: id, service: z.string().min(3).max(60).optional(), overrideReason: z.string().trim().min(1).max(300).optional() }).strict(),
    { audit: 'shipping', description: 'Ship & print', roles: ['owner', 'packer'] },
  ),
  /** Give the order up (e.g. sent back to picking for a wrong or missing item). */
  'packing.release': method<PackSessionDto>()(
    z.object({ sessionId: id, reason: reasonText, backToPicking: z.boolean().default(false) }).strict(),
    { audit: 'orders', description: 'Release a claimed order', roles: ['owner', 'packer'] },
  ),
  'packing.stats': method<PackStatsDto>()(z.object({ days: z.number().int().min(1).max(365).default(7) }).strict(), { description: 'Packing productivity from the timestamped steps' }),
};
