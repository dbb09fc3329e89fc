/**
 * Fulfilment picking logic: layout model, pick routing, batching, slotting.
 * Pure functions over plain data; all lengths in metres.
 */
export type { AisleLine, BinInput, GraphPoint, LocatedBin, PickRoute, Point, RouteMethod, WarehouseLayout } from './types';
export { buildWarehouseLayout, locateBin, LayoutError, type LayoutOptions } from './layout';
export { binDistance, binPoint, distanceFromDepot, graphDistance } from './aisle-graph';
export { planExactRoute, NotSingleBlockError } from './route-exact';
export { planHeuristicRoute } from './route-heuristic';
export { planSShapeRoute } from './route-s-shape';
export { orderByOrderLength, planPickRoute, sequenceLength, type RoutingMethod } from './route';
export {
  planPickBatches,
  type BatchOptions,
  type PickBatch,
  type PickListLine,
  type PickOrder,
  type PickOrderLine,
} from './batching';
export {
  buildSlottingReport,
  type AbcClass,
  type PickEvent,
  type SkuVelocity,
  type SlotMove,
  type SlottingOptions,
  type SlottingReport,
} from './slotting';
