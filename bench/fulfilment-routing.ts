/**
 * Pick routing bench. Prints JSON lines {"metric","value","unit"}.
 *   npx tsx bench/fulfilment-routing.ts
 *
 * - route_exact_ms_per_50_picks: p95 time of the exact (Ratliff–Rosenthal)
 *   route for 50 random picks in a 16-aisle single-block layout, 1000 runs.
 * - route_vs_s_shape / route_vs_order_by_order: total walking distance of the
 *   planned batches (~8 orders per cart) over a generated 30-day history,
 *   divided by S-shape on the same batches, and by picking each order alone.
 * - Multi-block heuristic figures and the slotting saving on the same history.
 */
import { performance } from 'node:perf_hooks';
import { planPickBatches } from '../main/domain/fulfilment/batching';
import { buildWarehouseLayout } from '../main/domain/fulfilment/layout';
import { orderByOrderLength, planPickRoute } from '../main/domain/fulfilment/route';
import { planExactRoute } from '../main/domain/fulfilment/route-exact';
import { planSShapeRoute } from '../main/domain/fulfilment/route-s-shape';
import { buildGridBins, generateOrderHistory, sampleSkus, seededRandom } from '../main/domain/fulfilment/sample-warehouse';
import { buildSlottingReport, type PickEvent } from '../main/domain/fulfilment/slotting';
import type { WarehouseLayout } from '../main/domain/fulfilment/types';
import { percentile, report } from './_harness';

function timeRoutes(layout: WarehouseLayout, binIds: string[], runs: number, picks: number, seed: number, route: typeof planExactRoute): number[] {
  const random = seededRandom(seed);
  const instances = Array.from({ length: runs }, () =>
    Array.from({ length: picks }, () => binIds[Math.floor(random() * binIds.length)]),
  );
  for (const instance of instances.slice(0, 100)) route(layout, instance); // warm up the JIT
  return instances.map((instance) => {
    const start = performance.now();
    route(layout, instance);
    return performance.now() - start;
  });
}

// 16 aisles x 20 bays per side, 3 m aisle pitch: a 48 m x 23 m pick area.
const singleBins = buildGridBins({ aisles: 16, baysPerBlock: 20, aislesPerZone: 8 });
const single = buildWarehouseLayout(singleBins, { x: 0, y: -3 });
const singleIds = singleBins.map((b) => b.id);

const exactTimes = timeRoutes(single, singleIds, 1000, 50, 1, planExactRoute);
report('route_exact_ms_per_50_picks', percentile(exactTimes, 95), 'ms', { max: 1 });
report('route_exact_ms_per_50_picks_median', percentile(exactTimes, 50), 'ms');

// 30-day history, 150 orders a day, carts of 8 totes.
const skus = sampleSkus(singleBins, 2);
const history = generateOrderHistory(skus, { days: 30, ordersPerDay: 150, seed: 3, startDate: '2025-01-01' });
let batched = 0;
let sShape = 0;
let alone = 0;
let carts = 0;
let urgentCarts = 0;
let orderCount = 0;
const pickEvents: PickEvent[] = [];
for (const day of history) {
  const batches = planPickBatches(day.orders, { layout: single, today: day.date, cartCapacity: 8, groupByZone: false });
  for (const batch of batches) {
    const bins = batch.picks.map((p) => p.bin);
    batched += batch.routeLengthM;
    sShape += planSShapeRoute(single, bins).lengthM;
    carts++;
    if (batch.urgent) urgentCarts++;
    batch.picks.forEach((p, i) =>
      pickEvents.push({ sku: p.sku, bin: p.bin, at: `${day.date}T08:00:${String(i % 60).padStart(2, '0')}Z`, tour: `${day.date}/${batch.id}` }),
    );
  }
  alone += orderByOrderLength(single, day.orders.map((o) => o.lines.map((l) => l.bin)));
  orderCount += day.orders.length;
}
report('route_vs_s_shape', batched / sShape, 'ratio', { max: 1 });
report('route_vs_order_by_order', batched / alone, 'ratio', { max: 1 });
report('history_orders', orderCount, 'orders');
report('history_carts', carts, 'carts');
report('history_urgent_single_carts', urgentCarts, 'carts');
report('history_orders_per_regular_cart', (orderCount - urgentCarts) / (carts - urgentCarts), 'orders');
report('history_walk_per_order_m', batched / orderCount, 'm');

// Multi-block: 16 aisles, 3 blocks of 8 bays, heuristic vs S-shape, 30-stop tours.
const multiBins = buildGridBins({ aisles: 16, baysPerBlock: 8, blocks: 3 });
const multi = buildWarehouseLayout(multiBins, { x: 0, y: -3 });
const multiIds = multiBins.map((b) => b.id);
const random = seededRandom(9);
let heuristicTotal = 0;
let multiSShape = 0;
const heuristicTimes: number[] = [];
for (let i = 0; i < 200; i++) {
  const picks = Array.from({ length: 30 }, () => multiIds[Math.floor(random() * multiIds.length)]);
  const start = performance.now();
  heuristicTotal += planPickRoute(multi, picks).lengthM;
  heuristicTimes.push(performance.now() - start);
  multiSShape += planSShapeRoute(multi, picks).lengthM;
}
report('route_multiblock_heuristic_vs_s_shape', heuristicTotal / multiSShape, 'ratio');
report('route_multiblock_heuristic_ms_per_30_picks', percentile(heuristicTimes, 95), 'ms');

const slotting = buildSlottingReport(pickEvents, { layout: single });
report('slotting_moves', slotting.moves.length, 'moves');
report('slotting_walk_saved', slotting.simulation.savedPercent, 'percent');
