/**
 * Choosing a routing method, plus the baselines routes are compared with.
 */
import { binPoint, graphDistance } from './aisle-graph';
import { planExactRoute } from './route-exact';
import { planHeuristicRoute } from './route-heuristic';
import { planSShapeRoute } from './route-s-shape';
import type { PickRoute, WarehouseLayout } from './types';

export type RoutingMethod = 'auto' | 'exact' | 'heuristic' | 's-shape';

/**
 * Best route for a set of bins: exact (Ratliff–Rosenthal) in single-block
 * layouts, 2-opt/Or-opt heuristic otherwise. Duplicate bins are one stop.
 */
export function planPickRoute(
  layout: WarehouseLayout,
  binIds: readonly string[],
  method: RoutingMethod = 'auto',
): PickRoute {
  switch (method) {
    case 'exact':
      return planExactRoute(layout, binIds);
    case 'heuristic':
      return planHeuristicRoute(layout, binIds);
    case 's-shape':
      return planSShapeRoute(layout, binIds);
    default:
      return layout.blockCount === 1 ? planExactRoute(layout, binIds) : planHeuristicRoute(layout, binIds);
  }
}

/**
 * Length of walking the bins in exactly this order (shortest paths between
 * consecutive stops), from the depot and back. Metres.
 */
export function sequenceLength(layout: WarehouseLayout, binOrder: readonly string[]): number {
  if (binOrder.length === 0) return 0;
  const points = binOrder.map((id) => binPoint(layout, id));
  let length = 2 * layout.depotStubM + graphDistance(layout, layout.depotAccess, points[0]);
  for (let i = 1; i < points.length; i++) length += graphDistance(layout, points[i - 1], points[i]);
  return length + graphDistance(layout, points[points.length - 1], layout.depotAccess);
}

/**
 * Baseline "discrete picking": every order is its own tour from the depot.
 * Returns the summed length in metres, each order routed with `method`.
 */
export function orderByOrderLength(
  layout: WarehouseLayout,
  ordersBins: readonly (readonly string[])[],
  method: RoutingMethod = 'auto',
): number {
  let total = 0;
  for (const bins of ordersBins) total += planPickRoute(layout, bins, method).lengthM;
  return total;
}
