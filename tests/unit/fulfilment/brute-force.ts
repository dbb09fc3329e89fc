/**
 * Test-only optimum: tries every visiting order of the picks, walking shortest
 * aisle-graph paths between consecutive stops. Exponential; keep picks <= 8.
 */
import { binPoint, distanceMatrix } from '../../../main/domain/fulfilment/aisle-graph';
import type { WarehouseLayout } from '../../../main/domain/fulfilment/types';

export function bruteForceTourLength(layout: WarehouseLayout, binIds: readonly string[]): number {
  const unique = [...new Set(binIds)];
  if (unique.length === 0) return 0;
  if (unique.length > 9) throw new Error('brute force is for small instances only');
  const matrix = distanceMatrix(layout, unique.map((id) => binPoint(layout, id)));
  const n = unique.length;
  const used = new Uint8Array(n + 1);
  let best = Infinity;
  const search = (prev: number, depth: number, length: number) => {
    if (length >= best) return;
    if (depth === n) {
      best = Math.min(best, length + matrix[prev][0]);
      return;
    }
    for (let i = 1; i <= n; i++) {
      if (used[i]) continue;
      used[i] = 1;
      search(i, depth + 1, length + matrix[prev][i]);
      used[i] = 0;
    }
  };
  search(0, 0, 0);
  return best;
}
