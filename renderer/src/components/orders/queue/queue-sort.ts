import type { OrderColumnSort, OrderSort, SortDirection } from '../../../../../shared/api/orders';

/** The queue's order: `newest` / `promise` (the presets), or a column sort with its direction. */
export interface QueueSort {
  sort: OrderSort;
  direction?: SortDirection;
}

/** What a header click on each sortable column starts with: the useful end first. */
const FIRST_DIRECTION: Record<OrderColumnSort, SortDirection> = { number: 'desc', total: 'desc', placed: 'desc', promised: 'asc' };

/** The column's direction in `s`, when the queue is sorted by it (the presets are its column's sorts). */
export function columnDirection(s: QueueSort, column: OrderColumnSort): SortDirection | null {
  if (s.sort === 'newest') return column === 'number' ? 'desc' : null;
  if (s.sort === 'promise') return column === 'promised' ? 'asc' : null;
  return s.sort === column ? (s.direction ?? 'asc') : null;
}

/** aria-sort of a column header. */
export function ariaSort(s: QueueSort, column: OrderColumnSort): 'ascending' | 'descending' | 'none' {
  const d = columnDirection(s, column);
  return d === 'asc' ? 'ascending' : d === 'desc' ? 'descending' : 'none';
}

/**
 * The sort after a click on `column`'s header: the other direction when sorted by it already, else
 * its first direction. Newest first and earliest promise first are the presets' own (faster) orders.
 */
export function nextSort(s: QueueSort, column: OrderColumnSort): QueueSort {
  const current = columnDirection(s, column);
  const direction: SortDirection = current ? (current === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[column];
  if (column === 'number' && direction === 'desc') return { sort: 'newest' };
  if (column === 'promised' && direction === 'asc') return { sort: 'promise' };
  return { sort: column, direction };
}
