/**
 * Derives the walking model of a warehouse from its bins.
 *
 * Assumptions (the classic order-picking model of Ratliff & Rosenthal and
 * Roodbergen & de Koster):
 * - Aisles are parallel to the y axis. The picker walks the aisle centre line
 *   and picks from both faces without extra walking: a bin is "at" the point
 *   of the centre line level with it (its y).
 * - Bins whose aisles share a centre x (within `aisleMergeToleranceM`) form one
 *   aisle line even if labelled differently per block.
 * - The centre line of an aisle is the midpoint of its bins' x values, which is
 *   right whether bins carry the face x (two faces) or the aisle x itself.
 *   A one-faced aisle whose bins carry the face x is off by half an aisle width;
 *   pass `aisleCentres` to correct it.
 * - Travel between aisles only happens along cross aisles: one at the front,
 *   one at the back, and one in every band of y where no aisle has a bin
 *   (a gap wider than `crossAisleMinGapM`), which splits the racks into blocks.
 * - The layout is rectangular: every aisle line runs from the front to the
 *   back cross aisle and every cross aisle spans all aisles.
 * - The depot joins the graph at its nearest cross aisle by a straight walk
 *   (`depotStubM`), clamped to the span of the aisles.
 */
import type { AisleLine, BinInput, GraphPoint, LocatedBin, Point, WarehouseLayout } from './types';

export interface LayoutOptions {
  /** Centre of a cross aisle beyond the outermost bin centre, metres. Default 1.5. */
  crossAisleClearanceM?: number;
  /** A y gap between bins wider than this means a middle cross aisle. Default 2.5. */
  crossAisleMinGapM?: number;
  /** Aisle labels closer than this in x are one aisle line. Default 0.5. */
  aisleMergeToleranceM?: number;
  /** Override inferred centre lines, by aisle id. */
  aisleCentres?: Record<string, number>;
  /** Override inferred cross aisles (ascending y, front first, at least 2). */
  crossAislesY?: number[];
}

export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

export function buildWarehouseLayout(
  bins: readonly BinInput[],
  depot: Point,
  options: LayoutOptions = {},
): WarehouseLayout {
  if (bins.length === 0) throw new LayoutError('a layout needs at least one bin');
  const clearance = options.crossAisleClearanceM ?? 1.5;
  const minGap = options.crossAisleMinGapM ?? 2.5;
  const mergeTolerance = options.aisleMergeToleranceM ?? 0.5;

  for (const bin of bins) {
    if (!Number.isFinite(bin.x) || !Number.isFinite(bin.y)) {
      throw new LayoutError(`bin ${bin.id} has no finite coordinates`);
    }
  }
  const aisles = inferAisleLines(bins, mergeTolerance, options.aisleCentres ?? {});
  const crossAislesY = options.crossAislesY
    ? validateCrossAisles(options.crossAislesY, bins)
    : inferCrossAisles(bins, clearance, minGap);

  const aisleIndexById = new Map<string, number>();
  for (const line of aisles) for (const id of line.ids) aisleIndexById.set(id, line.index);

  const located: Record<string, LocatedBin> = {};
  for (const bin of bins) {
    if (Object.hasOwn(located, bin.id)) throw new LayoutError(`duplicate bin id ${bin.id}`);
    const aisleIndex = aisleIndexById.get(bin.aisle)!;
    located[bin.id] = {
      id: bin.id,
      aisleId: bin.aisle,
      zone: bin.zone ?? null,
      point: { x: aisles[aisleIndex].x, y: bin.y, aisle: aisleIndex, cross: null },
      block: blockOf(crossAislesY, bin.y),
    };
  }

  const { access, stubM } = connectDepot(depot, aisles, crossAislesY);
  return {
    aisles,
    crossAislesY,
    blockCount: crossAislesY.length - 1,
    depot: { x: depot.x, y: depot.y },
    depotAccess: access,
    depotStubM: stubM,
    bins: located,
    aisleLengthM: crossAislesY[crossAislesY.length - 1] - crossAislesY[0],
  };
}

/** The bin's location, or undefined for an unknown id (never an inherited property). */
export function locateBin(layout: WarehouseLayout, binId: string): LocatedBin | undefined {
  return Object.hasOwn(layout.bins, binId) ? layout.bins[binId] : undefined;
}

/** Block index (0 = front) of a y strictly inside the racks. */
export function blockOf(crossAislesY: readonly number[], y: number): number {
  let block = 0;
  while (block < crossAislesY.length - 2 && y > crossAislesY[block + 1]) block++;
  return block;
}

function inferAisleLines(
  bins: readonly BinInput[],
  tolerance: number,
  overrides: Record<string, number>,
): AisleLine[] {
  const extent = new Map<string, { min: number; max: number }>();
  for (const bin of bins) {
    const e = extent.get(bin.aisle);
    if (e) {
      e.min = Math.min(e.min, bin.x);
      e.max = Math.max(e.max, bin.x);
    } else extent.set(bin.aisle, { min: bin.x, max: bin.x });
  }
  const centres = [...extent].map(([id, e]) => ({
    id,
    x: Object.hasOwn(overrides, id) ? overrides[id] : (e.min + e.max) / 2,
  }));
  centres.sort((a, b) => a.x - b.x || a.id.localeCompare(b.id));

  const lines: AisleLine[] = [];
  for (const { id, x } of centres) {
    const last = lines[lines.length - 1];
    if (last && x - last.x <= tolerance) {
      // Keep the line where its first label put it, so merging is order-independent.
      last.ids.push(id);
    } else lines.push({ index: lines.length, ids: [id], x });
  }
  return lines;
}

function inferCrossAisles(bins: readonly BinInput[], clearance: number, minGap: number): number[] {
  const ys = [...new Set(bins.map((b) => b.y))].sort((a, b) => a - b);
  const cross = [ys[0] - clearance];
  for (let i = 1; i < ys.length; i++) {
    if (ys[i] - ys[i - 1] > minGap) cross.push((ys[i] + ys[i - 1]) / 2);
  }
  cross.push(ys[ys.length - 1] + clearance);
  return cross;
}

function validateCrossAisles(crossAislesY: readonly number[], bins: readonly BinInput[]): number[] {
  const sorted = [...crossAislesY].sort((a, b) => a - b);
  if (sorted.length < 2) throw new LayoutError('need a front and a back cross aisle');
  for (const bin of bins) {
    if (bin.y <= sorted[0] || bin.y >= sorted[sorted.length - 1]) {
      throw new LayoutError(`bin ${bin.id} lies outside the cross aisles`);
    }
    if (sorted.includes(bin.y)) throw new LayoutError(`bin ${bin.id} lies on a cross aisle`);
  }
  return sorted;
}

function connectDepot(
  depot: Point,
  aisles: readonly AisleLine[],
  crossAislesY: readonly number[],
): { access: GraphPoint; stubM: number } {
  let cross = 0;
  for (let c = 1; c < crossAislesY.length; c++) {
    if (Math.abs(depot.y - crossAislesY[c]) < Math.abs(depot.y - crossAislesY[cross])) cross = c;
  }
  const minX = aisles[0].x;
  const maxX = aisles[aisles.length - 1].x;
  const x = Math.min(maxX, Math.max(minX, depot.x));
  const aisle = aisles.findIndex((a) => Math.abs(a.x - x) < 1e-9);
  return {
    access: { x: aisle >= 0 ? aisles[aisle].x : x, y: crossAislesY[cross], aisle: aisle >= 0 ? aisle : null, cross },
    stubM: Math.abs(depot.y - crossAislesY[cross]) + Math.abs(depot.x - x),
  };
}
