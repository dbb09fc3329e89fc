import type { Core } from '../../../core';
import { buildWarehouseLayout } from '../layout';
import type { BinInput, WarehouseLayout } from '../types';

/**
 * The walking model of a warehouse, built from its bins (x/y in metres by design) and depot.
 *
 * Which bins shape the layout: pick and bulk bins that carry an aisle label. Bins without an aisle
 * (the default bin, dock bins for receiving, returns and quarantine) are places, not racking: they
 * would invent aisles and cross aisles that nobody walks. Picks from them go at the end of the
 * pick list, in pick-sequence order. When no bin has an aisle (a shop that never mapped its
 * shelves), every pick/bulk bin is used, on one line per distinct x.
 */
export interface LoadedLayout {
  layout: WarehouseLayout | null;
  /** bin code -> zone, pick sequence (for unlocated ordering and the pick list). */
  bins: Map<string, { id: number; zone: string; pickSequence: number; kind: string }>;
}

interface BinRow {
  id: number;
  code: string;
  zone: string;
  aisle: string;
  x_m: number;
  y_m: number;
  pick_sequence: number;
  kind: string;
}

export async function loadWarehouseLayout(core: Core, warehouseId: number): Promise<LoadedLayout> {
  const { store } = core;
  const w = await store.get(store.kysely.selectFrom('warehouse').select(['depot_x_m', 'depot_y_m']).where('id', '=', warehouseId));
  const rows: BinRow[] = await store.all(
    store.kysely.selectFrom('bin').select(['id', 'code', 'zone', 'aisle', 'x_m', 'y_m', 'pick_sequence', 'kind']).where('warehouse_id', '=', warehouseId).orderBy('pick_sequence').orderBy('code'),
  );
  const bins = new Map(rows.map((r) => [r.code, { id: r.id, zone: r.zone, pickSequence: r.pick_sequence, kind: r.kind }]));
  const racking = rows.filter((r) => r.kind === 'pick' || r.kind === 'bulk');
  const withAisle = racking.filter((r) => r.aisle.trim() !== '');
  const inputs: BinInput[] = (withAisle.length > 0 ? withAisle : racking).map((r) => ({
    id: r.code,
    aisle: r.aisle.trim() || `x=${r.x_m}`,
    x: r.x_m,
    y: r.y_m,
    zone: r.zone || undefined,
  }));
  if (!w || inputs.length === 0) return { layout: null, bins };
  return { layout: buildWarehouseLayout(inputs, { x: w.depot_x_m, y: w.depot_y_m }), bins };
}
