/**
 * Plain-data types for picking: layout, graph positions and routes.
 *
 * Units: every length and coordinate in this folder is in metres (float).
 * The store keeps lengths as integer millimetres; convert at the boundary
 * (mm / 1000) when building a layout from bin rows.
 *
 * Axes: x runs across the aisles (left to right), y runs along the aisles
 * (front = small y, back = large y). The depot (pack area) is normally at
 * the front.
 */

/** A bin as the store knows it (input to {@link buildWarehouseLayout}). */
export interface BinInput {
  id: string;
  /** Aisle id as labelled in the warehouse; bins with the same aisle x are merged. */
  aisle: string;
  /** Metres. Either the aisle centre line or the pick face; see layout.ts. */
  x: number;
  /** Metres along the aisle. */
  y: number;
  zone?: string;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * A position on the walking graph. It lies on an aisle centre line
 * (`aisle` set), on a cross aisle (`cross` set), or on both (an intersection).
 */
export interface GraphPoint extends Point {
  /** Index into {@link WarehouseLayout.aisles}, or null when between aisles. */
  aisle: number | null;
  /** Index into {@link WarehouseLayout.crossAislesY}, or null when inside an aisle. */
  cross: number | null;
}

export interface AisleLine {
  index: number;
  /** Aisle labels merged into this centre line (one per block in many warehouses). */
  ids: string[];
  /** Centre line x, metres. */
  x: number;
}

export interface LocatedBin {
  id: string;
  aisleId: string;
  zone: string | null;
  /** Where the picker stands to pick this bin: on the aisle centre line at the bin's y. */
  point: GraphPoint;
  /** Block (sub-aisle band between two cross aisles) the bin belongs to; 0 = front. */
  block: number;
}

export interface WarehouseLayout {
  /** Aisle centre lines, sorted by x. */
  aisles: AisleLine[];
  /** Cross aisle centre lines, ascending: first is the front, last the back. */
  crossAislesY: number[];
  /** Number of blocks = crossAislesY.length - 1. A single-block layout has 1. */
  blockCount: number;
  depot: Point;
  /** Where the depot joins the graph (on its nearest cross aisle). */
  depotAccess: GraphPoint;
  /** Walk from the depot to depotAccess, metres (counted twice per tour). */
  depotStubM: number;
  /** Keyed by bin id; look up with locateBin (own properties only). */
  bins: Record<string, LocatedBin>;
  /** Front-to-back cross aisle distance, metres. */
  aisleLengthM: number;
}

export type RouteMethod = 'exact' | 'heuristic' | 's-shape';

/** A pick tour: start and end at the depot. */
export interface PickRoute {
  method: RouteMethod;
  /** Total walking distance, metres, including the depot stub both ways. */
  lengthM: number;
  /** Bin ids in visiting order, each once (several picks in one bin are one stop). */
  binOrder: string[];
}
