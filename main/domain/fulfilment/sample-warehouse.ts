/**
 * Deterministic sample warehouses and order histories, for the demo data,
 * tests and the routing bench. Nothing here is used by live picking.
 */
import type { PickOrder } from './batching';
import type { BinInput } from './types';

/** mulberry32: small, fast, seedable; good enough for test data. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GridOptions {
  aisles: number;
  /** Bays per side of an aisle in each block. */
  baysPerBlock: number;
  /** Blocks front to back; more than 1 adds middle cross aisles. Default 1. */
  blocks?: number;
  /** Aisle centre to aisle centre, metres. Default 3. */
  aisleSpacingM?: number;
  /** Bay width along the aisle, metres. Default 1. */
  bayLengthM?: number;
  /** Width of a middle cross aisle, metres. Default 2. */
  crossAisleWidthM?: number;
  /** Aisles per zone; zones are named Z1, Z2, ... Default: all aisles in Z1. */
  aislesPerZone?: number;
}

/**
 * Bins on both faces of each aisle: ids like "A03-1-07-L" (aisle, block, bay,
 * side). Bin x is the face (aisle centre +/- a quarter of the spacing), so
 * layout inference is exercised the way a real rack plan would.
 */
export function buildGridBins(options: GridOptions): BinInput[] {
  const spacing = options.aisleSpacingM ?? 3;
  const bay = options.bayLengthM ?? 1;
  const crossWidth = options.crossAisleWidthM ?? 2;
  const blocks = options.blocks ?? 1;
  const perZone = options.aislesPerZone ?? options.aisles;
  const bins: BinInput[] = [];
  for (let a = 0; a < options.aisles; a++) {
    const aisle = `A${String(a + 1).padStart(2, '0')}`;
    const zone = `Z${Math.floor(a / perZone) + 1}`;
    for (let block = 0; block < blocks; block++) {
      const blockStart = block * (options.baysPerBlock * bay + crossWidth);
      for (let k = 0; k < options.baysPerBlock; k++) {
        const y = blockStart + (k + 0.5) * bay;
        for (const side of ['L', 'R'] as const) {
          bins.push({
            id: `${aisle}-${block + 1}-${String(k + 1).padStart(2, '0')}-${side}`,
            aisle,
            x: a * spacing + (side === 'L' ? -spacing / 4 : spacing / 4),
            y,
            zone,
          });
        }
      }
    }
  }
  return bins;
}

export interface OrderHistoryOptions {
  days: number;
  ordersPerDay: number;
  seed: number;
  /** First day, YYYY-MM-DD. Default 2025-01-01. */
  startDate?: string;
  /** Lines per order are 1..maxLines, skewed to small orders. Default 5. */
  maxLines?: number;
}

export interface SampleSku {
  sku: string;
  name: string;
  bin: string;
}

/**
 * One SKU per bin, placed at random (an unslotted warehouse), with a
 * long-tailed demand: roughly 20% of SKUs take most of the picks.
 */
export function sampleSkus(bins: readonly BinInput[], seed: number): SampleSku[] {
  const random = seededRandom(seed);
  const shuffled = [...bins];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled.map((bin, i) => ({ sku: `SKU-${String(i + 1).padStart(5, '0')}`, name: `Item ${i + 1}`, bin: bin.id }));
}

/** Orders per day; SKU i (demand rank i) is drawn with a power-law skew. */
export function generateOrderHistory(
  skus: readonly SampleSku[],
  options: OrderHistoryOptions,
): { date: string; orders: PickOrder[] }[] {
  const random = seededRandom(options.seed);
  const maxLines = options.maxLines ?? 5;
  const start = Date.parse(`${options.startDate ?? '2025-01-01'}T00:00:00Z`);
  const days: { date: string; orders: PickOrder[] }[] = [];
  for (let d = 0; d < options.days; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const promised = new Date(start + (d + 1) * 86_400_000).toISOString().slice(0, 10);
    const orders: PickOrder[] = [];
    for (let o = 0; o < options.ordersPerDay; o++) {
      const lineCount = 1 + Math.floor(maxLines * random() ** 2);
      const chosen = new Set<number>();
      while (chosen.size < lineCount) chosen.add(Math.floor(skus.length * random() ** 3));
      orders.push({
        id: `${date}-${String(o + 1).padStart(4, '0')}`,
        priority: random() < 0.02 ? 9 : Math.floor(random() * 5),
        promisedDate: random() < 0.03 ? date : promised,
        lines: [...chosen].map((i, n) => ({
          lineId: `L${n + 1}`,
          bin: skus[i].bin,
          sku: skus[i].sku,
          name: skus[i].name,
          qty: 1 + Math.floor(random() * 3),
          lot: null,
        })),
      });
    }
    days.push({ date, orders });
  }
  return days;
}
