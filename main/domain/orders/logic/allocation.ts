import { describeDistance, distancesOnCommonBasis, type Distance, type Place } from './warehouse-distance';

/**
 * Which warehouse(s) should ship an order: a pure decision over a snapshot of available-to-sell.
 * The caller still reserves the stock with conditional updates in the order's transaction; if a
 * reservation fails (someone else took the stock), re-run with a fresh snapshot.
 *
 * Rules, in order:
 * 1. Warehouses that can ship every line alone; among them the nearest (warehouse-distance.ts), then
 *    the cheapest cost figure, then the code (so the decision is deterministic).
 * 2. Else, if allowSplit: greedy set cover — repeatedly take the warehouse that can fully ship the most
 *    remaining lines (then most remaining units, nearest, cheapest); a line may be split between
 *    warehouses only when no single one has enough of that SKU. Greedy is not always minimal, but
 *    small shops have 1–5 warehouses where it is, and it explains itself.
 * 3. Else (or when even all warehouses together are short) backorder the whole order.
 */

export interface AllocationLine {
  lineId: string;
  sku: string;
  /** Positive integer units; kits must already be expanded to components. */
  quantity: number;
}

export interface WarehouseCandidate extends Place {
  code: string;
  /** Available-to-sell per SKU (on hand − reserved − safety). Missing SKU = 0. */
  availableBySku: Readonly<Record<string, number>>;
  /** A per-shipment cost figure for this warehouse (handling + typical postage), minor units. */
  costCents: number;
}

export interface AllocationRequest {
  lines: readonly AllocationLine[];
  warehouses: readonly WarehouseCandidate[];
  destination: Place;
  allowSplit: boolean;
}

export interface AllocationAssignment {
  lineId: string;
  sku: string;
  warehouseCode: string;
  quantity: number;
}

export interface Shortfall {
  sku: string;
  needed: number;
  available: number;
}

export interface WarehouseReason {
  warehouseCode: string;
  canShipAll: boolean;
  /** SKUs this warehouse alone is short of. */
  missing: Shortfall[];
  distance: Distance;
  costCents: number;
  chosen: boolean;
  reason: string;
}

export interface AllocationDecision {
  kind: 'single' | 'split' | 'backorder';
  /** Empty for backorder. */
  assignments: AllocationAssignment[];
  warehouseCodes: string[];
  /** For backorder: what even all warehouses together lack. */
  shortfalls: Shortfall[];
  explanation: string;
  warehouseReasons: WarehouseReason[];
}

interface Evaluated {
  warehouse: WarehouseCandidate;
  distance: Distance;
  missing: Shortfall[];
}

export function chooseFulfilmentLocation(request: AllocationRequest): AllocationDecision {
  const { lines, warehouses, destination } = request;
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new Error(`line ${line.lineId}: quantity must be a positive whole number`);
  }
  const demand = demandBySku(lines);
  const distances = distancesOnCommonBasis(warehouses, destination);
  const evaluated: Evaluated[] = warehouses.map((warehouse, index) => ({
    warehouse,
    distance: distances[index],
    missing: [...demand].filter(([sku, needed]) => available(warehouse, sku) < needed).map(([sku, needed]) => ({ sku, needed, available: available(warehouse, sku) })),
  }));
  const lineWord = `${lines.length} line${lines.length === 1 ? '' : 's'}`;

  const complete = evaluated.filter((candidate) => candidate.missing.length === 0).sort(byDistanceThenCost);
  if (complete.length > 0) {
    const [best, runnerUp] = complete;
    const assignments = lines.map((line) => ({ lineId: line.lineId, sku: line.sku, warehouseCode: best.warehouse.code, quantity: line.quantity }));
    const where = describeDistance(best.distance, destination);
    let why: string;
    if (complete.length === 1) why = `the only warehouse with all ${lineWord}; ${where}`;
    else if (runnerUp.distance.value > best.distance.value) why = `nearest of ${complete.length} warehouses with all ${lineWord}; ${where} (next: ${runnerUp.warehouse.code}, ${describeDistance(runnerUp.distance, destination)})`;
    else why = `as near as ${runnerUp.warehouse.code} (${where}) and cheaper (cost ${best.warehouse.costCents} vs ${runnerUp.warehouse.costCents})`;
    return decision('single', assignments, [], `Chose ${best.warehouse.code}: ${why}`, evaluated, destination, [best.warehouse.code]);
  }

  const pooledShortfalls = [...demand]
    .map(([sku, needed]) => ({ sku, needed, available: warehouses.reduce((sum, warehouse) => sum + available(warehouse, sku), 0) }))
    .filter((shortfall) => shortfall.available < shortfall.needed);

  if (request.allowSplit && pooledShortfalls.length === 0 && warehouses.length > 0) {
    const { assignments, order } = greedySplit(lines, evaluated);
    const explanation = `Split across ${order.length} warehouses (${order.join(' + ')}): no single warehouse has all ${lineWord}; ` + order.map((code) => `${code} ships ${describeShare(assignments, code)}`).join('; ');
    return decision('split', assignments, [], explanation, evaluated, destination, order);
  }

  const shortText = pooledShortfalls.map((s) => `${s.sku} (need ${s.needed}, have ${s.available})`).join(', ');
  const explanation =
    warehouses.length === 0
      ? 'Backordered: there are no warehouses to ship from'
      : pooledShortfalls.length > 0
        ? `Backordered: all warehouses together are short of ${shortText}`
        : `Backordered: no single warehouse has all ${lineWord} and splitting is off`;
  return decision('backorder', [], pooledShortfalls, explanation, evaluated, destination, []);
}

function greedySplit(lines: readonly AllocationLine[], evaluated: Evaluated[]): { assignments: AllocationAssignment[]; order: string[] } {
  const remainingByLine = new Map(lines.map((line) => [line.lineId, line.quantity]));
  const stockLeft = new Map(evaluated.map((candidate) => [candidate.warehouse.code, { ...candidate.warehouse.availableBySku }]));
  const assignments: AllocationAssignment[] = [];
  const order: string[] = [];
  const pool = [...evaluated];

  const score = (candidate: Evaluated) => {
    const stock = stockLeft.get(candidate.warehouse.code)!;
    const wholeLines = wholeLinesCoverable(lines, remainingByLine, stock);
    let units = 0;
    for (const line of lines) units += Math.min(remainingByLine.get(line.lineId)!, Math.max(0, stock[line.sku] ?? 0));
    return { wholeLines, units };
  };

  while ([...remainingByLine.values()].some((quantity) => quantity > 0) && pool.length > 0) {
    pool.sort((a, b) => {
      const sa = score(a);
      const sb = score(b);
      return sb.wholeLines - sa.wholeLines || sb.units - sa.units || byDistanceThenCost(a, b);
    });
    const next = pool.shift()!;
    const stock = stockLeft.get(next.warehouse.code)!;
    let shipped = false;
    for (const line of lines) {
      const remaining = remainingByLine.get(line.lineId)!;
      const take = Math.min(remaining, Math.max(0, stock[line.sku] ?? 0));
      if (take <= 0) continue;
      stock[line.sku] = (stock[line.sku] ?? 0) - take;
      remainingByLine.set(line.lineId, remaining - take);
      assignments.push({ lineId: line.lineId, sku: line.sku, warehouseCode: next.warehouse.code, quantity: take });
      shipped = true;
    }
    if (shipped) order.push(next.warehouse.code);
  }
  return { assignments, order };
}

function wholeLinesCoverable(lines: readonly AllocationLine[], remainingByLine: Map<string, number>, stock: Record<string, number>): number {
  const left = { ...stock };
  let count = 0;
  for (const line of lines) {
    const remaining = remainingByLine.get(line.lineId)!;
    if (remaining > 0 && (left[line.sku] ?? 0) >= remaining) {
      left[line.sku] -= remaining;
      count++;
    }
  }
  return count;
}

function decision(
  kind: AllocationDecision['kind'],
  assignments: AllocationAssignment[],
  shortfalls: Shortfall[],
  explanation: string,
  evaluated: Evaluated[],
  destination: Place,
  chosenCodes: string[],
): AllocationDecision {
  const warehouseReasons = evaluated.map((candidate) => {
    const chosen = chosenCodes.includes(candidate.warehouse.code);
    const stockText = candidate.missing.length === 0 ? 'has every line' : `short of ${candidate.missing.map((m) => `${m.sku} (need ${m.needed}, have ${m.available})`).join(', ')}`;
    return {
      warehouseCode: candidate.warehouse.code,
      canShipAll: candidate.missing.length === 0,
      missing: candidate.missing,
      distance: candidate.distance,
      costCents: candidate.warehouse.costCents,
      chosen,
      reason: `${chosen ? 'chosen' : 'not chosen'}: ${stockText}; ${describeDistance(candidate.distance, destination)}; cost ${candidate.warehouse.costCents}`,
    };
  });
  return { kind, assignments, warehouseCodes: chosenCodes, shortfalls, explanation, warehouseReasons };
}

function demandBySku(lines: readonly AllocationLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of lines) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity);
  return demand;
}

function available(warehouse: WarehouseCandidate, sku: string): number {
  return Math.max(0, warehouse.availableBySku[sku] ?? 0);
}

function byDistanceThenCost(a: Evaluated, b: Evaluated): number {
  return a.distance.value - b.distance.value || a.warehouse.costCents - b.warehouse.costCents || a.warehouse.code.localeCompare(b.warehouse.code);
}

function describeShare(assignments: AllocationAssignment[], code: string): string {
  return assignments
    .filter((assignment) => assignment.warehouseCode === code)
    .map((assignment) => `${assignment.quantity}× ${assignment.sku}`)
    .join(', ');
}
